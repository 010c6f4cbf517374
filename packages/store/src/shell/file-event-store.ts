/**
 * The embedded durable store: an append-only NDJSON log in a directory.
 *
 * - An append is acknowledged only after its bytes are on disk: the log is opened with O_DSYNC, so
 *   each write returns once durable as fdatasync would make it, in one call to the thread pool
 *   rather than two (write, then fdatasync, where the platform lacks O_DSYNC).
 * - Group commit: appends that arrive while an fsync is running are written and synced together.
 * - The lines of one append are written in one piece; every line but the last carries
 *   `"continues":true`, so on open a torn tail (crash mid-write) is cut back to the end of the
 *   last whole append, and reported.
 * - One writer per directory (LOCK file with the owner's pid).
 * Memory holds an index (`LogIndex`: a byte offset per event, a few numbers and a hash per stream),
 * never the events.
 */
import { constants, createReadStream, mkdirSync } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { decideAppend } from '../core/expected-revision.js'
import { GENESIS_HASH } from '../core/hash-chain.js'
import { recordEvents, selectRevisions } from '../core/record.js'
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  WrongExpectedRevision,
} from '../port/event-store.js'
import { parseRecordedEvent, serializeRecordedEvent } from '../port/recorded-event-codec.js'
import { type AppendGuard, guardAppend } from '../core/append-guard.js'
import { appendGuardOf, newEventId, type StoreEnvironment, systemNow } from './clock.js'
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock.js'
import { LogIndex, type StreamSlot } from './log-index.js'
import { fileLines } from './ndjson.js'
import { AppendSignal, catchUpSubscription } from './subscription.js'

export const LOG_FILE = 'events.ndjson'

/** O_DSYNC where the platform has it (Linux, macOS); elsewhere each write is followed by fdatasync. */
const O_DSYNC: number | undefined = (constants as { O_DSYNC?: number }).O_DSYNC
const LOG_FLAGS =
  O_DSYNC === undefined ? 'a+' : constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | O_DSYNC

export type StoreOpenError =
  | { readonly code: 'store-locked'; readonly dir: string; readonly pid: number; readonly message: string }
  | { readonly code: 'store-corrupt'; readonly dir: string; readonly line: number; readonly message: string }

/** What opening found and repaired. */
export interface Recovery {
  /** Bytes cut from the end of the log: a torn write that was never acknowledged. */
  readonly truncatedBytes: number
  readonly events: number
}

const CONTINUES = ',"continues":true}'

/** An admitted append: its result, and the promise of its bytes being durable. */
interface Admission {
  readonly result: E.Either<WrongExpectedRevision, AppendResult>
  readonly durable: Promise<void>
}

const acknowledged = async ({ result, durable }: Admission) => {
  await durable
  return result
}

const NO_IDS: ReadonlyArray<string> = []

/** One append waiting for its fsync. */
interface PendingWrite {
  /** The append's lines, encoded with the rest of its group when the group is written. */
  readonly text: string
  readonly durable: () => void
  readonly failed: (error: unknown) => void
  readonly events: number
}

export class FileEventStore implements EventStore {
  readonly contiguousPositions = true
  private readonly signal = new AppendSignal()
  private readonly queue: PendingWrite[] = []
  private flushing = false
  private failure: unknown
  private endOffset = 0
  private durableEnd = 0
  private durableCount = 0
  private lastDurable: Promise<void> = Promise.resolve()
  private admission: Promise<unknown> = Promise.resolve()
  /** Admissions queued behind one that reads the disk; while any wait, every append queues. */
  private waitingAdmissions = 0
  private closed = false
  private readonly now: () => string
  private readonly newEventId: () => string
  private readonly guard: AppendGuard | undefined
  /** Durable writes done (each a write with O_DSYNC, or a write and an fdatasync): with group commit, fewer than the appends acknowledged. */
  syncs = 0

  private constructor(
    readonly dir: string,
    private readonly path: string,
    private readonly fd: FileHandle,
    private readonly lock: DirectoryLock,
    private readonly log: LogIndex,
    readonly recovery: Recovery,
    environment: StoreEnvironment,
  ) {
    this.now = environment.now ?? systemNow
    this.newEventId = environment.newEventId ?? newEventId
    this.guard = appendGuardOf(environment)
  }

  /** Opens (creating if needed) the store in `dir`, recovering a torn tail. Locked or corrupt stores are errors. */
  static async open(
    dir: string,
    environment: StoreEnvironment = {},
  ): Promise<E.Either<StoreOpenError, FileEventStore>> {
    mkdirSync(dir, { recursive: true })
    const locked = acquireDirectoryLock(dir)
    if (!locked.ok) {
      return E.left({
        code: 'store-locked',
        dir,
        pid: locked.pid,
        message: `the store ${dir} is open for writing by process ${locked.pid}; one writer at a time`,
      })
    }
    const path = join(dir, LOG_FILE)
    let fd: FileHandle | undefined
    try {
      fd = await open(path, LOG_FLAGS)
      const index = new LogIndex()
      const scan = await scanLog(path, index)
      if (scan.corrupt) {
        await fd.close()
        locked.lock.release()
        return E.left({
          code: 'store-corrupt',
          dir,
          line: scan.corrupt.line,
          message: `${path} line ${scan.corrupt.line}: ${scan.corrupt.message}`,
        })
      }
      const size = (await fd.stat()).size
      if (scan.validEnd < size) {
        await fd.truncate(scan.validEnd)
        await fd.datasync()
      }
      const store = new FileEventStore(
        dir,
        path,
        fd,
        locked.lock,
        index,
        { truncatedBytes: size - scan.validEnd, events: index.size },
        environment,
      )
      store.endOffset = scan.validEnd
      store.durableEnd = scan.validEnd
      store.durableCount = index.size
      return E.right(store)
    } catch (error) {
      await fd?.close()
      locked.lock.release()
      throw error
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error(`FileEventStore ${this.dir} is closed`)
    if (this.failure !== undefined)
      throw new Error(`FileEventStore ${this.dir} failed to write; reopen it`, { cause: this.failure })
  }

  appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<E.Either<WrongExpectedRevision, AppendResult>> {
    // Admission (the revision check and the index update) is serialised; the fsync wait is shared.
    // An append that needs nothing from the disk to be admitted, arriving while no other admission
    // waits, is admitted at once: the same order as queueing it, without the queue's promises.
    try {
      guardAppend(this.guard, streamId, events)
    } catch (error) {
      return Promise.reject(error)
    }
    if (this.waitingAdmissions === 0) {
      let admitted: Admission | undefined
      try {
        this.ensureOpen()
        admitted = this.admitFromIndex(streamId, events, options.expectedRevision)
      } catch (error) {
        return Promise.reject(error)
      }
      if (admitted !== undefined) return acknowledged(admitted)
    }
    this.waitingAdmissions++
    const admitted = this.admission.then(() => this.admit(streamId, events, options.expectedRevision))
    const settled = () => {
      this.waitingAdmissions--
    }
    this.admission = admitted.then(settled, settled)
    return admitted.then(acknowledged)
  }

  /** The admission when the index alone decides it: no event ids of the caller's to compare with the stream's. */
  private admitFromIndex(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    expected: ExpectedRevision,
  ): Admission | undefined {
    const stream = this.log.stream(streamId)
    if (stream !== undefined && events.some((e) => e.eventId !== undefined)) return undefined
    const last = stream === undefined ? -1 : this.log.count(stream) - 1
    // With no ids to compare, the decision is an append or the wrong revision, never a retry.
    const decision = decideAppend(streamId, expected, last, NO_IDS, () => undefined)
    if (decision.kind === 'wrong') return { result: E.left(decision.error), durable: Promise.resolve() }
    return this.record(streamId, stream, last, events)
  }

  private async admit(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    expected: ExpectedRevision,
  ): Promise<Admission> {
    this.ensureOpen()
    const fromIndex = this.admitFromIndex(streamId, events, expected)
    if (fromIndex !== undefined) return fromIndex
    // Event ids are read from disk only when the caller brought its own (a retry or an import).
    const stream = this.log.stream(streamId)!
    const last = this.log.count(stream) - 1
    const storedIds = await this.eventIds(stream)
    const ids = events.map((e) => e.eventId)
    const decision = decideAppend(streamId, expected, last, ids, (r) => storedIds[r])
    if (decision.kind === 'wrong') return { result: E.left(decision.error), durable: Promise.resolve() }
    if (decision.kind === 'idempotent') {
      const durable = this.lastDurable
      await durable
      const recorded = await this.readStream(streamId, {
        fromRevision: decision.firstRevision,
        toRevision: decision.firstRevision + events.length - 1,
      })
      return { result: E.right({ nextExpectedRevision: last, events: recorded }), durable }
    }
    return this.record(streamId, stream, last, events)
  }

  /** Records the events after `last`, indexes them and queues their bytes for the next durable write. */
  private record(
    streamId: string,
    stream: StreamSlot | undefined,
    last: number,
    events: ReadonlyArray<EventToAppend>,
  ): Admission {
    if (events.length === 0)
      return { result: E.right({ nextExpectedRevision: last, events: [] }), durable: this.lastDurable }
    const recorded = recordEvents(events, {
      streamId,
      firstRevision: last + 1,
      firstPosition: this.log.size,
      previousHash: stream === undefined ? GENESIS_HASH : this.log.lastHash(stream),
      recordedAt: this.now(),
      newEventId: this.newEventId,
    })
    const lines = recorded.map((event, i) => {
      const line = serializeRecordedEvent(event)
      return i < recorded.length - 1 ? `${line.slice(0, -1)}${CONTINUES}\n` : `${line}\n`
    })
    let offset = this.endOffset
    for (let i = 0; i < recorded.length; i++) {
      this.log.add(streamId, recorded[i]!.metadata.hash, offset)
      offset += Buffer.byteLength(lines[i]!)
    }
    this.endOffset = offset
    const durable = this.enqueue(lines.length === 1 ? lines[0]! : lines.join(''), recorded.length)
    this.lastDurable = durable.catch(() => {})
    return { result: E.right({ nextExpectedRevision: last + recorded.length, events: recorded }), durable }
  }

  private enqueue(text: string, events: number): Promise<void> {
    return new Promise((durable, failed) => {
      this.queue.push({ text, durable, failed, events })
      if (!this.flushing) {
        // Start the write on the next turn of the event loop, so that every append admitted in this
        // turn (writers woken by the last fsync) shares one write and one fsync.
        this.flushing = true
        setImmediate(() => void this.flush())
      }
    })
  }

  /** Group commit: everything queued while the previous fsync ran goes out in one write and one fsync. */
  private async flush(): Promise<void> {
    this.flushing = true
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.queue.length)
      // One encoding of the whole group's text, rather than a buffer per append and a copy into one.
      const bytes = Buffer.from(batch.length === 1 ? batch[0]!.text : batch.map((w) => w.text).join(''))
      try {
        let written = 0
        while (written < bytes.length) written += (await this.fd.write(bytes, written)).bytesWritten
        if (O_DSYNC === undefined) await this.fd.datasync()
        this.syncs++
      } catch (error) {
        this.failure = error
        for (const write of [...batch, ...this.queue.splice(0, this.queue.length)]) write.failed(error)
        break
      }
      this.durableEnd += bytes.length
      for (const write of batch) {
        this.durableCount += write.events
        write.durable()
      }
      this.signal.notify()
    }
    this.flushing = false
  }

  private async eventIds(stream: StreamSlot): Promise<string[]> {
    const events = await this.readPositions(this.log.positions(stream))
    return events.map((e) => e.metadata.eventId)
  }

  private async readPositions(positions: ReadonlyArray<number>): Promise<RecordedEvent[]> {
    await this.lastDurable
    const events: RecordedEvent[] = []
    for (const position of positions) {
      const start = this.log.offset(position)
      const end = position + 1 < this.log.size ? this.log.offset(position + 1) : this.endOffset
      const buffer = Buffer.alloc(end - start)
      await this.fd.read(buffer, 0, buffer.length, start)
      events.push(this.parse(buffer.toString('utf8', 0, buffer.length - 1), position))
    }
    return events
  }

  private parse(line: string, position: number): RecordedEvent {
    const parsed = parseRecordedEvent(line)
    // The log was checked when opened; a line that no longer parses was changed underneath us.
    if (E.isLeft(parsed))
      throw new Error(`${this.path}: event at position ${position} is unreadable: ${parsed.left}`)
    return parsed.right
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadonlyArray<RecordedEvent>> {
    this.ensureOpen()
    const stream = this.log.stream(streamId)
    if (stream === undefined) return []
    const revisions = selectRevisions(this.log.count(stream) - 1, options)
    // Revisions come in order, ascending or descending: the lowest is at one end.
    const lowest = Math.min(revisions[0] ?? 0, revisions.at(-1) ?? 0)
    const positions = this.log.positions(stream, lowest)
    return this.readPositions(revisions.map((r) => positions[r - lowest]!))
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    const stream = this.log.stream(streamId)
    return stream === undefined ? undefined : this.log.count(stream) - 1
  }

  /** The latest acknowledged (durable) event's position. */
  async headPosition(): Promise<number> {
    return this.durableCount - 1
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.ensureOpen()
    const first = (options.after ?? -1) + 1
    const count = this.durableCount
    if (first >= count) return
    let position = first
    for await (const line of fileLines(this.path, this.log.offset(first), this.durableEnd)) {
      if (position >= count) return
      yield this.parse(line, position++)
    }
  }

  subscribeToAll(
    options: ReadAllOptions,
    handler: (event: RecordedEvent) => void | Promise<void>,
  ): Subscription {
    return catchUpSubscription(
      (o) => this.readAll(o),
      this.signal,
      options,
      handler,
      () => this.closed,
    )
  }

  /** Waits for acknowledged writes, closes the log and releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return
    await this.admission
    await this.lastDurable
    this.closed = true
    this.signal.close()
    await this.fd.close()
    this.lock.release()
  }
}

/** An event of an append whose last line has not been read yet. */
interface OpenLine {
  readonly streamId: string
  readonly hash: string
  readonly offset: number
}

/**
 * Reads the log once at open, indexing every whole append as its last line is read, and finds
 * where the valid log ends. Bytes after the last newline, and lines of an append whose last line
 * never made it, are torn. Only the lines of the append being read are held, so opening costs the
 * index's memory, not the log's.
 */
const scanLog = async (
  path: string,
  index: LogIndex,
): Promise<{ validEnd: number; corrupt?: { line: number; message: string } }> => {
  let offset = 0
  let validEnd = 0
  let lineNumber = 0
  let carry: Buffer | undefined
  let openAppend: OpenLine[] = []
  for await (const raw of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const chunk = carry === undefined ? (raw as Buffer) : Buffer.concat([carry, raw as Buffer])
    carry = undefined
    let start = 0
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      lineNumber++
      const line = chunk.toString('utf8', start, newline)
      const parsed = parseRecordedEvent(line)
      if (E.isLeft(parsed)) return { validEnd, corrupt: { line: lineNumber, message: parsed.left } }
      const { streamId, metadata } = parsed.right
      if (line.endsWith(CONTINUES)) openAppend.push({ streamId, hash: metadata.hash, offset })
      else {
        for (const open of openAppend) index.add(open.streamId, open.hash, open.offset)
        if (openAppend.length > 0) openAppend = []
        index.add(streamId, metadata.hash, offset)
        validEnd = offset + newline - start + 1
      }
      offset += newline - start + 1
      start = newline + 1
    }
    if (start < chunk.length) carry = chunk.subarray(start)
  }
  return { validEnd }
}

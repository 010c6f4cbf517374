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
 * - One writer per directory, held by the operating system for the writer's lifetime
 *   (`writer-lock.ts`); any number of read-only openings beside it, which take no lock, never
 *   write, and read up to the last whole append there was when they opened.
 * Memory holds an index (`LogIndex`: a byte offset per event, a few numbers and a hash per stream),
 * never the events. A read-only opening builds its index only when a read needs one (a stream, or
 * the log from a position): reading the whole log in order, as an audit does, costs no index.
 */
import { constants, existsSync, mkdirSync } from 'node:fs'
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
import { acquireWriterLock, type LockHolder, type WriterLock } from './writer-lock.js'
import { EventCount, type IndexSink, LogIndex, type StreamSlot } from './log-index.js'
import { fileChunks, fileLines } from './ndjson.js'
import { AppendSignal, catchUpSubscription } from './subscription.js'

export const LOG_FILE = 'events.ndjson'

/** O_DSYNC where the platform has it (Linux, macOS); elsewhere each write is followed by fdatasync. */
const O_DSYNC: number | undefined = (constants as { O_DSYNC?: number }).O_DSYNC
const LOG_FLAGS =
  O_DSYNC === undefined ? 'a+' : constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | O_DSYNC

export type StoreOpenError =
  | {
      readonly code: 'store-locked'
      readonly dir: string
      readonly holder?: LockHolder
      readonly message: string
    }
  | { readonly code: 'store-corrupt'; readonly dir: string; readonly line: number; readonly message: string }
  | { readonly code: 'store-missing'; readonly dir: string; readonly message: string }
  | { readonly code: 'store-io'; readonly dir: string; readonly message: string }

/** What opening found at the end of the log after the last whole append, and what it did with it. */
export interface Recovery {
  /** Whole events indexed. */
  readonly events: number
  /** Bytes after the last whole append: a torn write, never acknowledged. */
  readonly tailBytes: number
  /** Whole lines among them: the written part of an append whose last line never made it. */
  readonly tailLines: number
  /**
   * For a writer: the bytes it cut (the same as `tailBytes`), so that the next append follows the
   * last whole one. A read-only opening cuts nothing: it reads up to the last whole append.
   */
  readonly truncatedBytes: number
  /** A writer that took over the lock of a process that is gone: who held it. */
  readonly tookOverFrom?: LockHolder
}

export interface FileStoreOptions extends StoreEnvironment {
  /**
   * Take no lock and never write: read up to the last whole append there is now, and leave any
   * tail unread (reported in `recovery`). Audits use it, beside a running writer or on a
   * read-only copy. Appends are refused.
   */
  readonly readOnly?: boolean
  /** Open only a store that exists (default: create one where there is none, unless read-only). */
  readonly mustExist?: boolean
  /**
   * Empty the log once the writer lock is held: a store started over (a demo, a test), with no
   * moment at which another process could open the directory between the old log and the new.
   */
  readonly replaceExisting?: boolean
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
  readonly appendsInCallOrder = true
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
    private readonly lock: WriterLock | undefined,
    /** Undefined for a read-only store until a read needs it (`index()`). */
    private log: LogIndex | undefined,
    readonly recovery: Recovery,
    environment: StoreEnvironment,
  ) {
    this.now = environment.now ?? systemNow
    this.newEventId = environment.newEventId ?? newEventId
    this.guard = appendGuardOf(environment)
  }

  /**
   * Opens the store in `dir`: for writing (creating it if needed, and cutting a torn tail back to
   * the last whole append, which `recovery` reports), or read-only. A store that is locked,
   * corrupt, missing (read-only or `mustExist`) or unreadable is a Left that says so.
   */
  static async open(
    dir: string,
    options: FileStoreOptions = {},
  ): Promise<E.Either<StoreOpenError, FileEventStore>> {
    const path = join(dir, LOG_FILE)
    const readOnly = options.readOnly === true
    const failed = (code: 'store-missing' | 'store-io', message: string) =>
      E.left<StoreOpenError>({ code, dir, message })
    if ((readOnly || options.mustExist === true) && !existsSync(path))
      return failed('store-missing', `no servicelife store at ${dir} (no ${LOG_FILE} there)`)
    let lock: WriterLock | undefined
    let tookOverFrom: LockHolder | undefined
    let fd: FileHandle | undefined
    try {
      if (!readOnly) {
        mkdirSync(dir, { recursive: true })
        const locked = await acquireWriterLock(dir)
        if (!locked.ok)
          return E.left({
            code: 'store-locked',
            dir,
            ...(locked.holder === undefined ? {} : { holder: locked.holder }),
            message: `the store ${dir} is ${locked.message}; one writer at a time`,
          })
        lock = locked.lock
        tookOverFrom = locked.tookOverFrom
      }
      fd = await open(path, readOnly ? 'r' : LOG_FLAGS)
      if (!readOnly && options.replaceExisting === true) {
        await fd.truncate(0)
        await fd.datasync()
      }
      // A reader counts the whole appends; its index waits for a read that needs one.
      const index = readOnly ? undefined : new LogIndex()
      const counted = new EventCount()
      const scan = await scanLog(path, index ?? counted)
      if (scan.corrupt) {
        await fd.close()
        await lock?.release()
        return E.left({
          code: 'store-corrupt',
          dir,
          line: scan.corrupt.line,
          message: `${path} line ${scan.corrupt.line}: ${scan.corrupt.message}${
            scan.corrupt.tail ? ' (a damaged end of the log: `servicelife repair` can cut it)' : ''
          }`,
        })
      }
      const size = (await fd.stat()).size
      const tailBytes = size - scan.validEnd
      if (!readOnly && tailBytes > 0) {
        await fd.truncate(scan.validEnd)
        await fd.datasync()
      }
      const store = new FileEventStore(
        dir,
        path,
        fd,
        lock,
        index,
        {
          events: index?.size ?? counted.size,
          tailBytes,
          tailLines: scan.tailLines,
          truncatedBytes: readOnly ? 0 : tailBytes,
          ...(tookOverFrom === undefined ? {} : { tookOverFrom }),
        },
        options,
      )
      store.readOnly = readOnly
      store.endOffset = scan.validEnd
      store.durableEnd = scan.validEnd
      store.durableCount = index?.size ?? counted.size
      return E.right(store)
    } catch (error) {
      await fd?.close()
      await lock?.release()
      const code = (error as NodeJS.ErrnoException).code
      if (
        code === 'EACCES' ||
        code === 'EPERM' ||
        code === 'EROFS' ||
        code === 'ENOTDIR' ||
        code === 'EISDIR' ||
        // A directory that cannot be made where its parent is read-only: recursive mkdir says ENOENT.
        code === 'ENOENT'
      )
        return failed('store-io', `${dir}: ${(error as Error).message}`)
      throw error
    }
  }

  /** True for a store opened read-only: it never writes, and refuses appends. */
  readOnly = false

  private ensureWritable(): void {
    if (this.readOnly) throw new Error(`FileEventStore ${this.dir} is open read-only: it takes no appends`)
    this.ensureOpen()
  }

  /** A writer's index, built when it opened. */
  private get writerLog(): LogIndex {
    if (this.log === undefined) throw new Error(`FileEventStore ${this.dir}: a writer without its index`)
    return this.log
  }

  /**
   * The index, built on the first read that needs it in a read-only store: the log scanned again up
   * to where the opening found the last whole append, so it indexes the same events.
   */
  private index(): Promise<LogIndex> {
    if (this.log !== undefined) return Promise.resolve(this.log)
    this.indexing ??= (async () => {
      const index = new LogIndex()
      const scan = await scanLog(this.path, index, this.durableEnd)
      if (scan.corrupt !== undefined || index.size !== this.durableCount)
        throw new Error(`${this.path} changed underneath a read-only store: reopen it`)
      this.log = index
      return index
    })()
    return this.indexing
  }

  private indexing: Promise<LogIndex> | undefined

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
        this.ensureWritable()
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
    const stream = this.writerLog.stream(streamId)
    const last = stream === undefined ? -1 : this.writerLog.count(stream) - 1
    // The caller's own ids matter only for a retry: an append at the expected revision is none,
    // so only a mismatch (or no revision expected) reads the stream's ids from disk.
    const atExpected = expected === (last === -1 ? 'no-stream' : last)
    if (stream !== undefined && !atExpected && events.some((e) => e.eventId !== undefined)) return undefined
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
    this.ensureWritable()
    const fromIndex = this.admitFromIndex(streamId, events, expected)
    if (fromIndex !== undefined) return fromIndex
    // Event ids are read from disk only when the caller brought its own (a retry or an import).
    const stream = this.writerLog.stream(streamId)!
    const last = this.writerLog.count(stream) - 1
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
      firstPosition: this.writerLog.size,
      previousHash: stream === undefined ? GENESIS_HASH : this.writerLog.lastHash(stream),
      recordedAt: this.now(),
      newEventId: this.newEventId,
    })
    const lines = recorded.map((event, i) => {
      const line = serializeRecordedEvent(event)
      return i < recorded.length - 1 ? `${line.slice(0, -1)}${CONTINUES}\n` : `${line}\n`
    })
    let offset = this.endOffset
    for (let i = 0; i < recorded.length; i++) {
      this.writerLog.add(streamId, recorded[i]!.metadata.hash, offset)
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
    const events = await this.readPositions(this.writerLog, this.writerLog.positions(stream))
    return events.map((e) => e.metadata.eventId)
  }

  private async readPositions(log: LogIndex, positions: ReadonlyArray<number>): Promise<RecordedEvent[]> {
    await this.lastDurable
    const events: RecordedEvent[] = []
    for (const position of positions) {
      const start = log.offset(position)
      const end = position + 1 < log.size ? log.offset(position + 1) : this.endOffset
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
      throw new Error(`${this.path}: event at position ${position} is unreadable: ${parsed.left.message}`)
    return parsed.right
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadonlyArray<RecordedEvent>> {
    this.ensureOpen()
    const log = await this.index()
    const stream = log.stream(streamId)
    if (stream === undefined) return []
    const revisions = selectRevisions(log.count(stream) - 1, options)
    // Revisions come in order, ascending or descending: the lowest is at one end.
    const lowest = Math.min(revisions[0] ?? 0, revisions.at(-1) ?? 0)
    const positions = log.positions(stream, lowest)
    return this.readPositions(
      log,
      revisions.map((r) => positions[r - lowest]!),
    )
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    const log = await this.index()
    const stream = log.stream(streamId)
    return stream === undefined ? undefined : log.count(stream) - 1
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
    // From the start, the log is read in order with no index; from a position, the index finds it.
    const start = first === 0 ? 0 : (await this.index()).offset(first)
    for await (const line of fileLines(this.path, start, this.durableEnd)) {
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
    await this.lock?.release()
  }
}

/** An event of an append whose last line has not been read yet. */
interface OpenLine {
  readonly streamId: string
  readonly hash: string
  readonly offset: number
}

/** What a scan found: where the whole appends end, the tail after them, and the first damaged line. */
export interface LogScan {
  /** The byte offset just after the last whole append. */
  readonly validEnd: number
  /** Whole lines after it: an append whose last line never made it. */
  readonly tailLines: number
  readonly corrupt?: {
    /** 1-based line number. */
    readonly line: number
    readonly offset: number
    readonly message: string
    /** True when no line after it reads as an event: a damaged end, not a damaged middle. */
    readonly tail: boolean
  }
}

/**
 * The lines of a file (up to byte `end`, if given) with their byte offsets, read in large chunks. A line split across chunks is
 * gathered in pieces and joined once, so a file of one huge line costs linear time.
 */
export async function* linesWithOffsets(
  path: string,
  end?: number,
): AsyncIterable<{ readonly text: string; readonly offset: number; readonly bytes: number }> {
  let offset = 0
  let pieces: Buffer[] = []
  for await (const chunk of fileChunks(path, 0, end)) {
    let start = 0
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, newline)
      const line = pieces.length === 0 ? piece : Buffer.concat([...pieces, piece])
      pieces = []
      yield { text: line.toString('utf8'), offset, bytes: line.length + 1 }
      offset += line.length + 1
      start = newline + 1
    }
    // A copy: the chunk's buffer is read into again.
    if (start < chunk.length) pieces.push(Buffer.from(chunk.subarray(start)))
  }
}

/**
 * Reads the log once at open, indexing every whole append as its last line is read, and finds
 * where the valid log ends. Bytes after the last newline, and lines of an append whose last line
 * never made it, are the tail. Only the lines of the append being read are held, so opening costs
 * the index's memory, not the log's.
 */
export const scanLog = async (path: string, index: IndexSink, end?: number): Promise<LogScan> => {
  let validEnd = 0
  let lineNumber = 0
  let openAppend: OpenLine[] = []
  let corrupt: { line: number; offset: number; message: string } | undefined
  for await (const { text, offset, bytes } of linesWithOffsets(path, end)) {
    lineNumber++
    const parsed = parseRecordedEvent(text)
    if (corrupt !== undefined) {
      // Past a damaged line: is anything after it an event (a damaged middle)?
      if (E.isRight(parsed)) return { validEnd, tailLines: 0, corrupt: { ...corrupt, tail: false } }
      continue
    }
    if (E.isLeft(parsed)) {
      corrupt = { line: lineNumber, offset, message: parsed.left.message }
      continue
    }
    const { streamId, metadata } = parsed.right
    if (text.endsWith(CONTINUES)) openAppend.push({ streamId, hash: metadata.hash, offset })
    else {
      for (const open of openAppend) index.add(open.streamId, open.hash, open.offset)
      if (openAppend.length > 0) openAppend = []
      index.add(streamId, metadata.hash, offset)
      validEnd = offset + bytes
    }
  }
  if (corrupt !== undefined) return { validEnd, tailLines: 0, corrupt: { ...corrupt, tail: true } }
  return { validEnd, tailLines: openAppend.length }
}

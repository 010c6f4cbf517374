/**
 * Archives: every event as one NDJSON line in global order, then a trailer line that proves the
 * archive whole: how many events, the last position, and the record's digest. Reading an archive
 * checks every line (envelope, domain codecs, revision sequence, hash chain, unique event ids,
 * growing positions) and, at the end, the trailer: an archive cut at a line boundary, with a line
 * edited, repeated or moved, does not read as whole.
 */
import { createReadStream } from 'node:fs'
import type { Writable } from 'node:stream'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import { CURRENT_CHAIN } from '../core/hash-chain.js'
import { readRecorded } from '../core/read-recorded.js'
import { RecordCheck } from '../core/record-check.js'
import { RecordSpan } from '../core/record-span.js'
import { EMPTY_RECORD_DIGEST, nextRecordDigest } from '../core/hash-chain.js'
import type { EventStore, EventToAppend, RecordedEvent } from '../port/event-store.js'
import { lineEnvelope, parseRecordedEvent, serializeRecordedEvent } from '../port/recorded-event-codec.js'
import { splitLineBatches, splitLines } from './ndjson.js'

export const ARCHIVE_FORMAT = 'servicelife-archive'

/** The last line of an archive: what a reader checks the archive against. */
export interface ArchiveTrailer {
  readonly format: typeof ARCHIVE_FORMAT
  readonly events: number
  /** The position of the last event, -1 for an archive of no events. */
  readonly lastPosition: number
  /** The digest of the record the archive holds (`verifyHistory`'s). */
  readonly digest: string
  /** The highest hash chain version among its events (the current one for an empty archive). */
  readonly chain: number
}

const TRAILER_OPENING = '{"trailer":'

const TrailerCodec = t.type({
  trailer: t.type({
    format: t.literal(ARCHIVE_FORMAT),
    events: t.number,
    lastPosition: t.number,
    digest: t.string,
    chain: t.number,
  }),
})

export const serializeTrailer = (trailer: ArchiveTrailer): string =>
  `${TRAILER_OPENING}${JSON.stringify({
    format: trailer.format,
    events: trailer.events,
    lastPosition: trailer.lastPosition,
    digest: trailer.digest,
    chain: trailer.chain,
  })}}`

export interface ArchiveWriteError {
  readonly code: 'archive-write-failed'
  readonly message: string
}

export interface ExportOptions {
  readonly onProgress?: (events: number) => void
}

/** Writes every event of the store and the trailer to `out`; resolves to the trailer written. */
export const exportArchive = async (
  store: EventStore,
  out: Writable,
  options: ExportOptions = {},
): Promise<E.Either<ArchiveWriteError, ArchiveTrailer>> => {
  let events = 0
  let digest = EMPTY_RECORD_DIGEST
  let lastPosition = -1
  let chain = 0
  let failure: Error | undefined
  const onError = (error: Error) => {
    failure ??= error
  }
  out.on('error', onError)
  const write = async (line: string) => {
    if (failure !== undefined) throw failure
    if (!out.write(line))
      await new Promise<void>((resolve) => {
        const done = () => {
          out.off('drain', done)
          out.off('error', done)
          resolve()
        }
        out.on('drain', done)
        out.on('error', done)
      })
    if (failure !== undefined) throw failure
  }
  try {
    for await (const event of store.readAll()) {
      await write(`${serializeRecordedEvent(event)}\n`)
      digest = nextRecordDigest(digest, event.metadata.hash)
      lastPosition = event.position
      chain = Math.max(chain, event.metadata.chain ?? 1)
      events++
      if (options.onProgress !== undefined && events % 10_000 === 0) options.onProgress(events)
    }
    const trailer: ArchiveTrailer = {
      format: ARCHIVE_FORMAT,
      events,
      lastPosition,
      digest,
      chain: events === 0 ? CURRENT_CHAIN : chain,
    }
    await write(`${serializeTrailer(trailer)}\n`)
    return E.right(trailer)
  } catch (error) {
    return E.left({ code: 'archive-write-failed', message: (error as Error).message })
  } finally {
    out.off('error', onError)
  }
}

export interface ArchiveError {
  readonly code: 'archive-invalid'
  /** 1-based line number in the archive (one past the last line for a missing trailer). */
  readonly line: number
  readonly message: string
}

/** A path, or a function that opens the archive's bytes (import reads it twice: check, then write). */
export type ArchiveSource = string | (() => AsyncIterable<Buffer | string>)

/**
 * Bytes an archive is read in. With 1 MiB reads a 5,000,000-event replay peaked at 292-295 MiB of
 * RSS, with these at 230-232 MiB, at the same speed.
 */
const ARCHIVE_READ_BYTES = 128 * 1024

/** The raw lines of an archive, unchecked, streamed: what a tool that only splits or counts reads. */
export const archiveLines = (source: ArchiveSource): AsyncIterable<string> =>
  splitLines(
    typeof source === 'string' ? createReadStream(source, { highWaterMark: ARCHIVE_READ_BYTES }) : source(),
  )

/**
 * One archive line (1-based `line`) checked on its own: its envelope, then, upcast to today's
 * version, its domain codecs. The event is given as stored: the hash chain is over its bytes.
 */
export const checkArchiveLine = (text: string, line: number): E.Either<ArchiveError, RecordedEvent> => {
  const parsed = parseRecordedEvent(text)
  if (E.isLeft(parsed))
    return E.left({ code: 'archive-invalid', line, message: `line ${line}: ${parsed.left.message}` })
  const read = readRecorded(parsed.right)
  return E.isLeft(read)
    ? E.left({ code: 'archive-invalid', line, message: `line ${line}: ${read.left.message}` })
    : parsed
}

export interface ReadArchiveOptions {
  /**
   * Read an archive that has no trailer (written before archives had one): it cannot prove it is
   * whole, so `onWarning` is told. A trailer that is there must still match.
   */
  readonly allowNoTrailer?: boolean
  readonly onWarning?: (message: string) => void
}

const invalid = (line: number, message: string): E.Either<ArchiveError, never> =>
  E.left({ code: 'archive-invalid', line, message: `line ${line}: ${message}` })

/** An event of an archive, with its 1-based line number. */
export interface ArchivedEvent {
  readonly event: RecordedEvent
  readonly line: number
}

/**
 * Every event of an archive, checked, streamed: an archive replays without a store. Each line is
 * checked on its own and against the lines before it (revisions, hash chain, ids, positions);
 * after the last event the trailer must be there and match. The first failure ends the sequence
 * as a Left, also after events were yielded: a consumer keeps nothing of an archive whose
 * sequence ends in a Left.
 */
export async function* readArchive(
  source: ArchiveSource,
  options: ReadArchiveOptions = {},
): AsyncIterable<E.Either<ArchiveError, RecordedEvent>> {
  for await (const batch of readArchiveBatches(source, options)) {
    if (E.isLeft(batch)) {
      yield batch
      return
    }
    for (const { event } of batch.right) yield E.right(event)
  }
}

/**
 * `readArchive` a batch at a time: the checked events of each chunk read, with their line
 * numbers, so that a consumer that folds batches (a replay, an import) pays one promise per
 * chunk, not per event. `hashes: false` leaves the hash chain to a writer that makes each hash
 * again as it writes it, and compares.
 */
export function readArchiveBatches(
  source: ArchiveSource,
  options: ReadArchiveOptions & { readonly hashes?: boolean } = {},
): AsyncIterable<E.Either<ArchiveError, ReadonlyArray<ArchivedEvent>>> {
  const check = new RecordCheck(false, { hashes: options.hashes !== false })
  return checkedLines(source, options, check, (text, line) => {
    const checked = checkArchiveLine(text, line)
    if (E.isLeft(checked)) return checked
    const breach = check.check(checked.right)
    return breach === undefined ? E.right({ event: checked.right, line }) : invalid(line, breach.message)
  })
}

/** An archive line that passed the checks spanning the record; its own and its stream's are left. */
export interface SpannedLine {
  readonly text: string
  readonly line: number
  readonly streamId: string
}

/**
 * The lines of an archive, a batch at a time, checked for what spans the record only: positions,
 * unique event ids, the digest and the trailer (`RecordSpan`), on what each line says of its place
 * (`lineEnvelope`), unparsed. Each line's own checks and its stream's are left to whoever parses
 * it: `checkArchiveLine`, a `RecordCheck({ part: true })` per part of whole streams, and a
 * comparison of the parsed event with `lineEnvelope`. A line written otherwise than
 * `serializeRecordedEvent` writes it ends the sequence as a Left, as a failed check does.
 */
export function spannedArchiveLines(
  source: ArchiveSource,
  options: ReadArchiveOptions = {},
): AsyncIterable<E.Either<ArchiveError, ReadonlyArray<SpannedLine>>> {
  const span = new RecordSpan()
  return checkedLines(source, options, span, (text, line) => {
    const envelope = lineEnvelope(text)
    if (envelope === undefined) return invalid(line, 'not written as servicelife writes an archive line')
    const breach = span.check(envelope)
    return breach === undefined ? E.right({ text, line, streamId: envelope.streamId }) : invalid(line, breach)
  })
}

/** What a reader of a whole archive has counted when the trailer is met. */
interface ArchiveTally {
  readonly events: number
  readonly position: number
  readonly digest: string
}

/**
 * An archive's lines, each given to `check` with its 1-based number, in batches of a chunk read:
 * blank lines skipped, and the trailer checked against `tally` once every line is read. The first
 * failure ends the sequence as a Left, also after batches were yielded.
 */
async function* checkedLines<A>(
  source: ArchiveSource,
  options: ReadArchiveOptions,
  tally: ArchiveTally,
  check: (text: string, line: number) => E.Either<ArchiveError, A>,
): AsyncIterable<E.Either<ArchiveError, ReadonlyArray<A>>> {
  let line = 0
  let trailer: { readonly line: number; readonly value: ArchiveTrailer } | undefined
  const chunks =
    typeof source === 'string' ? createReadStream(source, { highWaterMark: ARCHIVE_READ_BYTES }) : source()
  for await (const texts of splitLineBatches(chunks)) {
    const batch: A[] = []
    let failure: E.Either<ArchiveError, never> | undefined
    for (const text of texts) {
      line++
      if (text.trim() === '') continue
      if (trailer !== undefined) {
        failure = invalid(
          line,
          `a line after the trailer of line ${trailer.line}: the trailer must end the archive`,
        )
        break
      }
      if (text.startsWith(TRAILER_OPENING)) {
        const read = readTrailer(text)
        if (read === undefined) {
          failure = invalid(line, 'a trailer that does not read as one')
          break
        }
        trailer = { line, value: read }
        continue
      }
      const checked = check(text, line)
      if (E.isLeft(checked)) {
        failure = checked
        break
      }
      batch.push(checked.right)
    }
    if (batch.length > 0) yield E.right(batch)
    if (failure !== undefined) {
      yield failure
      return
    }
  }
  if (trailer === undefined) {
    if (options.allowNoTrailer === true) {
      options.onWarning?.(
        `the archive has no trailer: nothing shows it is whole (${tally.events} events read, digest ${tally.digest})`,
      )
      return
    }
    yield invalid(
      line + 1,
      `no trailer after ${tally.events} events: the archive may have been cut short (an archive written before trailers can be read with --allow-no-trailer)`,
    )
    return
  }
  const t = trailer.value
  const mismatch =
    t.events !== tally.events
      ? `it holds ${tally.events} events, the trailer says ${t.events}`
      : t.lastPosition !== tally.position
        ? `its last position is ${tally.position}, the trailer says ${t.lastPosition}`
        : t.digest !== tally.digest
          ? `its digest is ${tally.digest}, the trailer says ${t.digest}: lines were changed, moved or replaced`
          : undefined
  if (mismatch !== undefined)
    yield invalid(trailer.line, `the archive does not match its trailer: ${mismatch}`)
}

const readTrailer = (text: string): ArchiveTrailer | undefined => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  const decoded = TrailerCodec.decode(json)
  return E.isLeft(decoded) ? undefined : (decoded.right.trailer as ArchiveTrailer)
}

export interface ImportOptions extends ReadArchiveOptions {
  readonly onProgress?: (events: number) => void
}

export interface ImportedArchive {
  readonly events: number
  readonly digest: string
}

/** Events of an archive line as they are appended: their envelope kept, hashes remade by their chain. */
const toAppend = (e: RecordedEvent): EventToAppend => {
  const m = e.metadata
  return {
    eventId: m.eventId,
    recordedAt: m.recordedAt,
    type: e.type,
    data: e.data,
    ...(m.commandId === undefined ? {} : { commandId: m.commandId }),
    ...(m.correlationId === undefined ? {} : { correlationId: m.correlationId }),
    ...(m.causationId === undefined ? {} : { causationId: m.causationId }),
    ...(m.schemaVersion === undefined ? {} : { schemaVersion: m.schemaVersion }),
    chain: (m.chain ?? 1) as 1 | 2,
  }
}

/** Appends, in archive order, without waiting for each: the store's group commit shares their fsyncs. */
export class Pipeline {
  private inFlight: Array<Promise<void>> = []
  constructor(private readonly depth = 256) {}
  async push(append: Promise<void>): Promise<void> {
    this.inFlight.push(append)
    if (this.inFlight.length >= this.depth) await this.drain()
  }
  async drain(): Promise<void> {
    const waiting = this.inFlight
    this.inFlight = []
    await Promise.all(waiting)
  }
}

/**
 * Writes the checked events of an archive into a store: runs of one stream in one append each,
 * many appends in flight. Each stream must start at revision 0 here (a stream of the archive
 * that the store already holds is refused before anything is written, by `importArchive`).
 */
/** An appended event whose hash, made again by the store, is not the archive's: the line was edited. */
class HashMismatch extends Error {
  constructor(
    readonly line: number,
    readonly event: RecordedEvent,
  ) {
    super(
      `line ${line}: ${event.streamId}@${event.revision} (position ${event.position}): its content does not match its hash: it was edited`,
    )
  }
}

const writeEvents = async (
  store: EventStore,
  batches: AsyncIterable<ReadonlyArray<ArchivedEvent>>,
  options: { readonly onProgress?: (events: number) => void; readonly compareHashes: boolean },
): Promise<number> => {
  // A store that may reorder appends in flight takes them one at a time, in archive order.
  const pipeline = new Pipeline(store.appendsInCallOrder === true ? 4096 : 1)
  let written = 0
  let run: { streamId: string; first: number; events: EventToAppend[]; archived: ArchivedEvent[] } | undefined
  const flush = async () => {
    if (run === undefined) return
    const { streamId, first, events: batch, archived } = run
    run = undefined
    const append = store
      .appendToStream(streamId, batch, { expectedRevision: first === 0 ? 'no-stream' : first - 1 })
      .then((appended) => {
        // The archive was checked against this store: only a concurrent writer gets here.
        if (E.isLeft(appended))
          throw new Error(`import into ${streamId} raced another writer: ${appended.left.message}`)
        // The store made each hash again from the event as written: the archive's must be the same.
        if (options.compareHashes)
          appended.right.events.forEach((recorded, i) => {
            const expected = archived[i]!
            if (recorded.metadata.hash !== expected.event.metadata.hash)
              throw new HashMismatch(expected.line, expected.event)
          })
        written += batch.length
        options.onProgress?.(written)
      })
    await pipeline.push(append)
  }
  for await (const batch of batches)
    for (const e of batch) {
      if (run !== undefined && (run.streamId !== e.event.streamId || run.events.length >= 1000)) await flush()
      run ??= { streamId: e.event.streamId, first: e.event.revision, events: [], archived: [] }
      run.events.push(toAppend(e.event))
      run.archived.push(e)
    }
  await flush()
  await pipeline.drain()
  return written
}

/**
 * Checks an archive whole (every line, and the trailer), then writes it into a store that holds
 * none of its streams: nothing is written unless all of it is good. A process killed while it
 * writes leaves part of the archive in the store; `importArchiveToDirectory` is the atomic way
 * into a new file store.
 */
export const importArchive = async (
  store: EventStore,
  source: ArchiveSource,
  options: ImportOptions = {},
): Promise<E.Either<ArchiveError, ImportedArchive>> => {
  const seen = new Set<string>()
  let digest = EMPTY_RECORD_DIGEST
  let count = 0
  for await (const record of readArchive(source, options)) {
    if (E.isLeft(record)) return record
    const event = record.right
    if (!seen.has(event.streamId)) {
      seen.add(event.streamId)
      if ((await store.streamRevision(event.streamId)) !== undefined)
        return E.left({
          code: 'archive-invalid',
          line: count + 1,
          message: `${event.streamId}: the stream already exists in the store; nothing was written`,
        })
    }
    digest = nextRecordDigest(digest, event.metadata.hash)
    count++
  }
  async function* checkedAgain(): AsyncIterable<ReadonlyArray<ArchivedEvent>> {
    for await (const record of readArchiveBatches(source, { ...options, onWarning: () => undefined })) {
      if (E.isLeft(record))
        throw new Error(`the archive changed while it was imported: ${record.left.message}`)
      yield record.right
    }
  }
  const events = await writeEvents(store, checkedAgain(), {
    compareHashes: false,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  })
  return E.right({ events, digest })
}

/**
 * The events of an archive written into a store as they are checked, in one pass: what
 * `importArchiveToDirectory` does. Each line is checked as `readArchive` checks it, but for its
 * hash, which the store makes again as it writes it: a hash that differs from the archive's ends
 * the import. A failure leaves what was written before it: write into a store you can throw away.
 */
export const writeArchiveInto = async (
  store: EventStore,
  source: ArchiveSource,
  options: ImportOptions = {},
): Promise<E.Either<ArchiveError, ImportedArchive>> => {
  let failure: ArchiveError | undefined
  let digest = EMPTY_RECORD_DIGEST
  async function* checked(): AsyncIterable<ReadonlyArray<ArchivedEvent>> {
    for await (const record of readArchiveBatches(source, { ...options, hashes: false })) {
      if (E.isLeft(record)) {
        failure = record.left
        return
      }
      for (const { event } of record.right) digest = nextRecordDigest(digest, event.metadata.hash)
      yield record.right
    }
  }
  try {
    const events = await writeEvents(store, checked(), {
      compareHashes: true,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    })
    return failure === undefined ? E.right({ events, digest }) : E.left(failure)
  } catch (error) {
    if (error instanceof HashMismatch)
      return E.left({ code: 'archive-invalid', line: error.line, message: error.message })
    throw error
  }
}

/**
 * Archives: every event as one NDJSON line in global order. Import checks the whole archive first
 * (envelope, domain codecs, revision sequence, hash chain, streams not already in the store) and
 * writes only if every line is good, so no stream is ever half-imported.
 */

import { once } from 'node:events'
import { createReadStream } from 'node:fs'
import type { Writable } from 'node:stream'
import { decodeEvent } from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import { eventHash, GENESIS_HASH } from '../core/hash-chain.js'
import type { EventStore, EventToAppend, RecordedEvent } from '../port/event-store.js'
import { parseRecordedEvent, serializeRecordedEvent } from '../port/recorded-event-codec.js'
import { splitLines } from './ndjson.js'

export const exportArchive = async (
  store: EventStore,
  out: Writable,
): Promise<{ readonly events: number }> => {
  let events = 0
  for await (const event of store.readAll()) {
    if (!out.write(`${serializeRecordedEvent(event)}\n`)) await once(out, 'drain')
    events++
  }
  return { events }
}

export interface ArchiveError {
  readonly code: 'archive-invalid'
  /** 1-based line number in the archive. */
  readonly line: number
  readonly message: string
}

/** A path, or a function that opens the archive's bytes (import reads it twice: check, then write). */
export type ArchiveSource = string | (() => AsyncIterable<Buffer | string>)

/**
 * Bytes an archive is read in. With 1 MiB reads a 5,000,000-event replay peaked at 292-295 MiB of
 * RSS, with these at 230-232 MiB, at the same speed; 64 KiB reads peaked no lower and replayed a
 * tenth slower (bench/read-size.ts; docs/performance.md, "Archives are read in 128 KiB").
 */
const ARCHIVE_READ_BYTES = 128 * 1024

/** The raw lines of an archive, unchecked, streamed: what a tool that only splits or counts reads. */
export const archiveLines = (source: ArchiveSource): AsyncIterable<string> =>
  splitLines(
    typeof source === 'string' ? createReadStream(source, { highWaterMark: ARCHIVE_READ_BYTES }) : source(),
  )

/** One archive line (1-based `line`) checked: its envelope, then its domain codecs. */
export const checkArchiveLine = (text: string, line: number): E.Either<ArchiveError, RecordedEvent> => {
  const parsed = parseRecordedEvent(text)
  if (E.isLeft(parsed))
    return E.left({ code: 'archive-invalid', line, message: `line ${line}: ${parsed.left}` })
  const decoded = decodeEvent(parsed.right)
  return E.isLeft(decoded)
    ? E.left({ code: 'archive-invalid', line, message: `line ${line}: ${decoded.left.message}` })
    : parsed
}

/**
 * Every line of an archive checked, as the recorded event it holds, streamed: an archive replays
 * without a store. Blank lines are skipped; the first bad line ends the sequence as a Left. The
 * revision sequence and hash chain are not checked here: `importArchive` checks them before it writes.
 */
export const readArchive = (source: ArchiveSource): AsyncIterable<E.Either<ArchiveError, RecordedEvent>> =>
  checkedLines(source, (record) => record)

/**
 * The lines of an archive checked, each shaped with its 1-based line number (blank lines count,
 * and are skipped). Shaped rather than wrapped in a second generator: replays pass every event
 * through here, and each generator they pass through costs a promise per event.
 */
async function* checkedLines<A>(
  source: ArchiveSource,
  shape: (record: E.Either<ArchiveError, RecordedEvent>, line: number) => A,
): AsyncIterable<A> {
  let line = 0
  for await (const text of archiveLines(source)) {
    line++
    if (text.trim() === '') continue
    const checked = checkArchiveLine(text, line)
    yield shape(checked, line)
    if (E.isLeft(checked)) return
  }
}

const check = async (source: ArchiveSource, store: EventStore): Promise<E.Either<ArchiveError, number>> => {
  const streams = new Map<string, { next: number; hash: string }>()
  let events = 0
  let previous = -1
  for await (const { record, line } of checkedLines(source, (record, line) => ({ record, line }))) {
    if (E.isLeft(record)) return record
    const event = record.right
    const fail = (message: string) =>
      E.left<ArchiveError>({
        code: 'archive-invalid',
        line,
        message: `line ${line}: ${event.streamId}@${event.revision}: ${message}`,
      })
    if (event.position <= previous) return fail(`position ${event.position} is not after ${previous}`)
    let stream = streams.get(event.streamId)
    if (stream === undefined) {
      if ((await store.streamRevision(event.streamId)) !== undefined)
        return fail('the stream already exists in the store')
      stream = { next: 0, hash: GENESIS_HASH }
    }
    if (event.revision !== stream.next) return fail(`expected revision ${stream.next}`)
    if (eventHash(stream.hash, event) !== event.metadata.hash)
      return fail('the hash chain is broken (edited event)')
    streams.set(event.streamId, { next: event.revision + 1, hash: event.metadata.hash })
    previous = event.position
    events++
  }
  return E.right(events)
}

export const importArchive = async (
  source: ArchiveSource,
  store: EventStore,
  onProgress?: (events: number) => void,
): Promise<E.Either<ArchiveError, { readonly events: number }>> => {
  const checked = await check(source, store)
  if (E.isLeft(checked)) return checked
  let events = 0
  let run: { streamId: string; first: number; events: EventToAppend[] } | undefined
  const flush = async () => {
    if (run === undefined) return
    const appended = await store.appendToStream(run.streamId, run.events, {
      expectedRevision: run.first === 0 ? 'no-stream' : run.first - 1,
    })
    // The archive was checked against this store a moment ago: only a concurrent writer gets here.
    if (E.isLeft(appended))
      throw new Error(`import into ${run.streamId} raced another writer: ${appended.left.message}`)
    events += run.events.length
    onProgress?.(events)
    run = undefined
  }
  for await (const record of readArchive(source)) {
    if (E.isLeft(record)) throw new Error(`archive changed while importing: ${record.left.message}`)
    const e = record.right
    if (run !== undefined && (run.streamId !== e.streamId || run.events.length >= 1000)) await flush()
    run ??= { streamId: e.streamId, first: e.revision, events: [] }
    run.events.push({ ...e.metadata, type: e.type, data: e.data })
  }
  await flush()
  return E.right({ events })
}

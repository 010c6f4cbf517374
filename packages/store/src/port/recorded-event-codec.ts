/**
 * The recorded event as one line of text (file store log, archives): decoded at every read
 * so that a damaged line is a clear error, never a crash.
 */

import { fastDecode, formatValidationErrors, refinedNumber, struct } from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import { jsonString } from '../core/json-text.js'
import type { RecordedEvent, RecordedMetadata } from './event-store.js'

const Natural = refinedNumber('natural number', (n) => Number.isSafeInteger(n) && n >= 0)

const Version = refinedNumber('a version (an integer >= 1)', (n) => Number.isSafeInteger(n) && n >= 1)

const Metadata = struct(
  'RecordedMetadata',
  { eventId: t.string, recordedAt: t.string, hash: t.string },
  {
    commandId: t.string,
    correlationId: t.string,
    causationId: t.string,
    schemaVersion: Version,
    chain: Version,
  },
)

/** One pass over the line's object; whatever else it holds (such as the log's append marker) is dropped. */
export const RecordedEventCodec = struct(
  'RecordedEvent',
  {
    streamId: t.string,
    revision: Natural,
    position: Natural,
    type: t.string,
    data: t.unknown,
    metadata: Metadata,
  },
  {},
)

const decodeRecordedEvent = fastDecode(RecordedEventCodec)

/** The metadata in its fixed key order, optional ids only when present. */
export const canonicalMetadata = (m: RecordedMetadata): RecordedMetadata => {
  // Assigned one by one rather than spread: this runs for every event appended and serialized.
  const out: { -readonly [K in keyof RecordedMetadata]: RecordedMetadata[K] } = {
    eventId: m.eventId,
    recordedAt: m.recordedAt,
    hash: m.hash,
  }
  if (m.commandId !== undefined) out.commandId = m.commandId
  if (m.correlationId !== undefined) out.correlationId = m.correlationId
  if (m.causationId !== undefined) out.causationId = m.causationId
  if (m.schemaVersion !== undefined) out.schemaVersion = m.schemaVersion
  if (m.chain !== undefined) out.chain = m.chain
  return out
}

/**
 * One line of text: keys in a fixed order, so the same event is always the same bytes. The text
 * is `JSON.stringify` of the event with its metadata in canonical order, written out piece by
 * piece with its strings quoted by `jsonString`: on node 20 that costs less than stringifying the
 * nested object, and it runs for every event appended to the file store and exported.
 */
export const serializeRecordedEvent = (e: RecordedEvent): string => {
  const data = JSON.stringify(e.data)
  const m = e.metadata
  let metadata = `{"eventId":${jsonString(m.eventId)},"recordedAt":${jsonString(m.recordedAt)},"hash":${jsonString(m.hash)}`
  if (m.commandId !== undefined) metadata += `,"commandId":${jsonString(m.commandId)}`
  if (m.correlationId !== undefined) metadata += `,"correlationId":${jsonString(m.correlationId)}`
  if (m.causationId !== undefined) metadata += `,"causationId":${jsonString(m.causationId)}`
  if (m.schemaVersion !== undefined) metadata += `,"schemaVersion":${JSON.stringify(m.schemaVersion)}`
  if (m.chain !== undefined) metadata += `,"chain":${JSON.stringify(m.chain)}`
  // `data` that JSON has no text for (undefined) is left out, as JSON.stringify leaves it out.
  return `{"streamId":${jsonString(e.streamId)},"revision":${JSON.stringify(e.revision)},"position":${JSON.stringify(e.position)},"type":${jsonString(e.type)}${data === undefined ? '' : `,"data":${data}`},"metadata":${metadata}}}`
}

const STREAM_ID_OPENING = '{"streamId":"'

/**
 * The stream id a line names, read from its opening without parsing it: what routes a line to
 * the part of a record that holds its stream. Lines of `serializeRecordedEvent` open with it;
 * undefined for a line that opens otherwise or whose id holds an escape (parse those). A line
 * naming `streamId` twice parses to its last: a router checks the parsed event's stream against it.
 */
export const lineStreamId = (line: string): string | undefined => {
  if (!line.startsWith(STREAM_ID_OPENING)) return undefined
  const from = STREAM_ID_OPENING.length
  const end = line.indexOf('"', from)
  if (end === -1) return undefined
  const id = line.slice(from, end)
  return id.includes('\\') ? undefined : id
}

/** What a line says of its place in the record, read without parsing it. */
export interface LineEnvelope {
  readonly streamId: string
  readonly position: number
  readonly eventId: string
  readonly hash: string
}

const METADATA_OPENING = ',"metadata":{"eventId":"'

/** The natural number written at `from` up to `end` (a JSON integer, no sign, no leading zero). */
const naturalAt = (line: string, from: number, end: number): number | undefined => {
  if (end <= from || (line[from] === '0' && end > from + 1)) return undefined
  for (let i = from; i < end; i++) if (line.charCodeAt(i) < 48 || line.charCodeAt(i) > 57) return undefined
  const n = Number(line.slice(from, end))
  return Number.isSafeInteger(n) ? n : undefined
}

/** The text of a string from `from` to its closing quote, and where that is; none with an escape. */
const plainStringAt = (line: string, from: number): { text: string; end: number } | undefined => {
  const end = line.indexOf('"', from)
  if (end === -1) return undefined
  const text = line.slice(from, end)
  return text.includes('\\') ? undefined : { text, end }
}

/**
 * A line's stream, position, event id and hash, read from where `serializeRecordedEvent` writes
 * them, without parsing the line: what lets one thread check the record-wide order of an archive
 * while other threads parse its lines. Undefined for a line written otherwise. A line can be made
 * to say one thing here and parse to another: whoever parses it compares the two.
 */
export const lineEnvelope = (line: string): LineEnvelope | undefined => {
  const streamId = lineStreamId(line)
  if (streamId === undefined) return undefined
  const revisionAt = STREAM_ID_OPENING.length + streamId.length + '","revision":'.length
  if (!line.startsWith('","revision":', revisionAt - '","revision":'.length)) return undefined
  const revisionEnd = line.indexOf(',', revisionAt)
  if (naturalAt(line, revisionAt, revisionEnd) === undefined) return undefined
  if (!line.startsWith(',"position":', revisionEnd)) return undefined
  const positionAt = revisionEnd + ',"position":'.length
  const positionEnd = line.indexOf(',', positionAt)
  const position = naturalAt(line, positionAt, positionEnd)
  if (position === undefined) return undefined
  const metadata = line.lastIndexOf(METADATA_OPENING)
  if (metadata === -1) return undefined
  const eventId = plainStringAt(line, metadata + METADATA_OPENING.length)
  if (eventId === undefined || !line.startsWith('","recordedAt":"', eventId.end)) return undefined
  const recordedAt = plainStringAt(line, eventId.end + '","recordedAt":"'.length)
  if (recordedAt === undefined || !line.startsWith('","hash":"', recordedAt.end)) return undefined
  const hash = plainStringAt(line, recordedAt.end + '","hash":"'.length)
  if (hash === undefined) return undefined
  return { streamId, position, eventId: eventId.text, hash: hash.text }
}

/** A line that is not a recorded event: not JSON, or JSON that is not the envelope. */
export interface LineError {
  readonly code: 'not-json' | 'not-a-recorded-event'
  readonly message: string
}

export const parseRecordedEvent = (line: string): E.Either<LineError, RecordedEvent> => {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch (error) {
    return E.left({ code: 'not-json', message: `not JSON: ${(error as Error).message}` })
  }
  const decoded = decodeRecordedEvent(json)
  if (E.isLeft(decoded))
    return E.left({ code: 'not-a-recorded-event', message: formatValidationErrors(decoded.left).join('; ') })
  return E.right(decoded.right)
}

/**
 * Tamper evidence: each event's hash covers the previous event's hash in its stream and the
 * canonical JSON of the event itself, so editing, removing, reordering or inserting an event
 * breaks the chain from that event on.
 *
 * - Chain version 1 (events without `chain` in their metadata) covers the stream id, revision,
 *   type and data.
 * - Chain version 2 covers the whole envelope besides: the event id, the recorded time, the
 *   command, correlation and causation ids and the schema version. Events are written at
 *   version 2; version 1 events keep verifying as they were written.
 * - The record's digest chains every event's hash in global order (`recordDigest`), so a
 *   reordering of the log shows in it, and a digest recorded outside the store checks a forger
 *   who recomputes every hash.
 */
import * as crypto from 'node:crypto'
import { createHash } from 'node:crypto'
import { jsonString } from './json-text.js'

/** The hash before a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64)

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export const canonicalJson = (value: unknown): string => {
  if (typeof value === 'string') return jsonString(value)
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ','
      const v: unknown = value[i]
      out += v === undefined ? 'null' : canonicalJson(v)
    }
    return `${out}]`
  }
  // Loops rather than filter/map/join: this runs for every event appended and verified.
  const record = value as Record<string, unknown>
  const keys = sortedKeys(record)
  let out = '{'
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!
    const v = record[k]
    if (v === undefined) continue
    if (out.length > 1) out += ','
    const text =
      typeof v === 'string'
        ? jsonString(v)
        : v !== null && typeof v === 'object'
          ? canonicalJson(v)
          : (JSON.stringify(v) ?? 'null')
    out += `${jsonString(k)}:${text}`
  }
  return `${out}}`
}

/**
 * The keys in code-unit order. An event's objects carry a handful of fields, which an insertion
 * sort puts in order faster than `Array.prototype.sort`; larger objects go to the library sort.
 */
const sortedKeys = (record: Record<string, unknown>): string[] => {
  const keys = Object.keys(record)
  if (keys.length > 16) return keys.sort()
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!
    let j = i - 1
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!
      j--
    }
    keys[j + 1] = key
  }
  return keys
}

export interface HashedContent {
  readonly streamId: string
  readonly revision: number
  readonly type: string
  readonly data: unknown
}

/** The chain version events are written at. */
export const CURRENT_CHAIN = 2
export type ChainVersion = 1 | 2

/** What chain version 2 covers besides version 1's content: the envelope. */
export interface HashedEnvelope extends HashedContent {
  readonly metadata: {
    readonly eventId: string
    readonly recordedAt: string
    readonly commandId?: string
    readonly correlationId?: string
    readonly causationId?: string
    readonly schemaVersion?: number
    readonly chain?: number
  }
}

// The top level's keys are fixed, so they are written in sorted order directly.
/** Chain version 1: stream id, revision, type and data. */
export const eventHash = (previousHash: string, event: HashedContent): string =>
  sha256Hex(
    `${previousHash}\n{"data":${canonicalJson(event.data)},"revision":${JSON.stringify(event.revision)},"streamId":${jsonString(event.streamId)},"type":${jsonString(event.type)}}`,
  )

/**
 * Chain version 2: version 1's content and the whole envelope, as canonical JSON (absent ids and
 * a schema version of 1 are left out, as they are left out of the stored line).
 */
export const eventHashV2 = (previousHash: string, event: HashedEnvelope): string =>
  sha256Hex(`servicelife-chain-2\n${previousHash}\n${chainTwoText(event)}`)

/**
 * The text chain version 2 hashes: the canonical JSON of the content and envelope, flattened.
 * `chainTwoTextPlain` is its definition; this writes the top level's ten fixed keys in their
 * sorted order directly (the hash of every event appended and verified), and a property pins the
 * two equal.
 */
export const chainTwoText = (event: HashedEnvelope): string => {
  const m = event.metadata
  let out = '{'
  const field = (key: string, text: string) => {
    out += out.length > 1 ? `,"${key}":${text}` : `"${key}":${text}`
  }
  if (m.causationId !== undefined) field('causationId', jsonString(m.causationId))
  if (m.commandId !== undefined) field('commandId', jsonString(m.commandId))
  if (m.correlationId !== undefined) field('correlationId', jsonString(m.correlationId))
  if (event.data !== undefined) field('data', canonicalJson(event.data))
  field('eventId', jsonString(m.eventId))
  field('recordedAt', jsonString(m.recordedAt))
  field('revision', JSON.stringify(event.revision))
  if (m.schemaVersion !== undefined) field('schemaVersion', JSON.stringify(m.schemaVersion))
  field('streamId', jsonString(event.streamId))
  field('type', jsonString(event.type))
  return `${out}}`
}

/** Chain version 2's text by its definition: the covered fields as canonical JSON. */
export const chainTwoTextPlain = (event: HashedEnvelope): string => {
  const m = event.metadata
  return canonicalJson({
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    eventId: m.eventId,
    recordedAt: m.recordedAt,
    commandId: m.commandId,
    correlationId: m.correlationId,
    causationId: m.causationId,
    schemaVersion: m.schemaVersion,
  })
}

/** The chain version of a recorded event: its metadata's `chain`, 1 where absent. */
export const chainVersionOf = (event: HashedEnvelope): number => event.metadata.chain ?? 1

/** The hash an event's chain version gives it after `previousHash`; undefined for a version this code does not know. */
export const chainedHash = (previousHash: string, event: HashedEnvelope): string | undefined => {
  const version = chainVersionOf(event)
  return version === 1
    ? eventHash(previousHash, event)
    : version === 2
      ? eventHashV2(previousHash, event)
      : undefined
}

/** The record's digest after one more event: every event's hash chained in global order. */
export const nextRecordDigest = (digest: string, hash: string): string => sha256Hex(`${digest}\n${hash}`)

/** The digest of an empty record. */
export const EMPTY_RECORD_DIGEST = GENESIS_HASH

// One-shot hashing (node >= 20.12) skips the Hash object; the streaming API is the fallback.
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash
const sha256Hex = (text: string): string =>
  oneShot !== undefined ? oneShot('sha256', text) : createHash('sha256').update(text).digest('hex')

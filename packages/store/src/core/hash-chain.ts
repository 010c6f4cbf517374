/**
 * Tamper evidence: each event's hash covers the previous event's hash in its stream and the
 * canonical JSON of the event itself, so editing, removing, reordering or inserting an event
 * breaks the chain from that event on.
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

// The top level's keys are fixed, so they are written in sorted order directly.
export const eventHash = (previousHash: string, event: HashedContent): string =>
  sha256Hex(
    `${previousHash}\n{"data":${canonicalJson(event.data)},"revision":${JSON.stringify(event.revision)},"streamId":${jsonString(event.streamId)},"type":${jsonString(event.type)}}`,
  )

// One-shot hashing (node >= 20.12) skips the Hash object; the streaming API is the fallback.
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash
const sha256Hex = (text: string): string =>
  oneShot !== undefined ? oneShot('sha256', text) : createHash('sha256').update(text).digest('hex')

/**
 * Tamper evidence: each event's hash covers the previous event's hash in its stream and the
 * canonical JSON of the event itself, so editing, removing, reordering or inserting an event
 * breaks the chain from that event on.
 */
import * as crypto from 'node:crypto'
import { createHash } from 'node:crypto'

/** The hash before a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64)

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export const canonicalJson = (value: unknown): string => {
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
  const keys = Object.keys(record).sort()
  let out = '{'
  let first = true
  for (const k of keys) {
    const v = record[k]
    if (v === undefined) continue
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`
    first = false
  }
  return `${out}}`
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
    `${previousHash}\n{"data":${canonicalJson(event.data)},"revision":${JSON.stringify(event.revision)},"streamId":${JSON.stringify(event.streamId)},"type":${JSON.stringify(event.type)}}`,
  )

// One-shot hashing (node >= 20.12) skips the Hash object; the streaming API is the fallback.
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash
const sha256Hex = (text: string): string =>
  oneShot !== undefined ? oneShot('sha256', text) : createHash('sha256').update(text).digest('hex')

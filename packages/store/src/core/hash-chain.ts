/**
 * Tamper evidence: each event's hash covers the previous event's hash in its stream and the
 * canonical JSON of the event itself, so editing, removing, reordering or inserting an event
 * breaks the chain from that event on.
 */
import { createHash } from 'node:crypto'

/** The hash before a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64)

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
  return `{${entries.join(',')}}`
}

export interface HashedContent {
  readonly streamId: string
  readonly revision: number
  readonly type: string
  readonly data: unknown
}

export const eventHash = (previousHash: string, event: HashedContent): string =>
  createHash('sha256')
    .update(previousHash)
    .update('\n')
    .update(
      canonicalJson({
        data: event.data,
        revision: event.revision,
        streamId: event.streamId,
        type: event.type,
      }),
    )
    .digest('hex')

/**
 * Walks the whole record in global order and reports the first event that breaks the hash chain,
 * its stream's revision sequence or the global order: an edit, a removal, a reordering or an
 * insertion. Memory holds one entry per stream, never the events.
 */

import { createHash } from 'node:crypto'
import { decodeEvent } from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import { eventHash, GENESIS_HASH } from '../core/hash-chain.js'
import type { EventStore } from '../port/event-store.js'

export type Breach =
  | 'hash-mismatch'
  | 'revision-gap'
  | 'revision-repeated'
  | 'position-gap'
  | 'position-out-of-order'
  | 'invalid-event'

export interface HistoryBreach {
  readonly code: 'history-breached'
  readonly breach: Breach
  readonly streamId: string
  readonly revision: number
  readonly position: number
  readonly message: string
}

export interface VerifiedHistory {
  readonly events: number
  readonly streams: number
  /**
   * SHA-256 over every stream's last hash, streams in name order. The chain stops naive edits;
   * recording this digest outside the store (minutes, a notary) also stops a forger who
   * recomputes the hashes.
   */
  readonly digest: string
}

export interface VerifyOptions {
  /** Also decode every event with the domain codecs (default true). */
  readonly decode?: boolean
  readonly onProgress?: (events: number) => void
}

export const verifyHistory = async (
  store: EventStore,
  options: VerifyOptions = {},
): Promise<E.Either<HistoryBreach, VerifiedHistory>> => {
  const streams = new Map<string, { next: number; hash: string }>()
  let previousPosition = -1
  let count = 0
  for await (const event of store.readAll()) {
    const at = { streamId: event.streamId, revision: event.revision, position: event.position }
    const breach = (kind: Breach, message: string) =>
      E.left<HistoryBreach>({
        code: 'history-breached',
        breach: kind,
        ...at,
        message: `${event.streamId}@${event.revision} (position ${event.position}): ${message}`,
      })
    if (event.position <= previousPosition) {
      return breach(
        'position-out-of-order',
        `comes after position ${previousPosition}: events were reordered or inserted`,
      )
    }
    const stream = streams.get(event.streamId) ?? { next: 0, hash: GENESIS_HASH }
    if (event.revision > stream.next) {
      return breach(
        'revision-gap',
        `expected revision ${stream.next}: ${event.revision - stream.next} event(s) before it were removed`,
      )
    }
    if (event.revision < stream.next) {
      return breach(
        'revision-repeated',
        `revision ${event.revision} again after ${stream.next - 1}: an event was inserted or reordered`,
      )
    }
    if (store.contiguousPositions && event.position !== previousPosition + 1) {
      return breach(
        'position-gap',
        `expected position ${previousPosition + 1}: the event(s) before it were removed`,
      )
    }
    const expected = eventHash(stream.hash, event)
    if (expected !== event.metadata.hash)
      return breach('hash-mismatch', 'its content does not match its hash: it was edited')
    if (options.decode !== false) {
      const decoded = decodeEvent(event)
      if (E.isLeft(decoded)) return breach('invalid-event', decoded.left.message)
    }
    streams.set(event.streamId, { next: event.revision + 1, hash: event.metadata.hash })
    previousPosition = event.position
    count++
    if (options.onProgress && count % 10_000 === 0) options.onProgress(count)
  }
  const digest = createHash('sha256')
  for (const id of [...streams.keys()].sort()) digest.update(`${id}\n${streams.get(id)!.hash}\n`)
  return E.right({ events: count, streams: streams.size, digest: digest.digest('hex') })
}

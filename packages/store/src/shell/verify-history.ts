/**
 * Walks the record in global order and reports the first event that breaks the hash chain, its
 * stream's revision sequence, the global order or the uniqueness of event ids: an edit, a
 * removal, a reordering or an insertion. It gives the record's digest, up to any position, so
 * that a digest recorded earlier (an anchor) can be checked on a store that has grown since.
 * Memory holds one entry per stream, never the events.
 */
import { createHash } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import { readRecorded } from '../core/read-recorded.js'
import { type HistoryBreach, RecordCheck } from '../core/record-check.js'
import type { EventStore, RecordedEvent } from '../port/event-store.js'

export type { Breach, HistoryBreach } from '../core/record-check.js'

/** The record up to a position does not give the digest recorded for it: it was changed since. */
export interface DigestMismatch {
  readonly code: 'digest-mismatch'
  readonly position: number
  readonly expected: string
  readonly actual: string
  readonly message: string
}

/** The position asked for is past the end of the record. */
export interface PositionBeyondRecord {
  readonly code: 'position-beyond-record'
  readonly position: number
  readonly last: number
  readonly message: string
}

export type VerifyError = HistoryBreach | DigestMismatch | PositionBeyondRecord

export interface VerifiedHistory {
  /** Events verified (all, or up to `atPosition`). */
  readonly events: number
  readonly streams: number
  /** The position of the last event verified, -1 for an empty record. */
  readonly position: number
  /**
   * The record's digest up to `position`: every event's hash chained in global order. The chain
   * stops an edit; this digest, recorded outside the store (`servicelife anchor`), also stops a
   * forger who recomputes every hash, and shows a reordering.
   */
  readonly digest: string
  /** Events by hash chain version. */
  readonly chains: Readonly<Record<string, number>>
  /** The digest versions before the record digest gave (each stream's last hash); only at the end. */
  readonly streamsDigest?: string
}

export interface VerifyOptions {
  /** Also decode every event with the domain codecs (default true). */
  readonly decode?: boolean
  readonly onProgress?: (events: number) => void
  /** Verify the record up to this position (inclusive) and give its digest there. */
  readonly atPosition?: number
  /** The digest recorded for the record up to `atPosition` (or the end): a different one is a Left. */
  readonly expectDigest?: string
  /**
   * With `decode` (the default), told each event once it is verified and decoded, as read at today's version (through the
   * upcasters and codecs; zero or more events), in record order: a reader that folds the record
   * in the same pass (a report of the record verified). What it was told before a Left is not
   * the record's: discard it.
   */
  readonly onRead?: (events: ReadonlyArray<RecordedEvent>) => void
}

export const verifyHistory = async (
  store: EventStore,
  options: VerifyOptions = {},
): Promise<E.Either<VerifyError, VerifiedHistory>> => {
  const check = new RecordCheck(store.contiguousPositions)
  // Each stream's last hash, for the digest of the streams' heads of a whole record.
  const lastHashes = new Map<string, string>()
  const limit = options.atPosition
  let reachedLimit = false
  for await (const event of store.readAll()) {
    if (limit !== undefined && event.position > limit) {
      reachedLimit = true
      break
    }
    const breach = check.check(event)
    if (breach !== undefined) return E.left(breach)
    if (limit === undefined) lastHashes.set(event.streamId, event.metadata.hash)
    if (options.decode !== false) {
      const decoded = readRecorded(event)
      if (E.isLeft(decoded))
        return E.left({
          code: 'history-breached',
          breach: 'invalid-event',
          streamId: event.streamId,
          revision: event.revision,
          position: event.position,
          message: `${event.streamId}@${event.revision} (position ${event.position}): ${decoded.left.message}`,
        })
      options.onRead?.(decoded.right)
    }
    if (options.onProgress && check.events % 10_000 === 0) options.onProgress(check.events)
    if (limit !== undefined && event.position === limit) {
      reachedLimit = true
      break
    }
  }
  if (limit !== undefined && !reachedLimit && check.position < limit)
    return E.left({
      code: 'position-beyond-record',
      position: limit,
      last: check.position,
      message: `position ${limit} is past the end of the record (its last event is at ${check.position})`,
    })
  const at = limit ?? check.position
  if (options.expectDigest !== undefined && options.expectDigest !== check.digest)
    return E.left({
      code: 'digest-mismatch',
      position: at,
      expected: options.expectDigest,
      actual: check.digest,
      message: `the record up to position ${at} has digest ${check.digest}, not the ${options.expectDigest} recorded for it: it was changed since`,
    })
  let streamsDigest: string | undefined
  if (limit === undefined) {
    const hash = createHash('sha256')
    for (const id of [...lastHashes.keys()].sort()) hash.update(`${id}\n${lastHashes.get(id)!}\n`)
    streamsDigest = hash.digest('hex')
  }
  return E.right({
    events: check.events,
    streams: check.streamCount,
    position: check.position,
    digest: check.digest,
    chains: check.chains,
    ...(streamsDigest === undefined ? {} : { streamsDigest }),
  })
}

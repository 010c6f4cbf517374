/**
 * The checks every recorded event must pass, in global order, and the record's digest: each
 * stream's revisions run 0, 1, 2, ... with its hash chain unbroken (at each event's own chain
 * version, never lowered within a stream), global positions only grow (without gaps where the
 * store's positions are contiguous), event ids are never repeated, and every hash is chained
 * into the digest of the record up to that event. One accumulator serves verifying a store,
 * checking an archive and importing one; memory holds one entry per stream, never the events.
 */
import type { RecordedEvent } from '../port/event-store.js'
import {
  chainedHash,
  chainVersionOf,
  EMPTY_RECORD_DIGEST,
  GENESIS_HASH,
  nextRecordDigest,
} from './hash-chain.js'
import { SeenIds } from './seen-ids.js'

export type Breach =
  | 'hash-mismatch'
  | 'revision-gap'
  | 'revision-repeated'
  | 'position-gap'
  | 'position-out-of-order'
  | 'invalid-event'
  | 'chain-version-lowered'
  | 'chain-version-unknown'
  | 'event-id-repeated'

export interface HistoryBreach {
  readonly code: 'history-breached'
  readonly breach: Breach
  readonly streamId: string
  readonly revision: number
  readonly position: number
  readonly message: string
}

interface StreamState {
  next: number
  hash: string
  chain: number
}

export class RecordCheck {
  private readonly streams = new Map<string, StreamState>()
  private readonly ids = new SeenIds()
  private previousPosition = -1
  private recordDigest = EMPTY_RECORD_DIGEST
  private count = 0
  private readonly perChain = new Map<number, number>()

  /**
   * `hashes: false` leaves the hash chain unchecked (every other check stays): for a writer that
   * makes each hash again as it writes and compares it, so that it is computed once, not twice.
   */
  constructor(
    private readonly contiguousPositions: boolean,
    private readonly options: { readonly hashes?: boolean } = {},
  ) {}

  /** Checks the next event of the record; undefined when it passes (and is then counted in). */
  check(event: RecordedEvent): HistoryBreach | undefined {
    const breach = (kind: Breach, message: string): HistoryBreach => ({
      code: 'history-breached',
      breach: kind,
      streamId: event.streamId,
      revision: event.revision,
      position: event.position,
      message: `${event.streamId}@${event.revision} (position ${event.position}): ${message}`,
    })
    if (event.position <= this.previousPosition)
      return breach(
        'position-out-of-order',
        `comes after position ${this.previousPosition}: events were reordered or inserted`,
      )
    const stream = this.streams.get(event.streamId) ?? { next: 0, hash: GENESIS_HASH, chain: 1 }
    if (event.revision > stream.next)
      return breach(
        'revision-gap',
        `expected revision ${stream.next}: ${event.revision - stream.next} event(s) before it were removed`,
      )
    if (event.revision < stream.next)
      return breach(
        'revision-repeated',
        `revision ${event.revision} again after ${stream.next - 1}: an event was inserted or reordered`,
      )
    if (this.contiguousPositions && event.position !== this.previousPosition + 1)
      return breach(
        'position-gap',
        `expected position ${this.previousPosition + 1}: the event(s) before it were removed`,
      )
    const chain = chainVersionOf(event)
    if (chain < stream.chain)
      return breach(
        'chain-version-lowered',
        `hash chain version ${chain} after version ${stream.chain} in its stream: its version was edited`,
      )
    if (chain > 2)
      return breach(
        'chain-version-unknown',
        `hash chain version ${chain} is newer than this servicelife knows`,
      )
    if (this.options.hashes !== false && chainedHash(stream.hash, event) !== event.metadata.hash)
      return breach('hash-mismatch', 'its content does not match its hash: it was edited')
    if (!this.ids.add(event.metadata.eventId))
      return breach('event-id-repeated', `event id ${event.metadata.eventId} was recorded before`)
    stream.next = event.revision + 1
    stream.hash = event.metadata.hash
    stream.chain = chain
    this.streams.set(event.streamId, stream)
    this.previousPosition = event.position
    this.recordDigest = nextRecordDigest(this.recordDigest, event.metadata.hash)
    this.perChain.set(chain, (this.perChain.get(chain) ?? 0) + 1)
    this.count++
    return undefined
  }

  /** The digest of the record up to the last event checked. */
  get digest(): string {
    return this.recordDigest
  }

  get events(): number {
    return this.count
  }

  /** The position of the last event checked, -1 before the first. */
  get position(): number {
    return this.previousPosition
  }

  get streamCount(): number {
    return this.streams.size
  }

  /** Events checked by hash chain version. */
  get chains(): Readonly<Record<string, number>> {
    return Object.fromEntries([...this.perChain.entries()].sort(([a], [b]) => a - b))
  }

  /** Each stream's last hash, streams in name order. */
  *streamHashes(): Iterable<readonly [string, string]> {
    for (const id of [...this.streams.keys()].sort()) yield [id, this.streams.get(id)!.hash]
  }

  /** Whether a stream has been seen (it is in the record checked so far). */
  hasStream(streamId: string): boolean {
    return this.streams.has(streamId)
  }
}

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
import { fingerprint, SeenIds } from './seen-ids.js'

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

/**
 * Each stream's next revision, chain version and last hash, in typed arrays: a record of a million
 * streams is checked in one pass, so a stream costs about 60 bytes here, not the few hundred of
 * an object with a hex string in a map. A stream is found by the 96-bit fingerprint of its id
 * (`seen-ids.ts`); two ids that share one are as likely as for event ids (below one in 10^16
 * for a million streams), and would read as one stream's revisions repeated.
 */
class StreamStates {
  /** Open addressing, linear probing: the fingerprint's three words and row + 1 (0: empty); at most 3/4 full. */
  private slots = new Uint32Array(4 * 1024)
  private count = 0
  private next = new Int32Array(1024)
  private chain = new Uint8Array(1024)
  private hashes = new Uint8Array(1024 * 32)
  private readonly scratch = new Uint32Array(3)

  get size(): number {
    return this.count
  }

  /** The stream's row, or -1 when it was not seen. */
  row(streamId: string): number {
    fingerprint(streamId, this.scratch)
    const found = this.slotOf(this.slots, this.scratch[0]!, this.scratch[1]!, this.scratch[2]!)
    return this.slots[found + 3]! - 1
  }

  /** Adds a stream not seen before; its row. */
  add(streamId: string): number {
    if ((this.count + 1) * 4 > (this.slots.length / 4) * 3) this.grow()
    fingerprint(streamId, this.scratch)
    const row = this.count++
    if (row === this.next.length) {
      this.next = grown(this.next, new Int32Array(row * 2))
      this.chain = grown(this.chain, new Uint8Array(row * 2))
      this.hashes = grown(this.hashes, new Uint8Array(row * 64))
    }
    const at = this.slotOf(this.slots, this.scratch[0]!, this.scratch[1]!, this.scratch[2]!)
    this.slots.set([this.scratch[0]!, this.scratch[1]!, this.scratch[2]!, row + 1], at)
    return row
  }

  nextRevision(row: number): number {
    return this.next[row]!
  }

  chainOf(row: number): number {
    return this.chain[row]!
  }

  hash(row: number): string {
    return Buffer.from(this.hashes.buffer, this.hashes.byteOffset + row * 32, 32).toString('hex')
  }

  set(row: number, next: number, chain: number, hash: string): void {
    this.next[row] = next
    this.chain[row] = chain
    Buffer.from(this.hashes.buffer, this.hashes.byteOffset + row * 32, 32).write(hash, 'hex')
  }

  /** The slot (its first word's index) holding the fingerprint, or the empty slot where it would go. */
  private slotOf(slots: Uint32Array, h0: number, h1: number, h2: number): number {
    const mask = slots.length / 4 - 1
    for (let slot = (h1 ^ h2) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * 4
      if (slots[at + 3] === 0) return at
      if (slots[at] === h0 && slots[at + 1] === h1 && slots[at + 2] === h2) return at
    }
  }

  private grow(): void {
    const old = this.slots
    const slots = new Uint32Array(old.length * 2)
    for (let at = 0; at < old.length; at += 4)
      if (old[at + 3] !== 0)
        slots.set(old.subarray(at, at + 4), this.slotOf(slots, old[at]!, old[at + 1]!, old[at + 2]!))
    this.slots = slots
  }
}

const grown = <T extends Int32Array | Uint8Array>(from: T, to: T): T => {
  to.set(from)
  return to
}

export class RecordCheck {
  private readonly streams = new StreamStates()
  private readonly ids = new SeenIds()
  private previousPosition = -1
  private recordDigest = EMPTY_RECORD_DIGEST
  private count = 0
  private readonly perChain = new Map<number, number>()

  /**
   * `hashes: false` leaves the hash chain unchecked (every other check stays): for a writer that
   * makes each hash again as it writes and compares it, so that it is computed once, not twice.
   * `part: true` checks a part of the record that holds whole streams, read apart from the rest:
   * its streams and positions, not the event ids and digest that span the record (`RecordSpan`).
   */
  constructor(
    private readonly contiguousPositions: boolean,
    private readonly options: { readonly hashes?: boolean; readonly part?: boolean } = {},
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
    const row = this.streams.row(event.streamId)
    const stream =
      row === -1
        ? { next: 0, hash: GENESIS_HASH, chain: 1 }
        : {
            next: this.streams.nextRevision(row),
            hash: this.streams.hash(row),
            chain: this.streams.chainOf(row),
          }
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
    if (this.options.part !== true && !this.ids.add(event.metadata.eventId))
      return breach('event-id-repeated', `event id ${event.metadata.eventId} was recorded before`)
    this.streams.set(
      row === -1 ? this.streams.add(event.streamId) : row,
      event.revision + 1,
      chain,
      event.metadata.hash,
    )
    this.previousPosition = event.position
    if (this.options.part !== true)
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
}

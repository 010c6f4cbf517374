/**
 * What the file store holds in memory of its log: each event's byte offset, and per stream its
 * length, latest event and latest hash. A stream's positions are not kept in an array of its own:
 * each event points back to the previous event of its stream, so a city's million short case
 * streams cost one number per event rather than an array per stream. The numbers and hashes sit
 * in typed arrays off the JS heap, which the garbage collector neither walks nor moves; a stream
 * costs the heap only its id and its entry in the map of ids.
 */

/** A stream's slot in the index, from `LogIndex.stream`. */
export type StreamSlot = number

const HASH_BYTES = 32

/** Positions and slots are int32s: the most events an index holds. */
export const MAX_EVENTS = 2 ** 31 - 1

/** Half again as many items. */
const grownCapacity = (capacity: number) => Math.ceil(capacity * 1.5)

/** A copy of `array`, longer. */
const resized = <A extends Float64Array | Int32Array | Buffer>(array: A, larger: A): A => {
  larger.set(array)
  return larger
}

/** What a scan of the log hands each event of a whole append to: an index, or a count. */
export interface IndexSink {
  add(streamId: string, hash: string, offset: number): void
}

/** The events of whole appends, counted: what a read-only opening keeps until a read needs an index. */
export class EventCount implements IndexSink {
  size = 0
  add(): void {
    this.size++
  }
}

export class LogIndex implements IndexSink {
  private events = 0
  /** Byte offset in the log of each global position. */
  private offsets = new Float64Array(1024)
  /** The position of the previous event of the same stream, -1 for a stream's first. */
  private previous = new Int32Array(1024)
  private readonly slots = new Map<string, StreamSlot>()
  /** Per slot: its stream's length, the position of its latest event, and its latest hash. */
  private counts = new Int32Array(256)
  private lasts = new Int32Array(256)
  private hashes = Buffer.alloc(256 * HASH_BYTES)
  /** By slot, latest hashes that are not SHA-256 in lowercase hex (a log written by hand), as text. */
  private readonly textHashes = new Map<StreamSlot, string>()

  /** `maxEvents` is for tests; past it, `add` throws rather than wrap a position around. */
  constructor(private readonly maxEvents = MAX_EVENTS) {}

  get size(): number {
    return this.events
  }

  /** The stream's slot, or undefined for a stream with no events. */
  stream(streamId: string): StreamSlot | undefined {
    return this.slots.get(streamId)
  }

  /** Events in the stream: its latest revision is `count - 1`. */
  count(slot: StreamSlot): number {
    return this.counts[slot]!
  }

  lastHash(slot: StreamSlot): string {
    const text = this.textHashes.size === 0 ? undefined : this.textHashes.get(slot)
    return text ?? this.hashes.toString('hex', slot * HASH_BYTES, (slot + 1) * HASH_BYTES)
  }

  /** Byte offset in the log of the event at a global position. */
  offset(position: number): number {
    return this.offsets[position]!
  }

  /** Indexes the next event of the log. */
  add(streamId: string, hash: string, offset: number): void {
    const position = this.events
    if (position === this.maxEvents)
      throw new Error(`LogIndex: a log of more than ${this.maxEvents} events is past what it holds`)
    if (position === this.offsets.length) {
      const capacity = grownCapacity(position)
      this.offsets = resized(this.offsets, new Float64Array(capacity))
      this.previous = resized(this.previous, new Int32Array(capacity))
    }
    let slot = this.slots.get(streamId)
    if (slot === undefined) {
      slot = this.slots.size
      if (slot === this.counts.length) {
        const capacity = grownCapacity(slot)
        this.counts = resized(this.counts, new Int32Array(capacity))
        this.lasts = resized(this.lasts, new Int32Array(capacity))
        this.hashes = resized(this.hashes, Buffer.alloc(capacity * HASH_BYTES))
      }
      this.slots.set(streamId, slot)
      this.previous[position] = -1
    } else this.previous[position] = this.lasts[slot]!
    this.counts[slot]!++
    this.lasts[slot] = position
    // SHA-256 in lowercase hex, as this store's chain writes it, goes in as its 32 bytes. Any other
    // text (a log written by hand) is kept as it is: hex decoding stops at the first character that
    // is not hex, and the case of A-F would be lost. A regular expression costs three times this.
    if (
      hash.length === 2 * HASH_BYTES &&
      this.hashes.write(hash, slot * HASH_BYTES, HASH_BYTES, 'hex') === HASH_BYTES &&
      hash.toLowerCase() === hash
    ) {
      if (this.textHashes.size > 0) this.textHashes.delete(slot)
    } else this.textHashes.set(slot, hash)
    this.offsets[position] = offset
    this.events = position + 1
  }

  /**
   * The global positions of a stream's events from revision `from` to its latest, in revision
   * order. Walked back from the latest event, so a read of a stream's recent events (a command
   * after its cached state) costs those events, not the whole stream.
   */
  positions(slot: StreamSlot, from = 0): number[] {
    const positions = new Array<number>(Math.max(0, this.counts[slot]! - from))
    let position = this.lasts[slot]!
    for (let i = positions.length - 1; i >= 0; i--) {
      positions[i] = position
      position = this.previous[position]!
    }
    return positions
  }
}

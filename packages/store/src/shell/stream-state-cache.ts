/**
 * The folded state of recently handled streams, so that handling a command reads only the events
 * recorded since (usually none) instead of the whole stream. Bounded: the least recently used
 * stream is dropped first. Streams only grow in servicelife stores, so a cached state plus the
 * events after its revision is always the state of the whole stream.
 */
import type { RecordedEvent } from '../port/event-store.js'

export interface CachedStream<S> {
  /** The last revision folded into `state`; -1 for a stream with no events. */
  readonly revision: number
  readonly state: S
  /** The events each command id recorded on the stream, for duplicate detection. */
  readonly commands: Map<string, RecordedEvent[]>
}

export class StreamStateCache {
  private readonly entries = new Map<string, CachedStream<unknown>>()

  constructor(readonly maxStreams = 10_000) {}

  get<S>(streamId: string): CachedStream<S> | undefined {
    const entry = this.entries.get(streamId)
    if (entry !== undefined) {
      // Re-inserting keeps Map order as recency order.
      this.entries.delete(streamId)
      this.entries.set(streamId, entry)
    }
    return entry as CachedStream<S> | undefined
  }

  set<S>(streamId: string, entry: CachedStream<S>): void {
    this.entries.delete(streamId)
    this.entries.set(streamId, entry)
    if (this.entries.size > this.maxStreams) this.entries.delete(this.entries.keys().next().value!)
  }

  get size(): number {
    return this.entries.size
  }
}

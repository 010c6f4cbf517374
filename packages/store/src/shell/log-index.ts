/**
 * What the file store holds in memory of its log: each event's byte offset, and per stream its
 * length, latest event and latest hash. A stream's positions are not kept in an array of its own:
 * each event points back to the previous event of its stream, so a city's million short case
 * streams cost one number per event rather than an array per stream.
 */

export interface StreamIndex {
  /** Events in the stream: its latest revision is `count - 1`. */
  count: number
  /** Global position of the stream's latest event. */
  last: number
  lastHash: string
}

export class LogIndex {
  /** Byte offset in the log of each global position. */
  readonly offsets: number[] = []
  /** The position of the previous event of the same stream, -1 for a stream's first. */
  private readonly previous: number[] = []
  private readonly streams = new Map<string, StreamIndex>()

  get size(): number {
    return this.offsets.length
  }

  stream(streamId: string): StreamIndex | undefined {
    return this.streams.get(streamId)
  }

  /** Indexes the next event of the log. */
  add(streamId: string, hash: string, offset: number): void {
    const position = this.offsets.length
    const stream = this.streams.get(streamId)
    if (stream === undefined) {
      this.streams.set(streamId, { count: 1, last: position, lastHash: hash })
      this.previous.push(-1)
    } else {
      this.previous.push(stream.last)
      stream.count++
      stream.last = position
      stream.lastHash = hash
    }
    this.offsets.push(offset)
  }

  /**
   * The global positions of a stream's events from revision `from` to its latest, in revision
   * order. Walked back from the latest event, so a read of a stream's recent events (a command
   * after its cached state) costs those events, not the whole stream.
   */
  positions(stream: StreamIndex, from = 0): number[] {
    const positions = new Array<number>(Math.max(0, stream.count - from))
    let position = stream.last
    for (let i = positions.length - 1; i >= 0; i--) {
      positions[i] = position
      position = this.previous[position]!
    }
    return positions
  }
}

/**
 * The settled cases of a streaming check: case id → when it was last answered, and when it was
 * first met (its place in the check's order). A check of a city's record holds a million of them;
 * as a Map of strings to numbers each costs about 100 bytes of JS heap, here its id's UTF-8 bytes
 * and about 30 bytes in typed arrays, which the garbage collector neither walks nor moves.
 * Behaves as a `Map<string, SettledCase>` that only grows; a property pins it equal to one.
 */

export interface SettledCase {
  /** The latest answer's time (epoch milliseconds). */
  readonly answeredAt: number
  /** The order in which the check first met the case. */
  readonly seq: number
}

const EMPTY = -1
const encoder = new TextEncoder()

/** FNV-1a over UTF-8 bytes. */
const hashOf = (bytes: Uint8Array, start: number, end: number): number => {
  let h = 0x811c9dc5
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  return h
}

/** A copy of `array` with room for `length` items. */
const grown = <A extends Int32Array | Float64Array | Uint8Array>(array: A, larger: A): A => {
  larger.set(array)
  return larger
}

/** Half again as many, at least `needed`. */
const grownLength = (length: number, needed = 0) => Math.max(needed, Math.ceil(length * 1.5))

export class SettledCases {
  private size = 0
  /** Open addressing: per slot, the entry there, or EMPTY. At most half full, a power of two long. */
  private slots: Int32Array
  /** Entry i's id is bytes[starts[i], starts[i + 1]): entries are added, never moved. */
  private starts: Int32Array
  private answeredAt: Float64Array
  private seqs: Int32Array
  private bytes: Uint8Array
  /** The id being looked up, as UTF-8. */
  private scratch = new Uint8Array(256)
  private scratchLength = 0

  /** `entries` is for tests: a small one makes them grow the table. */
  constructor(entries = 1024) {
    const capacity = Math.max(1, entries)
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(2 * capacity))).fill(EMPTY)
    this.starts = new Int32Array(capacity + 1)
    this.answeredAt = new Float64Array(capacity)
    this.seqs = new Int32Array(capacity)
    this.bytes = new Uint8Array(16 * capacity)
  }

  get count(): number {
    return this.size
  }

  get(id: string): SettledCase | undefined {
    const entry = this.entryOf(id)
    if (entry === EMPTY) return undefined
    return { answeredAt: this.answeredAt[entry]!, seq: this.seqs[entry]! }
  }

  set(id: string, settled: SettledCase): void {
    let entry = this.entryOf(id)
    if (entry === EMPTY) entry = this.add()
    this.answeredAt[entry] = settled.answeredAt
    this.seqs[entry] = settled.seq
  }

  /** The entry of `id`, or EMPTY; leaves the id's bytes in `scratch` for `add`. */
  private entryOf(id: string): number {
    const most = 3 * id.length
    if (most > this.scratch.length) this.scratch = new Uint8Array(Math.max(most, 2 * this.scratch.length))
    this.scratchLength = encoder.encodeInto(id, this.scratch).written
    const mask = this.slots.length - 1
    for (let slot = hashOf(this.scratch, 0, this.scratchLength) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!
      if (entry === EMPTY || this.sameBytes(entry)) return entry
    }
  }

  private sameBytes(entry: number): boolean {
    const start = this.starts[entry]!
    if (this.starts[entry + 1]! - start !== this.scratchLength) return false
    for (let i = 0; i < this.scratchLength; i++) if (this.bytes[start + i] !== this.scratch[i]) return false
    return true
  }

  /** A new entry for the id in `scratch`. */
  private add(): number {
    const entry = this.size
    if (entry === this.seqs.length) {
      const capacity = grownLength(entry)
      this.starts = grown(this.starts, new Int32Array(capacity + 1))
      this.answeredAt = grown(this.answeredAt, new Float64Array(capacity))
      this.seqs = grown(this.seqs, new Int32Array(capacity))
    }
    const start = this.starts[entry]!
    const end = start + this.scratchLength
    if (end > this.bytes.length)
      this.bytes = grown(this.bytes, new Uint8Array(grownLength(this.bytes.length, end)))
    this.bytes.set(this.scratch.subarray(0, this.scratchLength), start)
    this.starts[entry + 1] = end
    this.size++
    if (2 * this.size > this.slots.length) {
      this.slots = new Int32Array(2 * this.slots.length).fill(EMPTY)
      for (let e = 0; e < this.size; e++) this.place(e)
    } else this.place(entry)
    return entry
  }

  private place(entry: number): void {
    const mask = this.slots.length - 1
    let slot = hashOf(this.bytes, this.starts[entry]!, this.starts[entry + 1]!) & mask
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask
    this.slots[slot] = entry
  }
}

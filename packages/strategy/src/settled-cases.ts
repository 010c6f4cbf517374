/**
 * The settled cases of a streaming check: case id → when it was last answered, and when it was
 * first met (its place in the check's order). A check of a city's record holds a million of them;
 * as a Map of strings to numbers each costs about 100 bytes of JS heap, here its id's UTF-8 bytes
 * and about 40 bytes in typed arrays, which the garbage collector neither walks nor moves.
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

/** FNV-1a over the id's UTF-16 code units. */
const hashOf = (id: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  return h | 0
}

const grown = <A extends Int32Array | Float64Array | Uint8Array>(array: A, larger: A): A => {
  larger.set(array)
  return larger
}

export class SettledCases {
  private size = 0
  /** Open addressing: per slot, the entry there, or EMPTY. Kept at most half full. */
  private slots: Int32Array
  /** Per entry: its id's hash, where its bytes start and how many, its answer time and order. */
  private hashes: Int32Array
  private starts: Int32Array
  private lengths: Int32Array
  private answeredAt: Float64Array
  private seqs: Int32Array
  private bytes: Uint8Array
  private bytesUsed = 0
  /** The id being looked up, as UTF-8. */
  private scratch = new Uint8Array(256)
  private scratchLength = 0

  /** `entries` is for tests: a small one makes them grow the table. */
  constructor(entries = 1024) {
    // A power of two, so that a slot is a hash masked; growth doubles it.
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(1, entries)))
    this.slots = new Int32Array(2 * capacity).fill(EMPTY)
    this.hashes = new Int32Array(capacity)
    this.starts = new Int32Array(capacity)
    this.lengths = new Int32Array(capacity)
    this.answeredAt = new Float64Array(capacity)
    this.seqs = new Int32Array(capacity)
    this.bytes = new Uint8Array(16 * capacity)
  }

  get count(): number {
    return this.size
  }

  get(id: string): SettledCase | undefined {
    const entry = this.entryOf(id, hashOf(id))
    if (entry === EMPTY) return undefined
    return { answeredAt: this.answeredAt[entry]!, seq: this.seqs[entry]! }
  }

  set(id: string, settled: SettledCase): void {
    const hash = hashOf(id)
    let entry = this.entryOf(id, hash)
    if (entry === EMPTY) entry = this.add(hash)
    this.answeredAt[entry] = settled.answeredAt
    this.seqs[entry] = settled.seq
  }

  /** The entry of `id`, or EMPTY; leaves the id's bytes in `scratch` for `add`. */
  private entryOf(id: string, hash: number): number {
    const most = 3 * id.length
    if (most > this.scratch.length) this.scratch = new Uint8Array(Math.max(most, 2 * this.scratch.length))
    this.scratchLength = encoder.encodeInto(id, this.scratch).written
    const mask = this.slots.length - 1
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!
      if (entry === EMPTY) return EMPTY
      if (this.hashes[entry] === hash && this.sameBytes(entry)) return entry
    }
  }

  private sameBytes(entry: number): boolean {
    const length = this.lengths[entry]!
    if (length !== this.scratchLength) return false
    const start = this.starts[entry]!
    for (let i = 0; i < length; i++) if (this.bytes[start + i] !== this.scratch[i]) return false
    return true
  }

  /** A new entry for the id in `scratch`. */
  private add(hash: number): number {
    const entry = this.size
    if (entry === this.hashes.length) this.grow()
    if (this.bytesUsed + this.scratchLength > this.bytes.length)
      this.bytes = grown(
        this.bytes,
        new Uint8Array(Math.max(2 * this.bytes.length, this.bytesUsed + this.scratchLength)),
      )
    this.bytes.set(this.scratch.subarray(0, this.scratchLength), this.bytesUsed)
    this.starts[entry] = this.bytesUsed
    this.lengths[entry] = this.scratchLength
    this.bytesUsed += this.scratchLength
    this.hashes[entry] = hash
    this.place(entry)
    this.size++
    return entry
  }

  private place(entry: number): void {
    const mask = this.slots.length - 1
    let slot = this.hashes[entry]! & mask
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask
    this.slots[slot] = entry
  }

  /** Twice the entries, and the slots rebuilt for them. */
  private grow(): void {
    const capacity = 2 * this.hashes.length
    this.hashes = grown(this.hashes, new Int32Array(capacity))
    this.starts = grown(this.starts, new Int32Array(capacity))
    this.lengths = grown(this.lengths, new Int32Array(capacity))
    this.answeredAt = grown(this.answeredAt, new Float64Array(capacity))
    this.seqs = grown(this.seqs, new Int32Array(capacity))
    this.slots = new Int32Array(2 * capacity).fill(EMPTY)
    for (let entry = 0; entry < this.size; entry++) this.place(entry)
  }
}

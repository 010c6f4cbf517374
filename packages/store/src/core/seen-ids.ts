/**
 * The event ids seen so far, for checking that an archive's ids are unique across the whole
 * record: each id is kept as a 96-bit hash in typed arrays, 12 bytes and a slot, never as a
 * string, so that millions of ids fit. Two different ids share a hash with a chance of about
 * n² / 2^97 (below one in ten billion for ten million ids); such a pair would be reported as a
 * repeated id.
 */

const FNV_PRIME = 0x01000193

/** Three FNV-1a hashes of the UTF-16 code units, from three offset bases: a 96-bit fingerprint. */
export const fingerprint = (id: string, out: Uint32Array): void => {
  let a = 0x811c9dc5
  let b = 0x050c5d1f
  let c = 0x2e6e3ed5
  for (let i = 0; i < id.length; i++) {
    const unit = id.charCodeAt(i)
    a = Math.imul(a ^ unit, FNV_PRIME)
    b = Math.imul(b ^ (unit & 0xff), FNV_PRIME) ^ (unit >>> 8)
    c = Math.imul(c ^ unit, 0x01000193 + 0x100 * (i & 7))
  }
  // Slot 0 of a triple marks an empty slot: a hash is never all zero there.
  out[0] = (a | 1) >>> 0
  out[1] = b >>> 0
  out[2] = (Math.imul(c ^ id.length, FNV_PRIME) ^ (a >>> 16)) >>> 0
}

export class SeenIds {
  private slots = new Uint32Array(3 * 1024)
  private count = 0
  private readonly scratch = new Uint32Array(3)

  get size(): number {
    return this.count
  }

  /** Adds the id; false when it (or an id with the same hash) was seen before. */
  add(id: string): boolean {
    // At most three quarters full: linear probing stays short, and the slots stay 16 bytes an id.
    if ((this.count + 1) * 4 > (this.slots.length / 3) * 3) this.grow()
    fingerprint(id, this.scratch)
    return this.insert(this.scratch[0]!, this.scratch[1]!, this.scratch[2]!)
  }

  private insert(h0: number, h1: number, h2: number): boolean {
    const capacity = this.slots.length / 3
    let slot = (h1 ^ h2) & (capacity - 1)
    for (;;) {
      const at = slot * 3
      const s0 = this.slots[at]!
      if (s0 === 0) {
        this.slots[at] = h0
        this.slots[at + 1] = h1
        this.slots[at + 2] = h2
        this.count++
        return true
      }
      if (s0 === h0 && this.slots[at + 1] === h1 && this.slots[at + 2] === h2) return false
      slot = (slot + 1) & (capacity - 1)
    }
  }

  private grow(): void {
    const old = this.slots
    this.slots = new Uint32Array(old.length * 2)
    this.count = 0
    for (let at = 0; at < old.length; at += 3)
      if (old[at] !== 0) this.insert(old[at]!, old[at + 1]!, old[at + 2]!)
  }
}

/**
 * The cost of sealing and opening one personal field (`npx tsx bench/sealing-cost.ts`): 100,000
 * of each, a fresh vector per seal, in microseconds per field.
 */
import { randomBytes } from 'node:crypto'
import { openField, sealField } from '@servicelife/personal-data'

const key = { id: 'k', key: randomBytes(32) }
const place = { streamId: 'case-1', type: 'ContactReceived', revision: 0, path: 'subject' }
const text = 'Permit for a terrace at the market square'
const sealed = sealField(key, randomBytes(12), place, text)
const N = 100_000
const perField = (work: () => unknown) => {
  const start = performance.now()
  for (let i = 0; i < N; i++) work()
  return (((performance.now() - start) * 1000) / N).toFixed(1)
}
console.log(`seal ${perField(() => sealField(key, randomBytes(12), place, text))} µs per field`)
console.log(`open ${perField(() => openField(key, place, sealed))} µs per field`)

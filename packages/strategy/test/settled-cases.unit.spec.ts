/** The settled cases' table is a Map that only grows, stored off the JS heap. */
import { test } from '@fast-check/vitest'
import fc from 'fast-check'
import { describe, expect } from 'vitest'
import { type SettledCase, SettledCases } from '../src/settled-cases.js'

// Few distinct ids, so that updates and lookups of present ids are common; any text, so that
// ids of several UTF-8 bytes per character and ids with the same hash prefix are met; and ids
// longer than the 256 bytes a lookup starts with, in one and in several bytes per character.
const id = fc.oneof(
  fc.constantFrom(
    'c1',
    'c2',
    'c10',
    'ä',
    'ää',
    '',
    'c1 ',
    'x'.repeat(300),
    `${'x'.repeat(300)}y`,
    'ä'.repeat(90),
    'ä'.repeat(91),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 80, maxLength: 200 }),
)
const settledCase = fc.record({
  answeredAt: fc.oneof(fc.double({ noNaN: true }), fc.constant(Number.NEGATIVE_INFINITY)),
  seq: fc.nat(),
})
const operation = fc.oneof(fc.record({ set: id, to: settledCase }), fc.record({ get: id }))

describe('SettledCases', () => {
  test.prop([fc.array(operation, { maxLength: 300 }), fc.integer({ min: 1, max: 8 })], { numRuns: 200 })(
    'answers every lookup as a Map given the same settings does, through any growth',
    (operations, capacity) => {
      const table = new SettledCases(capacity)
      const model = new Map<string, SettledCase>()
      for (const op of operations)
        if ('set' in op) {
          table.set(op.set, op.to)
          model.set(op.set, op.to)
        } else expect(table.get(op.get)).toEqual(model.get(op.get))
      expect(table.count).toBe(model.size)
      for (const [key, value] of model) expect(table.get(key)).toEqual(value)
    },
  )
})

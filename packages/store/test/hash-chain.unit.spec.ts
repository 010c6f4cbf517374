/** The hash chain's text and hash are fixed forever: archives written today verify tomorrow. */
import { test } from '@fast-check/vitest'
import {
  canonicalJson,
  chainTwoText,
  chainTwoTextPlain,
  eventHash,
  GENESIS_HASH,
} from '@servicelife/store/adapter'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

/** The same value with every object's keys inserted in reverse order. */
const reordered = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(reordered)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .reverse()
            .map((k) => [k, reordered((v as Record<string, unknown>)[k])]),
        )
      : v

/** JSON values whose strings hold any code unit: quotes, backslashes, control characters, lone surrogates. */
const anyJson = fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' })

/** The reference: the library sort of every object's keys, written out by map and join. */
const sortedJson = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map((x) => (x === undefined ? 'null' : sortedJson(x))).join(',')}]`
    : v !== null && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => `${JSON.stringify(k)}:${sortedJson((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : (JSON.stringify(v) ?? 'null')

describe('canonical JSON and the event hash', () => {
  test.prop([fc.jsonValue()], { numRuns: 300 })(
    'canonical JSON is JSON of the same value, whatever order its keys were written in',
    (value) => {
      expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)))
      expect(canonicalJson(reordered(value))).toBe(canonicalJson(value))
    },
  )

  test.prop(
    [
      fc.oneof(
        fc.dictionary(fc.string({ unit: 'binary' }), anyJson, { maxKeys: 16 }),
        fc.dictionary(fc.string({ unit: 'binary' }), anyJson, { minKeys: 17, maxKeys: 40 }),
      ),
    ],
    { numRuns: 200 },
  )("canonical JSON writes every object's keys in code-unit order, small objects and large", (value) => {
    expect(canonicalJson(value)).toBe(sortedJson(value))
  })

  test.prop(
    [
      fc.record(
        {
          streamId: fc.string({ unit: 'binary' }),
          revision: fc.nat(),
          type: fc.string({ unit: 'binary' }),
          data: fc.option(anyJson, { nil: undefined, freq: 4 }),
          metadata: fc.record(
            {
              eventId: fc.string({ unit: 'binary' }),
              recordedAt: fc.string(),
              commandId: fc.string({ unit: 'binary' }),
              correlationId: fc.string(),
              causationId: fc.string(),
              schemaVersion: fc.integer({ min: 1, max: 9 }),
              chain: fc.constant(2),
            },
            { requiredKeys: ['eventId', 'recordedAt'] },
          ),
        },
        { requiredKeys: ['streamId', 'revision', 'type', 'data', 'metadata'] },
      ),
    ],
    { numRuns: 300 },
  )('chain version 2 hashes the canonical JSON of the content and envelope, whatever is present', (event) => {
    expect(chainTwoText(event)).toBe(chainTwoTextPlain(event))
  })

  it('the hash of a given event is pinned (changing it would break every archive)', () => {
    const event = {
      streamId: 'case-c1',
      revision: 3,
      type: 'ContactReceived',
      data: {
        caseId: 'c1',
        at: '2025-01-01T10:00:00+02:00',
        customer: { ref: 'r1', kind: 'resident' },
        tags: ['b', 'a', null],
        n: 1.5,
        u: undefined,
        z: { y: [{ b: 1, a: 2 }] },
      },
    }
    expect(eventHash(GENESIS_HASH, event)).toBe(
      '180c4feca8955bea6fe21ada086d3fff9cc4f9535878a30dac0da745b57a0d73',
    )
  })
})

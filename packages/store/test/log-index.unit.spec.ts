/** The file store's index: each stream's events, by revision, and its latest hash, for any log. */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { LogIndex } from '../src/shell/log-index.js'

// A log as the stream of each line, over a few streams so that they interleave.
const log = fc.array(fc.constantFrom('service-a', 'case-1', 'case-2', 'case-3'), { maxLength: 60 })

/**
 * Each line's hash: SHA-256 hex as the store's chain writes it, or any other text (a log written
 * by hand, uppercase hex), which the index must give back as it was read.
 */
const hashes = (length: number) =>
  fc.array(
    fc.oneof(
      fc.stringMatching(/^[0-9a-f]{64}$/),
      // 64 characters that are not lowercase hex: uppercase hex, whose case must survive, and
      // characters past f, where hex decoding stops; and hex longer than 32 bytes
      fc.stringMatching(/^[0-9A-F]{64}$/),
      fc.stringMatching(/^[0-9a-g]{64}$/),
      fc.stringMatching(/^[0-9a-f]{66}$/),
      fc.string({ maxLength: 70 }),
    ),
    {
      minLength: length,
      maxLength: length,
    },
  )

const logWithHashes = log.chain((streams) => fc.tuple(fc.constant(streams), hashes(streams.length)))

describe('LogIndex', () => {
  test.prop([logWithHashes])(
    'gives each stream the positions of its own lines in order, its length and its latest hash',
    ([streams, hashOf]) => {
      const index = new LogIndex()
      streams.forEach((streamId, position) => index.add(streamId, hashOf[position]!, position * 100))
      expect(index.size).toBe(streams.length)
      for (const streamId of new Set(streams)) {
        const own = streams.flatMap((s, position) => (s === streamId ? [position] : []))
        const stream = index.stream(streamId)!
        expect(index.positions(stream)).toEqual(own)
        expect(index.count(stream)).toBe(own.length)
        expect(index.lastHash(stream)).toBe(hashOf[own.at(-1)!])
      }
      expect(streams.map((_, position) => index.offset(position))).toEqual(
        streams.map((_, position) => position * 100),
      )
    },
  )

  test.prop([fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 1, max: 40_000 })], { numRuns: 20 })(
    'keeps every offset and stream past the arrays’ first sizes, offsets past 32 bits exactly',
    (events, streams) => {
      const index = new LogIndex()
      const offsetOf = (position: number) => 2 ** 33 + position * 301
      for (let position = 0; position < events; position++)
        index.add(`stream-${position % streams}`, `${position}`.padStart(64, '0'), offsetOf(position))
      expect(index.size).toBe(events)
      for (const position of [0, events >> 1, events - 1])
        expect(index.offset(position)).toBe(offsetOf(position))
      const lastStream = (events - 1) % streams
      const slot = index.stream(`stream-${lastStream}`)!
      expect(index.lastHash(slot)).toBe(`${events - 1}`.padStart(64, '0'))
      expect(index.count(slot)).toBe(Math.ceil((events - lastStream) / streams))
    },
  )

  test.prop([log, fc.nat({ max: 70 })])(
    'gives a stream its positions from a revision on: the same as all of them from that revision',
    (streams, from) => {
      const index = new LogIndex()
      streams.forEach((streamId, position) => index.add(streamId, 'h', position))
      for (const streamId of new Set(streams)) {
        const stream = index.stream(streamId)!
        expect(index.positions(stream, from)).toEqual(index.positions(stream).slice(from))
      }
    },
  )

  test('refuses the event past the most it holds, rather than wrap its position around', () => {
    const index = new LogIndex(3)
    for (let position = 0; position < 3; position++) index.add('case-1', 'h', position)
    expect(() => index.add('case-2', 'h', 3)).toThrow(/more than 3 events/)
    expect(index.size).toBe(3)
    expect(index.stream('case-2')).toBeUndefined()
  })

  test('a stream whose hash turns from text back to SHA-256 hex gives the hex one', () => {
    const index = new LogIndex()
    const hex = 'ab'.repeat(32)
    index.add('case-1', 'written by hand', 0)
    index.add('case-1', hex, 10)
    expect(index.lastHash(index.stream('case-1')!)).toBe(hex)
  })
})

/** The file store's index: each stream's events, by revision, and its latest hash, for any log. */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { LogIndex } from '../src/shell/log-index.js'

// A log as the stream of each line, over a few streams so that they interleave.
const log = fc.array(fc.constantFrom('service-a', 'case-1', 'case-2', 'case-3'), { maxLength: 60 })

describe('LogIndex', () => {
  test.prop([log])(
    'gives each stream the positions of its own lines, in the order they were added',
    (streams) => {
      const index = new LogIndex()
      streams.forEach((streamId, position) => index.add(streamId, `hash-${position}`, position * 100))
      expect(index.size).toBe(streams.length)
      for (const streamId of new Set(streams)) {
        const own = streams.flatMap((s, position) => (s === streamId ? [position] : []))
        const stream = index.stream(streamId)!
        expect(index.positions(stream)).toEqual(own)
        expect(stream.count).toBe(own.length)
        expect(stream.lastHash).toBe(`hash-${own.at(-1)}`)
      }
      expect(index.offsets).toEqual(streams.map((_, position) => position * 100))
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
})

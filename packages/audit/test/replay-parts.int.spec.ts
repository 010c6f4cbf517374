/**
 * An archive replayed in parts of whole streams gives the replay on one thread: the same report,
 * and for a broken archive the same first failure, because the parts find every failure one
 * thread finds and then leave the answer to one thread. The parts run here on this thread, carried
 * as a worker's are (`partHostHere`); `replay-threads.e2e.spec.ts` runs them on worker threads.
 */
import { test } from '@fast-check/vitest'
import { encodeEvent } from '@servicelife/domain'
import { archiveTextOf, cityHistory, inChunks } from '@servicelife/spec'
import { InMemoryEventStore } from '@servicelife/store'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect } from 'vitest'
import { partOf } from '../src/core/replay-part.js'
import { cityReport, replayArchive } from '../src/index.js'
import { partHostHere, replayInParts } from '../src/shell/replay-parts.js'

const histories = cityHistory({ services: 4, cases: 25 })
type History = typeof histories extends fc.Arbitrary<infer H> ? H : never

const archiveOf = async (history: History): Promise<string> => {
  const store = new InMemoryEventStore({ now: () => '2025-06-01T00:00:00.000Z' })
  for (const { streamId, event } of history)
    await store.appendToStream(streamId, [{ type: event.type, data: encodeEvent(event).data }], {
      expectedRevision: 'any',
    })
  return archiveTextOf(store)
}

/** The replay in `parts` parts, and whether it left the answer to one thread. */
const inParts = async (text: string, parts: number, options: Parameters<typeof replayArchive>[1] = {}) => {
  let again = false
  const replayed = await replayInParts(
    inChunks(text),
    options,
    Array.from({ length: parts - 1 }, () => partHostHere(options)),
    async () => {
      again = true
      return replayArchive(inChunks(text), options)
    },
  )
  return { replayed, again }
}

const reportOf = (r: Awaited<ReturnType<typeof replayArchive>>) =>
  E.isRight(r) ? { events: r.right.events, position: r.right.position, report: cityReport(r.right) } : r.left

/** Ways an archive is broken, or only rewritten, line by line. */
const tampering = fc.record({
  kind: fc.constantFrom(
    'edit data',
    'repeat an event id',
    'swap with the next line',
    'drop',
    'repeat',
    'raise the position',
    'keys in another order',
    'edit the hash',
    'move to another stream',
    'a second event id, which parsing keeps',
  ),
  at: fc.nat(),
  other: fc.nat(),
})
type Tampering = typeof tampering extends fc.Arbitrary<infer T> ? T : never

const tampered = (text: string, { kind, at, other }: Tampering): string => {
  const lines = text.split('\n').slice(0, -1)
  const events = lines.length - 1
  if (events < 2) return text
  const i = at % events
  const j = other % events
  const e = JSON.parse(lines[i]!) as {
    streamId: string
    position: number
    data: { at: string }
    metadata: { eventId: string; hash: string }
  }
  const withEvent = () => {
    lines[i] = JSON.stringify(e)
  }
  switch (kind) {
    case 'edit data':
      e.data.at = '2031-01-01T00:00:00.000Z'
      withEvent()
      break
    case 'repeat an event id':
      e.metadata.eventId = (JSON.parse(lines[j]!) as typeof e).metadata.eventId
      withEvent()
      break
    case 'swap with the next line':
      if (i + 1 < events) [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!]
      break
    case 'drop':
      lines.splice(i, 1)
      break
    case 'repeat':
      lines.splice(i, 0, lines[i]!)
      break
    case 'raise the position':
      e.position += 1 + (j % 3)
      withEvent()
      break
    case 'keys in another order': {
      const { metadata, ...rest } = e
      lines[i] = JSON.stringify({ metadata, ...rest })
      break
    }
    case 'edit the hash':
      e.metadata.hash = `${e.metadata.hash.slice(0, -1)}${e.metadata.hash.endsWith('0') ? '1' : '0'}`
      withEvent()
      break
    case 'a second event id, which parsing keeps': {
      const id = (JSON.parse(lines[j]!) as typeof e).metadata.eventId
      lines[i] = `${lines[i]!.slice(0, -2)},"eventId":${JSON.stringify(id)}}}`
      break
    }
    case 'move to another stream':
      e.streamId = (JSON.parse(lines[j]!) as typeof e).streamId
      withEvent()
      break
  }
  return `${lines.join('\n')}\n`
}

describe('replayArchive in parts', () => {
  const asOf = fc.option(
    fc.oneof(
      fc.record({ position: fc.nat() }),
      fc.record({ at: fc.constantFrom('2024-12-01T00:00:00+02:00', '2025-01-02T12:00:00+02:00') }),
    ),
    { nil: undefined },
  )

  test.prop([histories, fc.integer({ min: 2, max: 4 }), asOf], { numRuns: 15 })(
    'an archive replays in parts to the report, events and position of its replay on one thread, as of any point',
    async (history, parts, point) => {
      const text = await archiveOf(history)
      const options =
        point === undefined
          ? {}
          : { asOf: 'position' in point ? { position: point.position % Math.max(1, history.length) } : point }
      const { replayed, again } = await inParts(text, parts, options)
      expect(again).toBe(false)
      expect(reportOf(replayed)).toEqual(reportOf(await replayArchive(inChunks(text), options)))
    },
  )

  test.prop(
    [histories, fc.integer({ min: 2, max: 4 }), fc.array(tampering, { minLength: 1, maxLength: 2 })],
    {
      numRuns: 40,
    },
  )(
    'a broken archive is never replayed in parts: one thread gives its first failure',
    async (history, parts, tamperings) => {
      const text = tamperings.reduce(tampered, await archiveOf(history))
      const alone = await replayArchive(inChunks(text))
      const { replayed, again } = await inParts(text, parts)
      if (E.isLeft(alone)) expect(again).toBe(true)
      expect(reportOf(replayed)).toEqual(reportOf(alone))
    },
  )

  test.prop([fc.string(), fc.integer({ min: 1, max: 8 })])(
    "a stream's lines all go to one part, and service streams to the reading thread's",
    (id, parts) => {
      const part = partOf(`case-${id}`, parts)
      expect(part).toBeGreaterThanOrEqual(0)
      expect(part).toBeLessThan(parts)
      expect(partOf(`case-${id}`, parts)).toBe(part)
      expect(partOf(`service-${id}`, parts)).toBe(0)
    },
  )
})

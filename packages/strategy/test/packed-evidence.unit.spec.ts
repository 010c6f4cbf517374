/** A waiting case's evidence packed as numbers gives back the events it was packed from. */
import { test } from '@fast-check/vitest'
import fc from 'fast-check'
import { describe, expect } from 'vitest'
import { countOf, type EvidenceShelf, laterThan, pack, timeOf, unpack } from '../src/packed-evidence.js'
import type { HistoryEvent } from '../src/record.js'

const two = (n: number) => String(n).padStart(2, '0')

/** An `at` as a record may write it: any offset or Z, with or without seconds and fractions. */
const atText = fc
  .record({
    time: fc.integer({ min: Date.UTC(1970, 0, 2), max: Date.UTC(2199, 11, 30) }),
    offset: fc.oneof(fc.integer({ min: -1439, max: 1439 }), fc.constantFrom(0, 120, 180, -300)),
    zone: fc.constantFrom('offset', 'Z'),
    fraction: fc.constantFrom('', '.sss', '.s', '.sssssssss', 'no seconds'),
  })
  .map(({ time, offset, zone, fraction }) => {
    const shift = zone === 'Z' ? 0 : offset
    const local = new Date(time + shift * 60_000).toISOString()
    const body =
      fraction === 'no seconds'
        ? local.slice(0, 16)
        : fraction === '.sss'
          ? local.slice(0, 23)
          : fraction === '.s'
            ? local.slice(0, 21)
            : fraction === '.sssssssss'
              ? `${local.slice(0, 23)}456789`
              : local.slice(0, 19)
    const m = Math.abs(shift)
    return zone === 'Z'
      ? `${body}Z`
      : `${body}${shift < 0 ? '-' : '+'}${two(Math.floor(m / 60))}:${two(m % 60)}`
  })

/** Texts that look packable but are not written as `instantText` writes them, or are no time at all. */
const writtenOtherwise = ['2024-01-01T24:00:00.000+02:00', '2024-06-30T12:00:00.000-00:00']
const oddAt = fc.constantFrom(
  ...writtenOtherwise,
  '2024-06-30T12:00:00.000+00:00',
  'not a time',
  'twenty-four characters Z',
  'twenty-nine characters +02:00',
)

const event = fc.record(
  {
    streamId: fc.constantFrom('case-c1', 'case-c1', 'case-other'),
    position: fc.nat(),
    type: fc.constant('ContactReceived'),
    data: fc.record({ at: fc.oneof({ arbitrary: atText, weight: 4 }, { arbitrary: oddAt, weight: 1 }) }),
  },
  { requiredKeys: ['streamId', 'type', 'data'] },
)

const asEvidence = (e: HistoryEvent): HistoryEvent => ({
  streamId: e.streamId,
  ...(e.position === undefined ? {} : { position: e.position }),
  type: e.type,
  data: { at: (e.data as { at: string }).at },
})
const timeOfEvent = (e: HistoryEvent) => Date.parse((e.data as { at: string }).at)

describe('packed evidence', () => {
  test.prop([fc.array(event, { maxLength: 12 })], { numRuns: 300 })(
    "unpacks to each event's stream, position, type and `at` text exactly as written, with its time",
    (events) => {
      const shelf: EvidenceShelf = { streamId: 'case-c1', unpacked: undefined }
      const packed = events.flatMap((e) => pack(e, timeOfEvent(e), shelf))
      expect(countOf(packed)).toBe(events.length)
      expect(unpack(packed, 'ContactReceived', shelf)).toStrictEqual(events.map(asEvidence))
      events.forEach((e, i) => expect(timeOf(packed, i)).toBe(timeOfEvent(e)))
    },
  )

  test.prop([fc.array(event, { maxLength: 12 })], { numRuns: 200 })(
    "packs into numbers alone every event of the case's stream whose `at` has milliseconds and an offset or Z",
    (events) => {
      const shelf: EvidenceShelf = { streamId: 'case-c1', unpacked: undefined }
      const packs = (e: HistoryEvent) =>
        e.streamId === shelf.streamId &&
        /\.\d{3}(Z|[+-]\d{2}:\d{2})$/.test((e.data as { at: string }).at) &&
        !writtenOtherwise.includes((e.data as { at: string }).at)
      for (const e of events.filter(packs)) pack(e, timeOfEvent(e), shelf)
      expect(shelf.unpacked).toBeUndefined()
      for (const e of events.filter((e) => !packs(e))) pack(e, timeOfEvent(e), shelf)
      expect(shelf.unpacked?.length ?? 0).toBe(events.filter((e) => !packs(e)).length)
    },
  )

  test.prop([fc.array(event, { maxLength: 12 }), atText], { numRuns: 200 })(
    'keeps exactly the events later than a time, in their order',
    (events, answer) => {
      const shelf: EvidenceShelf = { streamId: 'case-c1', unpacked: undefined }
      const packed = events.flatMap((e) => pack(e, timeOfEvent(e), shelf))
      const time = Date.parse(answer)
      expect(unpack(laterThan(packed, time), 'ContactReceived', shelf)).toStrictEqual(
        events.filter((e) => timeOfEvent(e) > time).map(asEvidence),
      )
    },
  )
})

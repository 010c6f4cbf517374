/**
 * The one-pass replay: as of a point it equals the replay of exactly the events up to that point,
 * it never changes what it is given, and each figure of the report is the projection's own.
 */
import { test } from '@fast-check/vitest'
import {
  allProjections,
  catalogReport,
  complianceReport,
  project,
  projectAsOf,
} from '@servicelife/projections'
import { asRecorded, cityHistory } from '@servicelife/spec'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cityReport, mergeReplays, replay } from '../src/index.js'

const histories = cityHistory({ services: 4, cases: 25 }).map(asRecorded)
const at = (e: { data: unknown }) => (e.data as { at: string }).at

describe('replay', () => {
  test.prop([histories, fc.nat()], { numRuns: 15 })(
    'as of a business time equals the replay of the events cut at that time',
    (events, pick) => {
      const asOf = { at: at(events[pick % events.length]!) }
      const cut = events.filter((e) => Date.parse(at(e)) <= Date.parse(asOf.at))
      const strip = (r: ReturnType<typeof cityReport>) => ({ ...r, asOf: null })
      expect(strip(cityReport(replay(events, { asOf: asOf })))).toEqual(
        strip(cityReport({ ...replay(cut), asOf })),
      )
    },
  )

  test.prop([histories, fc.nat()], { numRuns: 15 })(
    'as of a position equals the replay of the events up to it',
    (events, pick) => {
      const position = pick % events.length
      expect(cityReport(replay(events, { asOf: { position } })).catalog).toEqual(
        catalogReport(projectAsOf(allProjections.serviceCatalog, events, { position })),
      )
      expect(replay(events, { asOf: { position } }).events).toBe(position + 1)
    },
  )

  test.prop([histories, fc.nat()], { numRuns: 15 })(
    'a replay is read at the latest business time among the events it folded',
    (events, pick) => {
      const position = pick % events.length
      const latest = Math.max(...events.filter((e) => e.position <= position).map((e) => Date.parse(at(e))))
      const replayed = replay(events, { asOf: { position } })
      expect(replayed.latestAt).toBe(latest)
      expect(cityReport(replayed).readAt).toBe(new Date(latest).toISOString())
    },
  )

  test.prop([histories, fc.func(fc.boolean()), fc.option(fc.nat(), { nil: undefined })], { numRuns: 15 })(
    'the merged replays of two parts of whole streams report what the replay of the whole record reports',
    (events, inFirst, pick) => {
      const asOf = pick === undefined ? undefined : { at: at(events[pick % events.length]!) }
      const first = replay(
        events.filter((e) => inFirst(e.streamId)),
        { asOf },
      )
      const second = replay(
        events.filter((e) => !inFirst(e.streamId)),
        { asOf },
      )
      const whole = replay(events, { asOf })
      const merged = mergeReplays(first, second)
      expect(cityReport(merged)).toEqual(cityReport(whole))
      expect([merged.events, merged.position, merged.latestAt]).toEqual([
        whole.events,
        whole.position,
        whole.latestAt,
      ])
    },
  )

  test.prop([histories], { numRuns: 5 })('replays as of two points are not merged', (events) => {
    const position = events.length - 1
    expect(() => mergeReplays(replay([], { asOf: { position } }), replay(events))).toThrow(/different points/)
    expect(() =>
      mergeReplays(replay([], { asOf: { position } }), replay([], { asOf: { position: position + 1 } })),
    ).toThrow(/different points/)
    expect(
      mergeReplays(replay([], { asOf: { position } }), replay(events, { asOf: { position } })).events,
    ).toBe(events.length)
  })

  test.prop([histories], { numRuns: 8 })('the report carries each projection’s own figures', (events) => {
    const report = cityReport(replay(events))
    expect(report.catalog).toEqual(catalogReport(project(allProjections.serviceCatalog, events)))
    expect(report.compliance).toEqual(
      complianceReport(project(allProjections.promiseCompliance, events), { readAt: report.readAt! }),
    )
  })

  test.prop([histories], { numRuns: 8 })('replaying never changes the events it is given', (events) => {
    const before = JSON.stringify(events)
    replay(events, { asOf: { position: Math.floor(events.length / 2) } })
    expect(JSON.stringify(events)).toBe(before)
  })

  it('an empty record gives an empty report, read at no time', () => {
    const report = cityReport(replay([]))
    expect(report).toMatchObject({ events: 0, position: -1, readAt: null, catalog: [], classification: [] })
    expect(report.compliance.city.cases).toBe(0)
  })
})

/** Edges of the projections: revisions, channels, disruptions, thresholds and the statistics helpers. */
import type { DomainEvent, ServiceEvent } from '@servicelife/domain'
// Internal helpers, pinned here through the module that holds them.
import { mergeStates, type Projection } from '../src/core/projection.js'
import { percentile, ratio } from '../src/core/statistics.js'
import {
  AsOfCodec,
  catalogReport,
  channelMix,
  channelMixReport,
  classificationReport,
  classificationSummary,
  complianceReport,
  criticalReadiness,
  criticalReadinessReport,
  monthsBefore,
  project,
  projectAsOf,
  promiseCompliance,
  reviewAgenda,
  reviewAgendaReport,
  satisfaction,
  satisfactionReport,
  scoreSummary,
  serviceCatalog,
  serviceTimeline,
  timelineReport,
} from '@servicelife/projections'
import { turkuServices } from '@servicelife/spec'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { recorded } from './recorded.js'

const id = 'school-a'
const t = (day: number) => `2025-01-${String(day).padStart(2, '0')}T10:00:00+02:00`
const svc = (...events: ServiceEvent[]) =>
  recorded(events.map((event) => ({ streamId: `service-${event.data.serviceId}`, event })))
const plan: ServiceEvent = { type: 'ServicePlanned', data: { ...turkuServices.schoolA, at: t(1) } }
const launch: ServiceEvent = {
  type: 'ServiceLaunched',
  data: { serviceId: id, at: t(3), channels: ['service-location', 'web-page'] },
}
const disrupt: ServiceEvent = {
  type: 'ServiceDisrupted',
  data: { serviceId: id, at: t(5), reason: 'Indoor air', continuity: 'Modular building' },
}
const restore: ServiceEvent = { type: 'ServiceRestored', data: { serviceId: id, at: t(9) } }

describe('service catalogue', () => {
  it('applies plan revisions and keeps the planned channels until launch', () => {
    const revised: ServiceEvent = {
      type: 'ServicePlanRevised',
      data: {
        serviceId: id,
        at: t(2),
        changes: {
          name: { fi: 'Koulu Ä' },
          productionMode: 'purchased',
          producer: 'Koulut Oy',
          channels: ['phone'],
        },
      },
    }
    const [entry] = catalogReport(project(serviceCatalog, svc(plan, revised)))
    expect(entry).toMatchObject({
      lifecycle: 'planned',
      name: { fi: 'Koulu Ä' },
      productionMode: 'purchased',
      producer: 'Koulut Oy',
      channels: ['phone'],
    })
    expect(entry).not.toHaveProperty('launchedAt')
  })
  it('tracks channels opened and closed, disruption and restoration, production changes', () => {
    const events = svc(
      plan,
      launch,
      { type: 'ServiceChannelOpened', data: { serviceId: id, at: t(4), channel: 'chat' } },
      { type: 'ServiceChannelClosed', data: { serviceId: id, at: t(4), channel: 'web-page' } },
      disrupt,
    )
    expect(catalogReport(project(serviceCatalog, events))[0]).toMatchObject({
      lifecycle: 'disrupted',
      channels: ['service-location', 'chat'],
      launchedAt: t(3),
    })
    const later = svc(plan, launch, disrupt, restore, {
      type: 'ServiceProductionChanged',
      data: { serviceId: id, at: t(10), from: 'own', to: 'purchased', producer: 'Koulut Oy', rationale: 'r' },
    })
    const entry = catalogReport(project(serviceCatalog, later))[0]
    expect(entry).toMatchObject({
      lifecycle: 'in-production',
      productionMode: 'purchased',
      producer: 'Koulut Oy',
    })
    expect(catalogReport(project(serviceCatalog, later), { lifecycles: ['retired'] })).toEqual([])
  })
  it('ignores events of services it never saw planned and case events', () => {
    expect(project(serviceCatalog, svc(launch)).size).toBe(0)
  })
})

describe('service timeline', () => {
  it('a disruption is its own phase inside production, closed by the restoration', () => {
    const phases = timelineReport(project(serviceTimeline, svc(plan, launch, disrupt, restore)), id)
    expect(phases.map((p) => [p.phase, p.start, p.end ?? null, p.days ?? null])).toEqual([
      ['planning', t(1), t(3), 2],
      ['production', t(3), null, null],
      ['disruption', t(5), t(9), 4],
    ])
    expect(phases[1]!.positions).toEqual([1, 2, 3])
    expect(phases[2]!.positions).toEqual([2, 3])
  })
  it('retiring closes planning (a cancelled plan) and an open disruption', () => {
    const cancelled = timelineReport(
      project(
        serviceTimeline,
        svc(plan, {
          type: 'ServiceRetired',
          data: { serviceId: id, at: t(2), reason: 'Cancelled', replacedBy: 'school-b' },
        }),
      ),
      id,
    )
    expect(cancelled.map((p) => [p.phase, p.end ?? null])).toEqual([
      ['planning', t(2)],
      ['retirement', null],
    ])
    const disruptedThenRetired = timelineReport(
      project(
        serviceTimeline,
        svc(plan, launch, disrupt, {
          type: 'ServiceRetired',
          data: { serviceId: id, at: t(20), reason: 'Closed', replacedBy: 'school-b' },
        }),
      ),
      id,
    )
    expect(disruptedThenRetired.map((p) => [p.phase, p.end ?? null])).toEqual([
      ['planning', t(3)],
      ['production', t(20)],
      ['disruption', t(20)],
      ['retirement', null],
    ])
    expect(timelineReport(project(serviceTimeline, []), 'nobody')).toEqual([])
  })
})

describe('review agenda, readiness and classification', () => {
  const lowReview: ServiceEvent = {
    type: 'ServiceReviewed',
    data: {
      serviceId: 'day',
      at: t(20),
      reviewer: 'b',
      evidence: { needsMet: 2.4, reachesTargetGroup: true },
      decision: 'develop',
      rationale: 'r',
    },
  }
  const day = { ...turkuServices.elderlyDayActivities, serviceId: 'day', at: t(1) }
  const events = svc(
    plan,
    launch,
    disrupt,
    { type: 'ServicePlanned', data: day },
    { type: 'ServiceLaunched', data: { serviceId: 'day', at: t(2), channels: ['phone'] } },
    lowReview,
  )
  it('questions a non-statutory service whose satisfaction evidence is below the threshold', () => {
    const agenda = reviewAgendaReport(project(reviewAgenda, events), { readAt: t(25) })
    expect(agenda.questioned).toEqual([
      expect.objectContaining({ serviceId: 'day', reasons: ['low-satisfaction'], reviewedAt: t(20) }),
    ])
    expect(
      reviewAgendaReport(project(reviewAgenda, events), { readAt: t(25), satisfactionBelow: 2 }).questioned,
    ).toEqual([])
    expect(agenda.reviewDue.map((r) => r.serviceId)).toEqual(['school-a'])
  })
  it('a statutory service is not questioned whatever its evidence', () => {
    const schoolReview: ServiceEvent = {
      ...lowReview,
      data: { ...lowReview.data, serviceId: id, evidence: { reachesTargetGroup: false, needsMet: 1.5 } },
    }
    expect(
      reviewAgendaReport(project(reviewAgenda, svc(plan, launch, schoolReview)), { readAt: t(25) })
        .questioned,
    ).toEqual([])
  })
  it('a restored critical service is no longer in readiness; days count to the given date', () => {
    expect(
      criticalReadinessReport(project(criticalReadiness, svc(plan, launch, disrupt)), { readAt: t(7) }),
    ).toEqual([
      expect.objectContaining({
        serviceId: id,
        days: 2,
        reason: 'Indoor air',
        continuity: 'Modular building',
        since: t(5),
      }),
    ])
    expect(criticalReadinessReport(project(criticalReadiness, svc(plan, launch, disrupt, restore)))).toEqual(
      [],
    )
    expect(criticalReadinessReport(project(criticalReadiness, svc(plan, launch, disrupt)))[0]!.days).toBe(0)
  })
  it('classification can include retired services and follows production changes and revisions', () => {
    const retired = svc(
      { type: 'ServicePlanned', data: day },
      { type: 'ServiceRetired', data: { serviceId: 'day', at: t(2), reason: 'r' } },
    )
    expect(classificationReport(project(classificationSummary, retired))).toEqual([])
    expect(classificationReport(project(classificationSummary, retired), { includeRetired: true })).toEqual([
      { obligation: 'other', availability: 'local', productionMode: 'own', count: 1 },
    ])
    const revised = svc(
      { type: 'ServicePlanned', data: day },
      {
        type: 'ServicePlanRevised',
        data: {
          serviceId: 'day',
          at: t(2),
          changes: { availability: 'centralized', obligation: 'internal-support', critical: true },
        },
      },
    )
    expect(classificationReport(project(classificationSummary, revised))).toEqual([
      { obligation: 'internal-support', availability: 'centralized', productionMode: 'own', count: 1 },
    ])
  })
})

describe('cases without answers, routes or feedback', () => {
  const c = (event: DomainEvent) => ({ streamId: 'case-x', event })
  const contact: DomainEvent = {
    type: 'ContactReceived',
    data: {
      caseId: 'x',
      at: t(1),
      contactId: 'k1',
      channel: 'letter',
      customer: { kind: 'company' },
      language: 'sv',
      subject: 's',
    },
  }
  it('an empty record has no figures but zero counts', () => {
    const report = complianceReport(project(promiseCompliance, []))
    expect(report.city).toEqual({
      contacts: 0,
      cases: 0,
      awaitingAnswer: 0,
      closedWithoutAnswer: 0,
      answered: 0,
      hoursToFirstAnswer: {},
      deadlines: {
        promisedByService: 0,
        answeredOnTime: 0,
        answeredLate: 0,
        awaitingWithinDeadline: 0,
        overdue: 0,
      },
      opened: 0,
      openedOnFirstContact: 0,
      reContacts: 0,
    })
    expect(satisfactionReport(project(satisfaction, [])).city.needsMet).toEqual({
      n: 0,
      mean: undefined,
      distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    })
    expect(channelMixReport(project(channelMix, [])).total).toEqual({
      channels: {},
      total: 0,
      digitalShare: null,
    })
  })
  it('a letter is not digital; an unrouted case is grouped as unrouted', () => {
    const events = recorded([c(contact)])
    expect(channelMixReport(project(channelMix, events)).total).toEqual({
      channels: { letter: 1 },
      total: 1,
      digitalShare: 0,
    })
    const report = complianceReport(project(promiseCompliance, events), { readAt: t(3) })
    expect(Object.keys(report.byService)).toEqual(['(unrouted)'])
    expect(report.city.oldestUnansweredDays).toBe(2)
    expect(report.city).not.toHaveProperty('firstContactInitiationRate')
  })
  it('feedback on an unrouted case counts under unrouted', () => {
    const events = recorded([
      c(contact),
      c({ type: 'FeedbackGiven', data: { caseId: 'x', at: t(2), needsMet: 2, communication: 3 } }),
    ])
    expect(Object.keys(satisfactionReport(project(satisfaction, events)).byService)).toEqual(['(unrouted)'])
  })
  it('events of unknown cases change no figure', () => {
    const stray = recorded([
      c({ type: 'CaseAnswered', data: { caseId: 'x', at: t(1), channel: 'letter', by: 'b', summary: 's' } }),
    ])
    expect(project(promiseCompliance, stray).cases.size).toBe(0)
    expect(project(promiseCompliance, stray).latestAt).toBe(Date.parse(t(1)))
  })
})

describe('statistics and as-of', () => {
  it('nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeUndefined()
    expect(percentile([7], 90)).toBe(7)
    expect(percentile([4, 1, 3, 2], 50)).toBe(2)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0)).toBe(1)
  })
  it('ratio and score summaries', () => {
    expect(ratio(1, 0)).toBeUndefined()
    expect(ratio(1, 4)).toBe(0.25)
    expect(scoreSummary([1, 0, 0, 0, 1])).toEqual({
      n: 2,
      mean: 3,
      distribution: { 1: 1, 2: 0, 3: 0, 4: 0, 5: 1 },
    })
  })
  it('as of a time keeps exactly the events at or before it', () => {
    const events = svc(plan, launch, disrupt)
    expect(catalogReport(projectAsOf(serviceCatalog, events, { at: t(3) }))[0]!.lifecycle).toBe(
      'in-production',
    )
    expect(
      catalogReport(projectAsOf(serviceCatalog, events, { at: '2025-01-03T07:59:59Z' }))[0]!.lifecycle,
    ).toBe('planned')
    expect(catalogReport(projectAsOf(serviceCatalog, events, { position: 0 }))[0]!.lifecycle).toBe('planned')
  })
})

describe('what the mutation run showed was not pinned', () => {
  const day = { ...turkuServices.elderlyDayActivities, serviceId: 'day', at: t(1) }
  it('the catalogue records the replacement of a retired service, and lists services in id order', () => {
    const events = svc({ type: 'ServicePlanned', data: day }, plan, {
      type: 'ServiceRetired',
      data: { serviceId: 'day', at: t(2), reason: 'r', replacedBy: 'school-a' },
    })
    const entries = catalogReport(project(serviceCatalog, events))
    expect(entries.map((e) => e.serviceId)).toEqual(['day', 'school-a'])
    expect(entries[0]).toMatchObject({ lifecycle: 'retired', replacedBy: 'school-a', retiredAt: t(2) })
    expect(entries[1]).not.toHaveProperty('replacedBy')
  })
  it('production becoming own drops the producer from the catalogue; another mode keeps it', () => {
    const purchased: ServiceEvent = {
      type: 'ServicePlanned',
      data: { ...day, productionMode: 'purchased', producer: 'Oy' },
    }
    const toOwn: ServiceEvent = {
      type: 'ServicePlanRevised',
      data: { serviceId: 'day', at: t(2), changes: { productionMode: 'own' } },
    }
    expect(catalogReport(project(serviceCatalog, svc(purchased, toOwn)))[0]).not.toHaveProperty('producer')
    const toThird: ServiceEvent = {
      type: 'ServicePlanRevised',
      data: { serviceId: 'day', at: t(2), changes: { productionMode: 'third-sector' } },
    }
    expect(catalogReport(project(serviceCatalog, svc(purchased, toThird)))[0]).toMatchObject({
      productionMode: 'third-sector',
      producer: 'Oy',
    })
  })
  it('events of services never planned change nothing in any service projection', () => {
    const stray = svc(
      { type: 'ServicePlanRevised', data: { serviceId: 'ghost', at: t(1), changes: { critical: true } } },
      {
        type: 'ServiceReviewed',
        data: {
          serviceId: 'ghost',
          at: t(1),
          reviewer: 'b',
          evidence: {},
          decision: 'retire',
          rationale: 'r',
        },
      },
      {
        type: 'ServiceProductionChanged',
        data: { serviceId: 'ghost', at: t(1), from: 'own', to: 'purchased', producer: 'p', rationale: 'r' },
      },
      { type: 'ServiceDisrupted', data: { serviceId: 'ghost', at: t(1), reason: 'r' } },
      { type: 'ServiceRestored', data: { serviceId: 'ghost', at: t(1) } },
      { type: 'ServiceRetired', data: { serviceId: 'ghost', at: t(1), reason: 'r' } },
    )
    expect(project(serviceCatalog, stray).size).toBe(0)
    expect(project(reviewAgenda, stray).services.size).toBe(0)
  })
  it('a review deciding retire, then another deciding otherwise, leaves no retirement pending', () => {
    const review = (at: string, decision: 'retire' | 'continue'): ServiceEvent => ({
      type: 'ServiceReviewed',
      data: { serviceId: 'day', at, reviewer: 'b', evidence: { usage: 1 }, decision, rationale: 'r' },
    })
    const base = [
      { type: 'ServicePlanned', data: day } as ServiceEvent,
      { type: 'ServiceLaunched', data: { serviceId: 'day', at: t(2), channels: ['phone'] } } as ServiceEvent,
    ]
    expect(
      reviewAgendaReport(project(reviewAgenda, svc(...base, review(t(3), 'retire'))), { readAt: t(4) })
        .retirementDecidedNotDone,
    ).toEqual([expect.objectContaining({ serviceId: 'day', decidedAt: t(3) })])
    expect(
      reviewAgendaReport(
        project(reviewAgenda, svc(...base, review(t(3), 'retire'), review(t(4), 'continue'))),
        { readAt: t(5) },
      ).retirementDecidedNotDone,
    ).toEqual([])
    expect(
      reviewAgendaReport(project(reviewAgenda, svc(...base, review(t(3), 'continue'))), { readAt: t(4) })
        .retirementDecidedNotDone,
    ).toEqual([])
  })
  it('the review period counts calendar months to the day, and the threshold is strict', () => {
    const base = [
      { type: 'ServicePlanned', data: day } as ServiceEvent,
      { type: 'ServiceLaunched', data: { serviceId: 'day', at: t(2), channels: ['phone'] } } as ServiceEvent,
      {
        type: 'ServiceReviewed',
        data: {
          serviceId: 'day',
          at: '2025-01-15T10:00:00Z',
          reviewer: 'b',
          evidence: { needsMet: 3 },
          decision: 'continue',
          rationale: 'r',
        },
      } as ServiceEvent,
    ]
    const state = project(reviewAgenda, svc(...base))
    expect(
      reviewAgendaReport(state, { readAt: '2025-02-15T10:00:00Z', reviewEveryMonths: 1 }).reviewDue,
    ).toEqual([])
    expect(
      reviewAgendaReport(state, { readAt: '2025-02-15T10:00:00.001Z', reviewEveryMonths: 1 }).reviewDue.map(
        (r) => r.lastReviewAt,
      ),
    ).toEqual(['2025-01-15T10:00:00Z'])
    expect(monthsBefore('2025-03-31T10:00:00Z', 1)).toBe(Date.parse('2025-02-28T10:00:00Z'))
    expect(monthsBefore('2024-03-31T10:00:00Z', 1)).toBe(Date.parse('2024-02-29T10:00:00Z'))
    expect(monthsBefore('2025-01-31T23:59:59.999Z', 13)).toBe(Date.parse('2023-12-31T23:59:59.999Z'))
    expect(
      reviewAgendaReport(state, { readAt: '2025-02-01T00:00:00Z', satisfactionBelow: 3 }).questioned,
    ).toEqual([])
    expect(
      reviewAgendaReport(state, { readAt: '2025-02-01T00:00:00Z', satisfactionBelow: 3.01 }).questioned.map(
        (q) => q.reasons,
      ),
    ).toEqual([['low-satisfaction']])
  })
  it('critical readiness follows a revision that makes a service critical, and lists services in id order', () => {
    const events = svc(
      { type: 'ServicePlanned', data: { ...day, serviceId: 'z' } },
      {
        type: 'ServicePlanRevised',
        data: { serviceId: 'z', at: t(2), changes: { critical: true, name: { fi: 'Zeta' } } },
      },
      { type: 'ServiceLaunched', data: { serviceId: 'z', at: t(3), channels: ['phone'] } },
      { type: 'ServiceDisrupted', data: { serviceId: 'z', at: t(4), reason: 'r' } },
      plan,
      launch,
      disrupt,
    )
    const report = criticalReadinessReport(project(criticalReadiness, events), { readAt: t(6) })
    expect(report.map((r) => [r.serviceId, r.name.fi, r.continuity])).toEqual([
      ['school-a', 'Koulu A', 'Modular building'],
      ['z', 'Zeta', null],
    ])
  })
})

describe('points and reading times from outside', () => {
  it('a garbage as-of time is a clear error, never a silent zero', () => {
    expect(() => projectAsOf(promiseCompliance, [], { at: 'garbage' })).toThrow(
      /as of "garbage": not an ISO-8601 instant/,
    )
    expect(() => projectAsOf(promiseCompliance, [], { position: Number.NaN })).toThrow(RangeError)
    expect(() => complianceReport(promiseCompliance.initial, { readAt: 'garbage' })).toThrow(
      /readAt: "garbage"/,
    )
    expect(() => complianceReport(promiseCompliance.initial, { readAt: Number.NaN })).toThrow(RangeError)
  })
  it('a reading time in epoch ms is a finite number or -Infinity (before everything): NaN and +Infinity are named', () => {
    for (const readAt of [Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => complianceReport(promiseCompliance.initial, { readAt })).toThrow(
        new RangeError(`readAt: ${readAt} is not an instant`),
      )
    expect(complianceReport(promiseCompliance.initial, { readAt: Number.NEGATIVE_INFINITY }).city.cases).toBe(
      0,
    )
  })
  it('a position is a whole number from -1 (before the first event): others are a RangeError naming it', () => {
    expect(projectAsOf(promiseCompliance, [], { position: -1 })).toEqual(promiseCompliance.initial)
    expect(() => projectAsOf(promiseCompliance, [], { position: -2 })).toThrow(
      /as of position -2: a position is a whole number >= -1/,
    )
    expect(() => projectAsOf(promiseCompliance, [], { position: 1.5 })).toThrow(/as of position 1.5/)
  })
  it("the city's default answer time is a number of hours above zero", () => {
    for (const hours of [0, -1, Number.NaN])
      expect(() => complianceReport(promiseCompliance.initial, { defaultAnswerHours: hours })).toThrow(
        new RangeError(`defaultAnswerHours: ${hours} is not a number of hours > 0`),
      )
    expect(
      complianceReport(promiseCompliance.initial, { readAt: 0, defaultAnswerHours: 0.5 }).city.cases,
    ).toBe(0)
  })
  it('merging the states of a projection that has no merge is a bug, named', () => {
    const counter: Projection<number> = { name: 'counter', version: 1, initial: 0, apply: (n) => n + 1 }
    expect(() => mergeStates(counter, 1, 2)).toThrow(/projection counter has no merge/)
  })
  it('decodes an as-of point from outside, naming what is wrong', () => {
    expect(AsOfCodec.decode({ position: 12 })).toEqual(E.right({ position: 12 }))
    expect(AsOfCodec.decode({ at: '2025-06-01T00:00:00+03:00' })).toEqual(
      E.right({ at: '2025-06-01T00:00:00+03:00' }),
    )
    for (const bad of [{ at: 'garbage' }, { position: -1 }, { position: 1.5 }, {}, null, 'now'])
      expect(E.isLeft(AsOfCodec.decode(bad)), JSON.stringify(bad)).toBe(true)
  })
})

describe('folding a store', () => {
  it('project and projectAsOf take an async iterable (a store’s readAll) and resolve to the state', async () => {
    const events = recorded([
      {
        streamId: 'service-a',
        event: { type: 'ServicePlanned', data: { ...turkuServices.generalGuidance, serviceId: 'a' } },
      },
    ])
    async function* fromStore() {
      yield* events
    }
    expect(await project(serviceCatalog, fromStore())).toEqual(project(serviceCatalog, events))
    expect(await projectAsOf(serviceCatalog, fromStore(), { position: -1 })).toEqual(serviceCatalog.initial)
  })
})

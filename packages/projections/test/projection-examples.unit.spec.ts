/** Worked examples that pin each figure's definition (docs/projections.md), on the Turku fixtures. */
import {
  caseDecider,
  caseStreamId,
  type CaseCommand,
  serviceDecider,
  serviceStreamId,
  type ServiceCommand,
  type ServicePlannedData,
} from '@servicelife/domain'
import {
  inProduction,
  planAndLaunch,
  plusDays,
  plusMinutes,
  turkuServices,
  youthChatJourney,
  youthPremisesReview,
} from '@servicelife/spec'
import { runCommands } from '@servicelife/spec'
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import {
  allProjections,
  caseFactsOf,
  catalogReport,
  channelMix,
  channelMixReport,
  classificationReport,
  classificationSummary,
  complianceReport,
  criticalReadiness,
  criticalReadinessReport,
  project,
  promiseCompliance,
  reviewAgenda,
  reviewAgendaReport,
  satisfaction,
  satisfactionReport,
  serviceCatalog,
  serviceTimeline,
  timelineReport,
} from '@servicelife/projections'
import { decodeStateForTest, encodeStateForTest } from './projections-under-test.js'
import { recorded } from './recorded.js'
import type { HistoryEntry } from '@servicelife/spec'

const serviceEntries = (serviceId: string, commands: ReadonlyArray<ServiceCommand>): HistoryEntry[] => {
  const { events, outcomes } = runCommands(serviceDecider, commands)
  for (const o of outcomes) if (o.outcome._tag === 'Left') throw new Error(JSON.stringify(o.outcome.left))
  return events.map((event) => ({ streamId: serviceStreamId(serviceId), event }))
}
const caseEntries = (caseId: string, commands: ReadonlyArray<CaseCommand>): HistoryEntry[] => {
  const { events, outcomes } = runCommands(caseDecider, commands.map(inProduction))
  for (const o of outcomes) if (o.outcome._tag === 'Left') throw new Error(JSON.stringify(o.outcome.left))
  return events.map((event) => ({ streamId: caseStreamId(caseId), event }))
}
const byTime = (entries: HistoryEntry[]) =>
  recorded([...entries].sort((a, b) => Date.parse(a.event.data.at) - Date.parse(b.event.data.at)))

const s = turkuServices
const start = '2025-03-03T09:00:00+02:00'
const journey = youthChatJourney('y1', start) // answered 20 h after the first contact
const y1 = caseEntries('y1', journey)
// y2: answered after 2 h, then a re-contact that is not answered yet.
const y2 = caseEntries('y2', [
  ...youthChatJourney('y2', plusDays(start, 1)).slice(0, 4),
  {
    type: 'AnswerCase',
    data: {
      caseId: 'y2',
      at: plusDays(start, 1).replace('09:00', '11:00'),
      channel: 'chat',
      by: 'youth guidance',
      summary: 'x',
    },
  },
  {
    type: 'ReceiveContact',
    data: {
      caseId: 'y2',
      at: plusDays(start, 3),
      contactId: 'y2-c2',
      channel: 'phone',
      customer: { kind: 'resident' },
      language: 'fi',
      subject: 'Still?',
    },
  },
])
// y3: a contact in April never opened.
const y3 = caseEntries('y3', [youthChatJourney('y3', '2025-04-01T09:00:00+03:00')[0]!])
const services = [
  ...serviceEntries('general-guidance', planAndLaunch(s.generalGuidance)),
  ...serviceEntries('youth-guidance', planAndLaunch(s.youthGuidance)),
]
const history = byTime([...services, ...y1, ...y2, ...y3])

describe('promise compliance', () => {
  // Computed inside each test, so that what is measured runs under the test (mutation testing relies on it).
  const report = () =>
    complianceReport(project(promiseCompliance, history), { readAt: '2025-04-11T09:00:00+03:00' })
  it('counts contacts, cases, re-contacts and the cases awaiting an answer', () => {
    expect(report().city).toMatchObject({
      contacts: 4,
      cases: 3,
      reContacts: 1,
      awaitingAnswer: 2,
      answered: 2,
    })
  })
  it('ages the oldest unanswered contact from the query date', () => {
    // y2's re-contact on 6.3. 09:00 (+02:00) to 11.4. 09:00 (+03:00): 36 days less one hour.
    expect(report().city.oldestUnansweredDays).toBeCloseTo(36 - 1 / 24, 6)
  })
  it('times the first answer from the first contact: median and p90 by nearest rank', () => {
    expect(report().city.hoursToFirstAnswer).toEqual({ median: 2, p90: 20 })
  })
  it('first-contact initiation: opened on the first contact before any re-contact, over opened cases', () => {
    expect(report().city).toMatchObject({ opened: 2, openedOnFirstContact: 2, firstContactInitiationRate: 1 })
  })
  it('groups by the service the case is with, the first channel and the Helsinki month of the first contact', () => {
    expect(Object.keys(report().byService)).toEqual(['(unrouted)', 'youth-guidance'])
    expect(report().byChannel.chat?.cases).toBe(3)
    expect(Object.fromEntries(Object.entries(report().byMonth).map(([m, f]) => [m, f.cases]))).toEqual({
      '2025-03': 2,
      '2025-04': 1,
    })
  })
})

describe('promise compliance, times far from the first contact', () => {
  // y4: answered after 2 hours, re-contacted 40 days after its first contact and answered again
  // after 60: past the 24.8 days an offset from the first contact holds, so those times are kept
  // apart, and must come back exact.
  const first = '2025-01-02T09:00:00+02:00'
  const y4 = caseEntries('y4', [
    ...youthChatJourney('y4', first).slice(0, 2),
    {
      type: 'AnswerCase',
      data: { caseId: 'y4', at: plusMinutes(first, 120), channel: 'chat', by: 'guidance desk', summary: 'x' },
    },
    {
      type: 'ReceiveContact',
      data: {
        caseId: 'y4',
        at: plusDays(first, 40),
        contactId: 'y4-c2',
        channel: 'phone',
        customer: { kind: 'resident' },
        language: 'fi',
        subject: 'Any news?',
      },
    },
    {
      type: 'AnswerCase',
      data: { caseId: 'y4', at: plusDays(first, 60), channel: 'phone', by: 'guidance desk', summary: 'x' },
    },
  ])
  // y5, a month earlier, keeps far times too, so each case must find its own.
  const y5 = caseEntries('y5', [
    ...youthChatJourney('y5', plusDays(first, -31)).slice(0, 2),
    {
      type: 'AnswerCase',
      data: { caseId: 'y5', at: plusDays(first, 1), channel: 'chat', by: 'guidance desk', summary: 'x' },
    },
  ])
  const events = byTime([...y5, ...y4])
  it('keeps a re-contact and an answer weeks later exactly', () => {
    const state = project(promiseCompliance, events)
    expect(caseFactsOf(state, 'y4')).toMatchObject({
      firstContactAt: Date.parse(first),
      latestContactAt: Date.parse(plusDays(first, 40)),
      firstAnswerAt: Date.parse(plusMinutes(first, 120)),
      latestAnswerAt: Date.parse(plusDays(first, 60)),
      contacts: 2,
    })
    expect(caseFactsOf(state, 'y4')?.unansweredSince).toBeUndefined()
    expect(complianceReport(state).city).toMatchObject({
      awaitingAnswer: 0,
      hoursToFirstAnswer: { median: 2 },
    })
  })
  it('ages an unanswered re-contact weeks after the first contact from that re-contact', () => {
    const state = project(promiseCompliance, events.slice(0, -1))
    expect(caseFactsOf(state, 'y4')?.unansweredSince).toBe(Date.parse(plusDays(first, 40)))
    expect(complianceReport(state, { readAt: plusDays(first, 50) }).city).toMatchObject({
      awaitingAnswer: 1,
      oldestUnansweredDays: 10,
    })
  })
  it('a checkpoint of those times decodes to the same state', () => {
    const state = project(promiseCompliance, events)
    const again = decodeStateForTest(JSON.parse(JSON.stringify(encodeStateForTest(state))))
    expect(E.isRight(again) && encodeStateForTest(again.right)).toEqual(encodeStateForTest(state))
    expect(E.isRight(again) && caseFactsOf(again.right as typeof state, 'y4')).toEqual(
      caseFactsOf(state, 'y4'),
    )
  })
})

describe('satisfaction', () => {
  it('tallies both city-wide questions by service, month and city', () => {
    const report = satisfactionReport(project(satisfaction, history))
    expect(report.city.needsMet).toEqual({ n: 1, mean: 5, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 } })
    expect(report.city.communication.mean).toBe(4)
    expect(Object.keys(report.byService)).toEqual(['youth-guidance'])
    expect(Object.keys(report.byMonth)).toEqual(['2025-03'])
  })
})

describe('channel mix', () => {
  it('counts contacts by channel and month with the digital share', () => {
    const report = channelMixReport(project(channelMix, history))
    expect(report.byMonth).toEqual([
      { month: '2025-03', channels: { chat: 2, phone: 1 }, total: 3, digitalShare: 2 / 3 },
      { month: '2025-04', channels: { chat: 1 }, total: 1, digitalShare: 1 },
    ])
  })
})

describe('channel mix, months in calendar order', () => {
  it('a month recorded before an earlier one still comes after it', () => {
    const report = channelMixReport(project(channelMix, recorded([...y3, ...y1])))
    expect(report.byMonth.map((row) => row.month)).toEqual(['2025-03', '2025-04'])
  })
})

describe('projection names', () => {
  it('each projection is named as allProjections lists it: its checkpoint is kept under that name', () => {
    for (const [key, projection] of Object.entries(allProjections)) expect(projection.name).toBe(key)
  })
})

describe('the youth premises review (principle 4)', () => {
  const premises = (id: string, plan: typeof s.youthPremisesA, retire: boolean) =>
    serviceEntries(id, [
      ...planAndLaunch(plan),
      ...youthPremisesReview(id, '2025-02-24T18:00:00+02:00').slice(0, retire ? 2 : 1),
    ])
  const agendaHistory = byTime([
    ...premises('youth-premises-a', s.youthPremisesA, true),
    ...premises('youth-premises-b', s.youthPremisesB, false),
    ...serviceEntries('elderly-day-activities', planAndLaunch(s.elderlyDayActivities)),
    ...serviceEntries('school-a', [
      ...planAndLaunch(s.schoolA),
      {
        type: 'DisruptService',
        data: {
          serviceId: 'school-a',
          at: '2025-03-01T08:00:00+02:00',
          reason: 'Indoor air',
          continuity: 'Modular building',
        },
      },
    ]),
  ])
  it('lists services due for review, questioned non-statutory services and retirements decided but not done', () => {
    const agenda = reviewAgendaReport(project(reviewAgenda, agendaHistory), {
      readAt: '2025-06-01T00:00:00+03:00',
    })
    expect(agenda.reviewDue.map((r) => r.serviceId)).toEqual(['elderly-day-activities', 'school-a'])
    expect(agenda.questioned).toEqual([
      expect.objectContaining({ serviceId: 'youth-premises-b', reasons: ['does-not-reach-target-group'] }),
    ])
    expect(agenda.retirementDecidedNotDone.map((r) => r.serviceId)).toEqual(['youth-premises-b'])
  })
  it('a review older than the period is due again', () => {
    const agenda = reviewAgendaReport(project(reviewAgenda, agendaHistory), {
      readAt: '2026-03-01T00:00:00+02:00',
      reviewEveryMonths: 12,
    })
    expect(agenda.reviewDue.map((r) => r.serviceId)).toEqual([
      'elderly-day-activities',
      'school-a',
      'youth-premises-b',
    ])
  })
  it('critical readiness: the disrupted school with its continuity and for how long', () => {
    expect(
      criticalReadinessReport(project(criticalReadiness, agendaHistory), {
        readAt: '2025-03-11T08:00:00+02:00',
      }),
    ).toEqual([expect.objectContaining({ serviceId: 'school-a', continuity: 'Modular building', days: 10 })])
  })
  it('classification: services by obligation x availability x production mode, retired left out', () => {
    expect(classificationReport(project(classificationSummary, agendaHistory))).toEqual([
      { obligation: 'organizing-responsibility', availability: 'local', productionMode: 'own', count: 1 },
      { obligation: 'other', availability: 'local', productionMode: 'own', count: 2 },
    ])
  })
  it('the catalogue shows the retired premises, its review and its retirement date', () => {
    const entry = catalogReport(project(serviceCatalog, agendaHistory), { lifecycles: ['retired'] })[0]!
    expect(entry).toMatchObject({
      serviceId: 'youth-premises-a',
      lifecycle: 'retired',
      retiredAt: '2025-03-26T18:00:00.000+02:00',
      lastReview: { decision: 'retire', evidence: { reachesTargetGroup: false } },
    })
  })
  it('the timeline has planning, production and retirement with durations and their events', () => {
    const phases = timelineReport(project(serviceTimeline, agendaHistory), 'youth-premises-a')
    expect(phases.map((p) => [p.phase, p.days])).toEqual([
      ['planning', 7],
      // 17.1.2020 09:00 to 26.3.2025 18:00, both +02:00: 1895 days (2020 and 2024 are leap years) and 9 hours.
      ['production', 1895 + 9 / 24],
      ['retirement', undefined],
    ])
    expect(phases[1]!.positions.length).toBe(3)
  })
})

describe('questioned services are the non-statutory ones: other and internal support', () => {
  const reviewed = (plan: ServicePlannedData) =>
    serviceEntries(plan.serviceId, [
      ...planAndLaunch(plan),
      {
        type: 'ReviewService',
        data: {
          serviceId: plan.serviceId,
          at: '2025-03-03T09:00:00+02:00',
          reviewer: 'Service network group',
          evidence: { usage: 40, reachesTargetGroup: false },
          decision: 'develop',
          rationale: 'Few users',
        },
      },
    ])
  it('an internal support service is questioned on its evidence, a statutory one with the same evidence is not', () => {
    const agenda = reviewAgendaReport(
      project(
        reviewAgenda,
        byTime([
          ...reviewed({ ...s.elderlyDayActivities, serviceId: 'payroll', obligation: 'internal-support' }),
          ...reviewed({
            ...s.elderlyDayActivities,
            serviceId: 'home-care',
            obligation: 'organizing-responsibility',
          }),
          ...reviewed({ ...s.elderlyDayActivities, serviceId: 'permits', obligation: 'statutory-authority' }),
        ]),
      ),
      { readAt: '2025-04-01T00:00:00+03:00' },
    )
    expect(agenda.questioned.map((q) => [q.serviceId, q.reasons])).toEqual([
      ['payroll', ['does-not-reach-target-group']],
    ])
  })
})

describe("a service's later life in the reports", () => {
  const [plan, launch] = planAndLaunch(s.schoolA)
  const life = byTime([
    ...serviceEntries('school-a', [
      plan!,
      {
        type: 'RevisePlan',
        data: {
          serviceId: 'school-a',
          at: '2010-08-03T09:00:00+03:00',
          changes: { needs: 'Basic education.' },
        },
      },
      launch!,
      {
        type: 'ChangeProduction',
        data: {
          serviceId: 'school-a',
          at: '2025-04-01T09:00:00+03:00',
          from: 'own',
          to: 'purchased',
          rationale: 'Bought from a neighbouring municipality',
          producer: 'Naantali',
        },
      },
      {
        type: 'DisruptService',
        data: {
          serviceId: 'school-a',
          at: '2025-05-01T08:00:00+03:00',
          reason: 'Indoor air',
          continuity: 'Modular building',
        },
      },
      { type: 'RestoreService', data: { serviceId: 'school-a', at: '2025-05-20T08:00:00+03:00' } },
    ]),
    ...serviceEntries('elderly-day-activities', [
      ...planAndLaunch(s.elderlyDayActivities),
      {
        type: 'RetireService',
        data: {
          serviceId: 'elderly-day-activities',
          at: '2025-06-01T09:00:00+03:00',
          reason: 'Moved to associations',
          replacedBy: 'association-day-activities',
        },
      },
    ]),
  ])
  it('a change of production mode moves the service to its new mode in the classification', () => {
    expect(classificationReport(project(classificationSummary, life))).toEqual([
      {
        obligation: 'organizing-responsibility',
        availability: 'local',
        productionMode: 'purchased',
        count: 1,
      },
    ])
  })
  it('a restored service is no longer in critical readiness', () => {
    const readAt = '2025-06-10T08:00:00+03:00'
    const disrupted = life.filter((r) => r.type !== 'ServiceRestored')
    expect(criticalReadinessReport(project(criticalReadiness, disrupted), { readAt })).toEqual([
      expect.objectContaining({ serviceId: 'school-a', continuity: 'Modular building' }),
    ])
    expect(criticalReadinessReport(project(criticalReadiness, life), { readAt })).toEqual([])
  })
  it('the catalogue names what replaced a retired service, its entries in service id order', () => {
    const catalogue = catalogReport(project(serviceCatalog, life))
    expect(catalogue.map((e) => e.serviceId)).toEqual(['elderly-day-activities', 'school-a'])
    expect(catalogue[0]).toMatchObject({ lifecycle: 'retired', replacedBy: 'association-day-activities' })
    expect(
      catalogReport(project(serviceCatalog, life), { lifecycles: ['in-production'] }).map((e) => e.serviceId),
    ).toEqual(['school-a'])
  })
  it('a plan revision belongs to the planning phase of the timeline', () => {
    const phases = timelineReport(project(serviceTimeline, life), 'school-a')
    expect(phases[0]).toMatchObject({ phase: 'planning' })
    expect(phases[0]!.positions.length).toBe(3)
  })
})

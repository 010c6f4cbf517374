/**
 * The second face of each rule: a property that the library keeps it. Where a decider enforces the
 * rule, no accepted history breaks it; where the record measures it, the monitor's findings equal
 * the figures the projections compute independently.
 */
import { serviceDecider, serviceStreamId } from '@servicelife/domain'
import {
  allProjections,
  catalogReport,
  classificationReport,
  awaitsAnswer,
  allCaseFactsOf,
  complianceReport,
  project,
  reviewAgendaReport,
  satisfactionReport,
} from '@servicelife/projections'
import type { RecordedEvent } from '@servicelife/store'
import fc from 'fast-check'
import { randomCityHistory, type HistoryEntry } from '../arbitraries/city-history.js'
import { acceptedHistory, serviceCommandSequence } from '../arbitraries/sequences.js'
import { metrics, pori, principles, promises, readRecord, type StrategyRule } from '@servicelife/strategy'

/** A history as a store records it: positions in order, revisions per stream. */
export const asRecorded = (entries: ReadonlyArray<HistoryEntry>): RecordedEvent[] => {
  const revisions = new Map<string, number>()
  return entries.map(({ streamId, event }, position) => {
    const revision = (revisions.get(streamId) ?? -1) + 1
    revisions.set(streamId, revision)
    return {
      streamId,
      revision,
      position,
      type: event.type,
      data: event.data,
      metadata: { eventId: `e${position}`, recordedAt: event.data.at, hash: '' },
    }
  })
}

const histories = randomCityHistory({ services: 4, cases: 10, length: 16 }).map(asRecorded)
const serviceLives = acceptedHistory(serviceDecider, serviceCommandSequence(30)).map((events) =>
  asRecorded(events.map((event) => ({ streamId: serviceStreamId('svc'), event }))),
)
const ids = (violations: ReadonlyArray<{ entity: { id: string } }>) =>
  [...new Set(violations.map((v) => v.entity.id))].sort()
const equal = (a: unknown, b: unknown, what: string) => {
  if (JSON.stringify(a) !== JSON.stringify(b))
    throw new Error(`${what}: monitor ${JSON.stringify(a)} but projection ${JSON.stringify(b)}`)
  return true
}
const low = (d: { distribution: Record<number, number> }) => d.distribution[1]! + d.distribution[2]!

// Properties differ in their generated values; callers only run them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Property = fc.IProperty<any>
type WithProperty<R extends StrategyRule> = R & { readonly property: () => Property }
const withProperty = <R extends StrategyRule>(rule: R, property: () => Property): WithProperty<R> => ({
  ...rule,
  property,
})

export const strategy = {
  promises: {
    respectfulEncounter: withProperty(promises.respectfulEncounter, () =>
      fc.property(histories, (events) =>
        equal(
          promises.respectfulEncounter.monitor(readRecord(events), {}).length,
          low(satisfactionReport(project(allProjections.satisfaction, events)).city.communication),
          'low communication scores',
        ),
      ),
    ),
    alwaysAnswered: withProperty(promises.alwaysAnswered, () =>
      // No case is lost from the awaiting-answer list until answered: with no grace period the
      // monitor flags exactly the cases promise compliance counts as awaiting, at every point,
      // but for a first answer still within the time its service promised.
      fc.property(histories, fc.nat(), (events, cut) => {
        const prefix = events.slice(0, events.length === 0 ? 0 : (cut % events.length) + 1)
        const record = readRecord(prefix)
        const flagged = promises.alwaysAnswered.monitor(record, { answerWithinDays: -1 })
        const cases = allCaseFactsOf(project(allProjections.promiseCompliance, prefix))
        const awaiting = [...cases]
          .filter(
            (c) =>
              awaitsAnswer(c) &&
              (c.firstAnswerAt !== undefined || c.answerDue === undefined || record.now > c.answerDue),
          )
          .map((c) => c.caseId)
        return equal(ids(flagged), awaiting.sort(), 'cases awaiting an answer')
      }),
    ),
    answeredInTime: withProperty(promises.answeredInTime, () =>
      // Every first answer later than its due time, as promise compliance counts the late ones.
      fc.property(histories, fc.integer({ min: 1, max: 30 }), (events, days) => {
        const flagged = promises.answeredInTime.monitor(readRecord(events), { answerWithinDays: days })
        const report = complianceReport(project(allProjections.promiseCompliance, events), {
          defaultAnswerHours: days * 24,
        })
        return equal(flagged.length, report.city.deadlines.answeredLate, 'first answers later than due')
      }),
    ),
    initiatedOnFirstContact: withProperty(promises.initiatedOnFirstContact, () =>
      fc.property(histories, (events) => {
        const flagged = promises.initiatedOnFirstContact.monitor(readRecord(events), {})
        const state = project(allProjections.promiseCompliance, events)
        const report = complianceReport(state)
        const cases = [...allCaseFactsOf(state)]
        const unopenedRecontacted = cases.filter((c) => !c.opened && c.contacts > 1).length
        return equal(
          flagged.length,
          report.city.opened - report.city.openedOnFirstContact + unopenedRecontacted,
          'cases not initiated on the first contact',
        )
      }),
    ),
  },
  principles: {
    basicServicesForAll: withProperty(principles.basicServicesForAll, () =>
      fc.property(serviceLives, (events) =>
        equal(
          principles.basicServicesForAll
            .monitor(readRecord(events), {})
            .filter((v) => v.message.includes('no replacement')),
          [],
          'duty-bearing retirements without replacement',
        ),
      ),
    ),
    runOnData: withProperty(principles.runOnData, () =>
      fc.property(serviceLives, (events) => {
        const reviews = events.filter((e) => e.type === 'ServiceReviewed')
        const emptyEvidence = reviews.filter(
          (e) => Object.keys((e.data as { evidence: object }).evidence).length === 0,
        ).length
        const retiredUnreviewed =
          events.some((e) => e.type === 'ServiceRetired') &&
          events.some((e) => e.type === 'ServiceLaunched') &&
          reviews.length === 0
            ? 1
            : 0
        return equal(
          principles.runOnData.monitor(readRecord(events), {}).length,
          emptyEvidence + retiredUnreviewed,
          'reviews without evidence and unreviewed retirements',
        )
      }),
    ),
    digitalFirst: withProperty(principles.digitalFirst, () =>
      fc.property(histories, (events) => {
        const digital = new Set(['web-page', 'e-service', 'chat', 'email'])
        const catalog = catalogReport(project(allProjections.serviceCatalog, events), {
          lifecycles: ['in-production', 'disrupted'],
        })
        return equal(
          ids(principles.digitalFirst.monitor(readRecord(events), {})),
          catalog
            .filter((e) => !e.channels.some((c) => digital.has(c)))
            .map((e) => e.serviceId)
            .sort(),
          'running services with no digital channel',
        )
      }),
    ),
    criticalReview: withProperty(principles.criticalReview, () =>
      // Every service the monitor finds overdue is on the projection's review agenda.
      fc.property(histories, (events) => {
        const record = readRecord(events)
        const flagged = ids(principles.criticalReview.monitor(record, { reviewEveryMonths: 6 }))
        const readAt = Number.isFinite(record.now) ? new Date(record.now).toISOString() : undefined
        const agenda = reviewAgendaReport(project(allProjections.reviewAgenda, events), {
          reviewEveryMonths: 6,
          ...(readAt === undefined ? {} : { readAt }),
        })
        const due = new Set(agenda.reviewDue.map((r) => r.serviceId))
        return equal(
          flagged.filter((id) => !due.has(id)),
          [],
          'overdue services missing from the review agenda',
        )
      }),
    ),
    goodServiceExperience: withProperty(principles.goodServiceExperience, () =>
      fc.property(histories, (events) =>
        equal(
          principles.goodServiceExperience.monitor(readRecord(events), {}).length,
          low(satisfactionReport(project(allProjections.satisfaction, events)).city.needsMet),
          'low needs-met scores',
        ),
      ),
    ),
    criticalServicesRun: withProperty(principles.criticalServicesRun, () =>
      fc.property(serviceLives, (events) =>
        equal(
          principles.criticalServicesRun
            .monitor(readRecord(events), {})
            .filter((v) => v.message.includes('no continuity')),
          [],
          'critical disruptions without continuity',
        ),
      ),
    ),
  },
  pori: {
    authorityIsOwnProduction: withProperty(pori.authorityIsOwnProduction, () =>
      fc.property(histories, (events) =>
        equal(
          pori.authorityIsOwnProduction.monitor(readRecord(events), {}).length,
          classificationReport(project(allProjections.classificationSummary, events))
            .filter((row) => row.obligation === 'statutory-authority' && row.productionMode !== 'own')
            .reduce((a, row) => a + row.count, 0),
          'authority services not produced by the city',
        ),
      ),
    ),
  },
  metrics: {
    satisfactionScale: withProperty(metrics.satisfactionScale, () =>
      fc.property(histories, (events) =>
        equal(metrics.satisfactionScale.monitor(readRecord(events), {}), [], 'scores outside 1-5'),
      ),
    ),
  },
} as const

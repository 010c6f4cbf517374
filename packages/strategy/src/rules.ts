/**
 * The service strategy as rules over the record. Each rule has an id, the strategy text it comes
 * from, and a monitor that returns violations with the events that show them. `checkHistory` runs
 * them all; `properties.ts` holds each rule's second face, the property that the library keeps it.
 */
import { type AsOf, monthsBefore } from '@servicelife/projections'
import type {
  ContactReceivedData,
  FeedbackGivenData,
  ServiceDisruptedData,
  ServiceRetiredData,
  ServiceReviewedData,
} from './record.js'
import {
  at,
  type CaseRecord,
  type CityRecord,
  dataOf,
  type HistoryEvent,
  isDigital,
  readRecord,
  type ServiceRecord,
} from './record.js'

export interface Violation {
  readonly ruleId: string
  readonly entity: { readonly kind: 'service' | 'case'; readonly id: string }
  readonly evidence: ReadonlyArray<HistoryEvent>
  readonly message: string
}

export interface CheckOptions {
  /**
   * Read the record as of a business time or a global position (default: all of it). "Now" is
   * the time of `{ at }`, else the latest event taken.
   */
  readonly asOf?: AsOf
  /** Promise 2: an answer is due within this many days of the contact (default 14). */
  readonly answerWithinDays?: number
  /** Principle 4: a service in production is reviewed at least this often (default 24 months). */
  readonly reviewEveryMonths?: number
  /** Principle 6: a critical service is back to normal within this many days (default 180). */
  readonly maxDisruptionDays?: number
  /** Promise 1 and principle 5: feedback scores at or below this are findings (default 2). */
  readonly lowScore?: number
}

export interface StrategyRule {
  readonly id: string
  readonly title: string
  /** Where the rule comes from in the city's documents. */
  readonly source: string
  readonly monitor: (record: CityRecord, options: CheckOptions) => Violation[]
}

/** Types each rule's monitor as a StrategyRule, keeping the rule names. */
const ruleSet = <K extends string>(rules: Record<K, StrategyRule>): Record<K, StrategyRule> => rules

const DAY = 86_400_000
const DUTY = new Set(['statutory-authority', 'organizing-responsibility'])
const running = (s: ServiceRecord) => s.lifecycle === 'in-production' || s.lifecycle === 'disrupted'
const onService = (
  ruleId: string,
  s: ServiceRecord,
  evidence: HistoryEvent[],
  message: string,
): Violation => ({
  ruleId,
  entity: { kind: 'service', id: s.serviceId },
  evidence,
  message,
})
const onCase = (ruleId: string, c: CaseRecord, evidence: HistoryEvent[], message: string): Violation => ({
  ruleId,
  entity: { kind: 'case', id: c.caseId },
  evidence,
  message,
})
const services = (r: CityRecord) => [...r.services.values()]
const cases = (r: CityRecord) => [...r.cases.values()]

/** When the case's answer is due, as it was opened (its service's promise), if it was. */
export const recordedDue = (c: CaseRecord): number | undefined => {
  const due = c.opened === undefined ? undefined : (c.opened.data as { answerDue?: string }).answerDue
  return due === undefined ? undefined : Date.parse(due)
}

/** Closed as withdrawn or a duplicate: the customer no longer waits for an answer. */
export const closedWithoutAnswer = (c: CaseRecord): boolean => {
  const outcome = c.closed === undefined ? undefined : (c.closed.data as { outcome: string }).outcome
  return outcome === 'withdrawn' || outcome === 'duplicate'
}

/** How late, in whole days, or hours under a day. */
export const lateness = (ms: number): string =>
  ms >= DAY ? `${Math.floor(ms / DAY)} day(s)` : `${Math.max(1, Math.ceil(ms / 3_600_000))} hour(s)`

/** Contacts after the latest answer (all of them when there is none): what still waits for an answer. */
export const unansweredContacts = (c: CaseRecord): HistoryEvent[] => {
  const lastAnswer = c.answers.length === 0 ? Number.NEGATIVE_INFINITY : at(c.answers[c.answers.length - 1]!)
  return c.contacts.filter((contact) => at(contact) > lastAnswer)
}

const lowFeedback =
  (ruleId: string, question: 'needsMet' | 'communication', label: string): StrategyRule['monitor'] =>
  (record, options) => {
    const threshold = options.lowScore ?? 2
    return cases(record).flatMap((c) =>
      c.feedback
        .filter((f) => dataOf<FeedbackGivenData>(f)[question] <= threshold)
        .map((f) => onCase(ruleId, c, [f], `${label} scored ${dataOf<FeedbackGivenData>(f)[question]} of 5`)),
    )
  }

export const promises = ruleSet({
  respectfulEncounter: {
    id: 'promise-1.respectful-encounter',
    title:
      'We meet the customer respectfully in every service situation (as far as feedback on communication shows it)',
    source:
      'Turku service strategy, service promise 1; city-wide question "the communication is sufficient and understandable"',
    monitor: lowFeedback('promise-1.respectful-encounter', 'communication', 'communication'),
  },
  alwaysAnswered: {
    id: 'promise-2.always-answered',
    title: 'The customer always gets an answer to their matter',
    source: 'Turku service strategy, service promise 2',
    monitor: (record, options) => {
      const within = (options.answerWithinDays ?? 14) * DAY
      return cases(record).flatMap((c) => {
        // A case the customer withdrew, or a duplicate, waits for no answer.
        if (closedWithoutAnswer(c)) return []
        const waiting = unansweredContacts(c)
        if (waiting.length === 0) return []
        // Before the first answer, the deadline the service promised when the case was opened.
        const recorded = c.answers.length === 0 ? recordedDue(c) : undefined
        const due = recorded ?? at(waiting[0]!) + within
        if (record.now <= due) return []
        const days = Math.floor((record.now - at(waiting[0]!)) / DAY)
        return [
          onCase(
            'promise-2.always-answered',
            c,
            waiting,
            recorded === undefined
              ? `${waiting.length} contact(s) unanswered for ${days} days`
              : `${waiting.length} contact(s) unanswered for ${days} days, past the answer due ${dataOf<{ answerDue: string }>(c.opened!).answerDue}`,
          ),
        ]
      })
    },
  },
  answeredInTime: {
    id: 'promise-2.answered-in-time',
    title: 'The customer gets the answer within the time the service promised',
    source:
      "Turku service strategy, service promise 2; each service's answer promise (Open311 expected_datetime), else the city's answer time",
    monitor: (record, options) => {
      const within = (options.answerWithinDays ?? 14) * DAY
      return cases(record).flatMap((c) => {
        const first = c.answers[0]
        const contact = c.contacts[0]
        if (first === undefined || contact === undefined) return []
        const recorded = recordedDue(c)
        const due = recorded ?? at(contact) + within
        if (at(first) <= due) return []
        const late = lateness(at(first) - due)
        return [
          onCase(
            'promise-2.answered-in-time',
            c,
            [...(c.opened === undefined ? [] : [c.opened]), first],
            recorded === undefined
              ? `answered ${late} after the city's answer time of ${options.answerWithinDays ?? 14} days`
              : `answered ${late} after the answer due ${dataOf<{ answerDue: string }>(c.opened!).answerDue}`,
          ),
        ]
      })
    },
  },
  initiatedOnFirstContact: {
    id: 'promise-3.initiated-on-first-contact',
    title: "The customer's matter is initiated through the first contact",
    source: 'Turku service strategy, service promise 3; principle 5',
    monitor: (record) =>
      cases(record).flatMap((c) => {
        const first = c.contacts[0]
        if (first === undefined) return []
        const firstId = dataOf<ContactReceivedData>(first).contactId
        if (c.opened === undefined) {
          return c.contacts.length > 1
            ? [
                onCase(
                  'promise-3.initiated-on-first-contact',
                  c,
                  c.contacts,
                  `${c.contacts.length} contacts and still not opened`,
                ),
              ]
            : []
        }
        const openedAt = c.opened.position ?? Number.POSITIVE_INFINITY
        const before = c.contacts.filter((x) => (x.position ?? Number.NEGATIVE_INFINITY) < openedAt)
        const onFirst = (c.opened.data as { onContact: string }).onContact === firstId
        return onFirst && before.length <= 1
          ? []
          : [
              onCase(
                'promise-3.initiated-on-first-contact',
                c,
                [...before, c.opened],
                `opened only after ${before.length} contacts`,
              ),
            ]
      }),
  },
})

export const principles = ruleSet({
  basicServicesForAll: {
    id: 'principle-1.basic-services-for-all',
    title:
      'The city offers basic services to everyone: a duty-bearing service ends only when another takes over',
    source: 'Turku service strategy, principle 1; Pori obligation classes',
    monitor: (record) =>
      services(record).flatMap((s) => {
        if (s.retired === undefined || !DUTY.has(s.plan.obligation)) return []
        const replacedBy = dataOf<ServiceRetiredData>(s.retired).replacedBy
        const successor = replacedBy === undefined ? undefined : record.services.get(replacedBy)
        if (replacedBy === undefined)
          return [
            onService(
              'principle-1.basic-services-for-all',
              s,
              [s.retired],
              `${s.plan.obligation} service retired with no replacement`,
            ),
          ]
        if (
          successor === undefined ||
          successor.lifecycle === 'planned' ||
          successor.lifecycle === 'retired'
        ) {
          return [
            onService(
              'principle-1.basic-services-for-all',
              s,
              [s.retired],
              `replaced by ${replacedBy}, which is ${successor?.lifecycle ?? 'not in the record'}`,
            ),
          ]
        }
        return []
      }),
  },
  runOnData: {
    id: 'principle-2.run-on-data',
    title:
      'Services are planned, run and developed on data: reviews carry evidence, retirements follow a review',
    source: 'Turku service strategy, principle 2',
    monitor: (record) =>
      services(record).flatMap((s) => [
        ...s.reviews
          .filter((r) => Object.keys(dataOf<ServiceReviewedData>(r).evidence).length === 0)
          .map((r) => onService('principle-2.run-on-data', s, [r], 'a review with no evidence')),
        ...(s.retired !== undefined && s.launched !== undefined && s.reviews.length === 0
          ? [
              onService(
                'principle-2.run-on-data',
                s,
                [s.retired],
                'retired from production without any review',
              ),
            ]
          : []),
      ]),
  },
  digitalFirst: {
    id: 'principle-3.digital-first',
    title: 'Digital transformation in all development: a running service has a digital channel',
    source: 'Turku service strategy, principle 3',
    monitor: (record) =>
      services(record)
        .filter((s) => running(s) && ![...s.channels].some(isDigital))
        .map((s) =>
          onService(
            'principle-3.digital-first',
            s,
            s.launched ? [s.launched] : [],
            `open only on ${[...s.channels].join(', ')}`,
          ),
        ),
  },
  criticalReview: {
    id: 'principle-4.critical-review',
    title: 'The city reviews its services critically and openly',
    source: 'Turku service strategy, principle 4',
    monitor: (record, options) => {
      const months = options.reviewEveryMonths ?? 24
      const dueBefore = monthsBefore(record.now, months)
      return services(record).flatMap((s) => {
        if (!running(s) || s.launched === undefined) return []
        const last = s.reviews[s.reviews.length - 1]
        const since = last === undefined ? at(s.launched) : at(last)
        return since < dueBefore
          ? [
              onService(
                'principle-4.critical-review',
                s,
                last ? [last] : [s.launched],
                last
                  ? `last reviewed more than ${months} months ago`
                  : `not reviewed in ${months} months of production`,
              ),
            ]
          : []
      })
    },
  },
  goodServiceExperience: {
    id: 'principle-5.good-service-experience',
    title: "Good service experience, measured: the service meets the customer's needs",
    source: 'Turku service strategy, principle 5; city-wide question "the service meets my needs"',
    monitor: lowFeedback('principle-5.good-service-experience', 'needsMet', 'needs met'),
  },
  criticalServicesRun: {
    id: 'principle-6.critical-services-run',
    title: 'Critical services run appropriately in exceptional situations too',
    source: 'Turku service strategy, principle 6',
    monitor: (record, options) => {
      const limit = (options.maxDisruptionDays ?? 180) * DAY
      return services(record).flatMap((s) => {
        if (!s.plan.critical || s.disruption === undefined) return []
        const d = dataOf<ServiceDisruptedData>(s.disruption)
        if (d.continuity === undefined)
          return [
            onService(
              'principle-6.critical-services-run',
              s,
              [s.disruption],
              'disrupted with no continuity arrangement',
            ),
          ]
        const days = (record.now - at(s.disruption)) / DAY
        return days > limit / DAY
          ? [
              onService(
                'principle-6.critical-services-run',
                s,
                [s.disruption],
                `disrupted for ${Math.floor(days)} days`,
              ),
            ]
          : []
      })
    },
  },
})

export const pori = ruleSet({
  authorityIsOwnProduction: {
    id: 'pori.authority-is-own-production',
    title: 'Statutory authority activity is produced by the city itself',
    source: 'Pori service strategy, obligation classes (lakisääteinen viranomaistoiminta)',
    monitor: (record) =>
      services(record)
        .filter(
          (s) =>
            s.lifecycle !== 'retired' &&
            s.plan.obligation === 'statutory-authority' &&
            s.plan.productionMode !== 'own',
        )
        .map((s) =>
          onService(
            'pori.authority-is-own-production',
            s,
            [],
            `statutory authority activity produced as '${s.plan.productionMode}'`,
          ),
        ),
  },
})

export const metrics = ruleSet({
  satisfactionScale: {
    id: 'metrics.satisfaction-scale',
    title: 'Both city-wide questions are answered on the 1-5 scale',
    source: 'Turku service strategy, city-wide customer satisfaction metrics (2024)',
    monitor: (record) =>
      cases(record).flatMap((c) =>
        c.feedback
          .filter((f) => {
            const d = dataOf<FeedbackGivenData>(f)
            return ![d.needsMet, d.communication].every((n) => Number.isInteger(n) && n >= 1 && n <= 5)
          })
          .map((f) => onCase('metrics.satisfaction-scale', c, [f], 'a score outside the 1-5 scale')),
      ),
  },
})

export const strategyRules: ReadonlyArray<StrategyRule> = [
  ...Object.values(promises),
  ...Object.values(principles),
  ...Object.values(pori),
  ...Object.values(metrics),
]

/** Every rule's monitor over a recorded history, as of `options.asOf`. */
export const checkHistory = (events: Iterable<HistoryEvent>, options: CheckOptions = {}): Violation[] => {
  const record = readRecord(events, options.asOf)
  return strategyRules.flatMap((rule) => rule.monitor(record, options))
}

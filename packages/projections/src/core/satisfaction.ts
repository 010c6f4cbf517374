/**
 * The two city-wide questions on the 1-5 scale: "the service meets my needs" (`needsMet`) and
 * "the service's communication is sufficient and understandable" (`communication`): count, mean
 * and distribution by service (the case's service when the feedback was given), by month of the
 * feedback (in the city's calendar) and city-wide.
 */
import { type CityCalendar, type DomainEvent, helsinki, instant } from '@servicelife/domain'
import type { RecordedEvent } from '@servicelife/store'
import { Map as IMap } from 'immutable'
import { type CaseTable, editCaseTable, emptyCaseTable } from './storage/case-table.js'
import { type Codes, editCodes, noCodes } from './storage/codes.js'
import { UNROUTED } from './case-facts.js'
import { domainEventOf, type Projection, sumOfParts } from './projection.js'
import { type ScoreSummary, scoreSummary } from './statistics.js'

/**
 * The one fact satisfaction keeps per case: the service it is with after one more event (opened
 * to, then referred to). The projection keeps it in a case table, as a number of its vocabulary.
 */
export const caseServiceAfter = (serviceId: string | undefined, event: DomainEvent): string | undefined =>
  event.type === 'CaseOpened'
    ? event.data.serviceId
    : event.type === 'CaseReferred'
      ? event.data.to
      : serviceId

/** Counts of the scores 1 to 5. */
export type Tally = readonly [number, number, number, number, number]
const EMPTY: Tally = [0, 0, 0, 0, 0]

export interface SatisfactionState {
  /** The service each opened case is with: one integer column, a number in `services`. */
  readonly caseServices: CaseTable
  readonly services: Codes
  /** Keys: `city`, `service:<id>`, `month:<YYYY-MM>`. */
  readonly needsMet: IMap<string, Tally>
  readonly communication: IMap<string, Tally>
}

type Tallies = IMap<string, Tally>
const addTallies = (x: Tally, y: Tally): Tally => [
  x[0] + y[0],
  x[1] + y[1],
  x[2] + y[2],
  x[3] + y[3],
  x[4] + y[4],
]
const SERVICE = 0

const count = (tallies: Tallies, keys: ReadonlyArray<string>, score: number): void => {
  for (const key of keys) {
    const t = (tallies.get(key) ?? EMPTY).slice() as [number, number, number, number, number]
    t[score - 1]! += 1
    tallies.set(key, t)
  }
}

const applyAll = (
  calendar: CityCalendar,
  state: SatisfactionState,
  events: ReadonlyArray<RecordedEvent>,
): SatisfactionState => {
  // One transient edit of each part for the batch; the state given stays as it was.
  const caseServices = editCaseTable(state.caseServices)
  const services = editCodes(state.services)
  const routeTo = (caseId: string, serviceId: string) => {
    const row = caseServices.row(caseId)
    caseServices.setInteger(row === -1 ? caseServices.add(caseId) : row, SERVICE, services.code(serviceId))
  }
  const needsMet = state.needsMet.asMutable()
  const communication = state.communication.asMutable()
  for (const recorded of events) {
    const event = domainEventOf(recorded)
    switch (event.type) {
      case 'CaseOpened':
      case 'CaseReferred':
        routeTo(event.data.caseId, caseServiceAfter(undefined, event)!)
        break
      case 'FeedbackGiven': {
        const row = caseServices.row(event.data.caseId)
        const service = row === -1 ? UNROUTED : services.text(caseServices.integer(row, SERVICE))
        const keys = ['city', `service:${service}`, `month:${calendar.monthOf(instant(event.data.at))}`]
        count(needsMet, keys, event.data.needsMet)
        count(communication, keys, event.data.communication)
        break
      }
      default:
        break
    }
  }
  const persistent = (map: IMap<string, unknown>, before: IMap<string, unknown>) =>
    map.wasAltered() ? map.asImmutable() : before
  const next = {
    caseServices: caseServices.done(),
    services: services.done(),
    needsMet: persistent(needsMet, state.needsMet) as Tallies,
    communication: persistent(communication, state.communication) as Tallies,
  }
  return next.caseServices === state.caseServices &&
    next.services === state.services &&
    next.needsMet === state.needsMet &&
    next.communication === state.communication
    ? state
    : next
}

/** Satisfaction with months read in a city's calendar. */
export const satisfactionIn = (calendar: CityCalendar): Projection<SatisfactionState> => ({
  name: 'satisfaction',
  // 2: the cases' services in a case table instead of a map.
  version: 2,
  calendar: calendar.timeZone,
  initial: {
    caseServices: emptyCaseTable({ numbers: 0, integers: 1 }),
    services: noCodes,
    needsMet: IMap(),
    communication: IMap(),
  },
  apply: (state, recorded) => applyAll(calendar, state, [recorded]),
  applyAll: (state, events) => applyAll(calendar, state, events),
  merge(a, b) {
    const caseServices = editCaseTable(a.caseServices)
    const services = editCodes(a.services)
    // b's service numbers, as a's.
    const serviceOf = b.services.map((text) => services.code(text))
    caseServices.append(b.caseServices, (integers, at) => {
      integers[at + SERVICE] = serviceOf[integers[at + SERVICE]!]!
    })
    return {
      caseServices: caseServices.done(),
      services: services.done(),
      needsMet: sumOfParts(a.needsMet, b.needsMet, addTallies),
      communication: sumOfParts(a.communication, b.communication, addTallies),
    }
  },
})

/** Satisfaction in Helsinki months. */
export const satisfaction: Projection<SatisfactionState> = satisfactionIn(helsinki)

const summaryOf = (state: SatisfactionState, key: string): SatisfactionSummary => ({
  needsMet: scoreSummary(state.needsMet.get(key) ?? EMPTY),
  communication: scoreSummary(state.communication.get(key) ?? EMPTY),
})

const byPrefix = (state: SatisfactionState, prefix: string) =>
  Object.fromEntries(
    [...state.needsMet.keys()]
      .filter((k) => k.startsWith(prefix))
      .sort()
      .map((k) => [k.slice(prefix.length), summaryOf(state, k)]),
  )

/** The two city-wide questions' summaries for a group of feedback. */
export interface SatisfactionSummary {
  readonly needsMet: ScoreSummary
  readonly communication: ScoreSummary
}

/** Feedback on the 1-5 scale city-wide, by service and by month (in the city's calendar). */
export interface SatisfactionReport {
  readonly city: SatisfactionSummary
  readonly byService: Readonly<Record<string, SatisfactionSummary>>
  readonly byMonth: Readonly<Record<string, SatisfactionSummary>>
}

export const satisfactionReport = (state: SatisfactionState): SatisfactionReport => ({
  city: summaryOf(state, 'city'),
  byService: byPrefix(state, 'service:'),
  byMonth: byPrefix(state, 'month:'),
})

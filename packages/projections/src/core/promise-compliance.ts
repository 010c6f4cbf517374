/**
 * Promises 2 ("the customer always gets an answer") and 3 ("the matter is initiated through the
 * first contact"), per case, grouped at query time by service, by channel of first contact, by
 * month of first contact (Helsinki) and city-wide. Definitions: docs/projections.md.
 */
import { type ContactChannel, type DomainEvent, helsinkiMonth } from '@servicelife/domain'
import type { RecordedEvent } from '@servicelife/store'
import { Map as IMap } from 'immutable'
import { domainEventOf, type Projection } from './projection.js'
import { HOUR_MS, percentile, ratio } from './statistics.js'

export interface CaseFacts {
  readonly caseId: string
  readonly firstContactId: string
  readonly firstContactAt: number
  readonly firstChannel: ContactChannel
  /** Helsinki month of the first contact. */
  readonly month: string
  readonly contacts: number
  readonly latestContactAt: number
  /** The earliest contact not followed by an answer, while the case awaits one. */
  readonly unansweredSince?: number
  /** The service the case is with now (opened to, then referred to). */
  readonly serviceId?: string
  readonly opened: boolean
  readonly openedOnFirstContact: boolean
  readonly firstAnswerAt?: number
  readonly latestAnswerAt?: number
}

/**
 * The case's next facts, every field written out: on node 20 an object spread with overrides costs
 * tens of times a literal of the same fields, and this runs for most events of a replay.
 */
const nextFacts = (f: CaseFacts, changes: Partial<CaseFacts>): CaseFacts => ({
  caseId: f.caseId,
  firstContactId: f.firstContactId,
  firstContactAt: f.firstContactAt,
  firstChannel: f.firstChannel,
  month: f.month,
  contacts: changes.contacts ?? f.contacts,
  latestContactAt: changes.latestContactAt ?? f.latestContactAt,
  // An answer clears it: the only field that goes back to absent.
  unansweredSince: 'unansweredSince' in changes ? changes.unansweredSince : f.unansweredSince,
  serviceId: changes.serviceId ?? f.serviceId,
  opened: changes.opened ?? f.opened,
  openedOnFirstContact: changes.openedOnFirstContact ?? f.openedOnFirstContact,
  firstAnswerAt: changes.firstAnswerAt ?? f.firstAnswerAt,
  latestAnswerAt: changes.latestAnswerAt ?? f.latestAnswerAt,
})

export interface ComplianceState {
  readonly cases: IMap<string, CaseFacts>
  /** Latest business time seen: the default "now" for ages. */
  readonly latestAt: number
}

/** The case's facts after one of its events; `undefined` when the event changes nothing known. */
const nextCaseFacts = (
  facts: CaseFacts | undefined,
  event: DomainEvent,
  at: number,
): CaseFacts | undefined => {
  switch (event.type) {
    case 'ContactReceived':
      if (facts === undefined) {
        return {
          caseId: event.data.caseId,
          firstContactId: event.data.contactId,
          firstContactAt: at,
          firstChannel: event.data.channel,
          month: helsinkiMonth(event.data.at),
          contacts: 1,
          latestContactAt: at,
          unansweredSince: at,
          serviceId: undefined,
          opened: false,
          openedOnFirstContact: false,
          firstAnswerAt: undefined,
          latestAnswerAt: undefined,
        }
      }
      return nextFacts(facts, {
        contacts: facts.contacts + 1,
        latestContactAt: at,
        unansweredSince: facts.unansweredSince ?? at,
      })
    case 'CaseOpened':
      return facts
        ? nextFacts(facts, {
            opened: true,
            serviceId: event.data.serviceId,
            openedOnFirstContact: event.data.onContact === facts.firstContactId && facts.contacts === 1,
          })
        : undefined
    case 'CaseReferred':
      return facts ? nextFacts(facts, { serviceId: event.data.to }) : undefined
    case 'CaseAnswered':
      return facts
        ? nextFacts(facts, {
            unansweredSince: undefined,
            firstAnswerAt: facts.firstAnswerAt ?? at,
            latestAnswerAt: at,
          })
        : undefined
    default:
      // Other events change no case facts; they only move the latest time seen.
      return undefined
  }
}

const applyAll = (state: ComplianceState, events: ReadonlyArray<RecordedEvent>): ComplianceState => {
  let latestAt = state.latestAt
  const cases = state.cases.withMutations((m) => {
    for (const recorded of events) {
      const event = domainEventOf(recorded)
      const at = Date.parse(event.data.at)
      // Every event moves the latest time seen, also one whose case is not known.
      if (at > latestAt) latestAt = at
      if (!('caseId' in event.data)) continue
      const id = event.data.caseId
      const next = nextCaseFacts(m.get(id), event, at)
      if (next !== undefined) m.set(id, next)
    }
  })
  return cases === state.cases && latestAt === state.latestAt ? state : { cases, latestAt }
}

export const promiseCompliance: Projection<ComplianceState> = {
  name: 'promiseCompliance',
  version: 1,
  initial: { cases: IMap(), latestAt: Number.NEGATIVE_INFINITY },
  apply: (state, recorded) => applyAll(state, [recorded]),
  applyAll,
}

/** Promise 2: the case awaits an answer while its latest contact is later than its latest answer. */
export const awaitsAnswer = (c: CaseFacts): boolean =>
  c.latestContactAt > (c.latestAnswerAt ?? Number.NEGATIVE_INFINITY)

export interface ComplianceFigures {
  readonly contacts: number
  readonly cases: number
  readonly awaitingAnswer: number
  /** Days since the oldest unanswered contact of an awaiting case, at the query's `now`. */
  readonly oldestUnansweredDays?: number
  readonly answered: number
  readonly shareAnswered?: number
  /** Hours from first contact to first answer, answered cases. */
  readonly hoursToFirstAnswer: { readonly median?: number; readonly p90?: number }
  readonly opened: number
  readonly openedOnFirstContact: number
  /** Promise 3: cases opened on their first contact, before any re-contact, over opened cases. */
  readonly firstContactInitiationRate?: number
  readonly reContacts: number
}

const figures = (cases: ReadonlyArray<CaseFacts>, now: number): ComplianceFigures => {
  const awaiting = cases.filter(awaitsAnswer)
  const answered = cases.filter((c) => c.firstAnswerAt !== undefined)
  const hours = answered.map((c) => (c.firstAnswerAt! - c.firstContactAt) / HOUR_MS)
  const opened = cases.filter((c) => c.opened)
  const onFirst = opened.filter((c) => c.openedOnFirstContact).length
  const oldest = Math.min(...awaiting.map((c) => c.unansweredSince ?? c.latestContactAt))
  const median = percentile(hours, 50)
  const p90 = percentile(hours, 90)
  const share = ratio(answered.length, cases.length)
  const rate = ratio(onFirst, opened.length)
  return {
    contacts: cases.reduce((a, c) => a + c.contacts, 0),
    cases: cases.length,
    awaitingAnswer: awaiting.length,
    ...(awaiting.length === 0 ? {} : { oldestUnansweredDays: (now - oldest) / 86_400_000 }),
    answered: answered.length,
    ...(share === undefined ? {} : { shareAnswered: share }),
    hoursToFirstAnswer: {
      ...(median === undefined ? {} : { median }),
      ...(p90 === undefined ? {} : { p90 }),
    },
    opened: opened.length,
    openedOnFirstContact: onFirst,
    ...(rate === undefined ? {} : { firstContactInitiationRate: rate }),
    reContacts: cases.reduce((a, c) => a + c.contacts - 1, 0),
  }
}

export const UNROUTED = '(unrouted)'

const grouped = (cases: ReadonlyArray<CaseFacts>, key: (c: CaseFacts) => string, now: number) => {
  const groups = new Map<string, CaseFacts[]>()
  for (const c of cases) {
    const k = key(c)
    const list = groups.get(k)
    if (list) list.push(c)
    else groups.set(k, [c])
  }
  return Object.fromEntries([...groups.keys()].sort().map((k) => [k, figures(groups.get(k)!, now)]))
}

/** The figures city-wide and by service, first-contact channel and month. `now` defaults to the latest event's time. */
export const complianceReport = (state: ComplianceState, now: string | number = state.latestAt) => {
  const at = typeof now === 'string' ? Date.parse(now) : now
  const cases = [...state.cases.values()]
  return {
    city: figures(cases, at),
    byService: grouped(cases, (c) => c.serviceId ?? UNROUTED, at),
    byChannel: grouped(cases, (c) => c.firstChannel, at),
    byMonth: grouped(cases, (c) => c.month, at),
  }
}

/**
 * Promises 2 ("the customer always gets an answer") and 3 ("the matter is initiated through the
 * first contact") as facts about each case: the definition promise compliance is computed from.
 *
 * A case's facts are a plain record, changed by one event at a time (`evolveCaseFacts`), and the
 * figures of a group of cases are counted from those records (`complianceFigures`). The
 * projection keeps the same facts in compact rows (`storage/compliance-rows.ts`) so that a
 * million cases fit in memory; a property pins its facts and figures equal to these.
 */
import {
  type CaseOutcome,
  type CityCalendar,
  type ContactChannel,
  type DomainEvent,
  instant,
} from '@servicelife/domain'
import { HOUR_MS, percentile, ratio } from './statistics.js'

export interface CaseFacts {
  readonly caseId: string
  readonly firstContactId: string
  readonly firstContactAt: number
  readonly firstChannel: ContactChannel
  /** The month of the first contact, in the city's calendar. */
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
  /** When the answer is due, as the case was opened (its service's promise). */
  readonly answerDue?: number
  /** How the case was closed, once it is. */
  readonly closedAs?: CaseOutcome
}

/** Closings that end a case without the answer the customer was waiting for: it is not awaiting one. */
export const CLOSED_WITHOUT_ANSWER: ReadonlySet<CaseOutcome> = new Set(['withdrawn', 'duplicate'])

/** The group of cases not yet routed to a service. */
export const UNROUTED = '(unrouted)'

/** The city's answer time, in hours, for a case whose service promised none: 14 days. */
export const DEFAULT_ANSWER_HOURS = 14 * 24

/**
 * A case's facts after one more event. Undefined before its first contact: events of a case
 * never contacted change no facts.
 */
export const evolveCaseFacts =
  (calendar: CityCalendar) =>
  (facts: CaseFacts | undefined, event: DomainEvent): CaseFacts | undefined => {
    if (event.type === 'ContactReceived') {
      const at = instant(event.data.at)
      if (facts === undefined)
        return {
          caseId: event.data.caseId,
          firstContactId: event.data.contactId,
          firstContactAt: at,
          firstChannel: event.data.channel,
          month: calendar.monthOf(at),
          contacts: 1,
          latestContactAt: at,
          unansweredSince: at,
          opened: false,
          openedOnFirstContact: false,
        }
      return {
        ...facts,
        contacts: facts.contacts + 1,
        latestContactAt: at,
        unansweredSince: facts.unansweredSince ?? at,
      }
    }
    if (facts === undefined) return undefined
    switch (event.type) {
      case 'CaseOpened': {
        const { answerDue } = event.data
        return {
          ...facts,
          opened: true,
          // Promise 3: opened on the first contact, before any other.
          openedOnFirstContact:
            facts.openedOnFirstContact ||
            (facts.contacts === 1 && facts.firstContactId === event.data.onContact),
          serviceId: event.data.serviceId,
          ...(answerDue === undefined ? {} : { answerDue: instant(answerDue) }),
        }
      }
      case 'CaseReferred':
        return { ...facts, serviceId: event.data.to }
      case 'CaseClosed':
        return { ...facts, closedAs: event.data.outcome }
      case 'CaseAnswered': {
        const at = instant(event.data.at)
        // An answer ends the wait: the only fact that goes back to absent.
        const { unansweredSince: _answered, ...rest } = facts
        return { ...rest, firstAnswerAt: facts.firstAnswerAt ?? at, latestAnswerAt: at }
      }
      default:
        return facts
    }
  }

/** The facts of every case of a history, in order of first contact, and the latest business time seen. */
export interface CasesFacts {
  readonly cases: ReadonlyMap<string, CaseFacts>
  readonly latestAt: number
}

/** Folds a history's events into the facts of its cases: the plain definition of the projection's state. */
export const casesFactsOf = (calendar: CityCalendar, events: Iterable<DomainEvent>): CasesFacts => {
  const evolve = evolveCaseFacts(calendar)
  const cases = new Map<string, CaseFacts>()
  let latestAt = Number.NEGATIVE_INFINITY
  for (const event of events) {
    // Every event moves the latest time seen, also one whose case is not known.
    latestAt = Math.max(latestAt, instant(event.data.at))
    if (!('caseId' in event.data)) continue
    const next = evolve(cases.get(event.data.caseId), event)
    if (next !== undefined) cases.set(event.data.caseId, next)
  }
  return { cases, latestAt }
}

/**
 * Promise 2: the case awaits an answer while its latest contact is later than its latest answer,
 * unless it was closed as withdrawn or a duplicate (the customer no longer waits).
 */
export const awaitsAnswer = (c: CaseFacts): boolean =>
  !(c.closedAs !== undefined && CLOSED_WITHOUT_ANSWER.has(c.closedAs)) &&
  (c.latestAnswerAt === undefined || c.latestContactAt > c.latestAnswerAt)

/** Closed as withdrawn or a duplicate before any answer: counted apart, never as awaiting. */
export const closedWithoutAnswer = (c: CaseFacts): boolean =>
  c.closedAs !== undefined && CLOSED_WITHOUT_ANSWER.has(c.closedAs) && c.firstAnswerAt === undefined

/** Where a case stands against its answer deadline at a time. */
export type DeadlineStanding =
  'answered-on-time' | 'answered-late' | 'awaiting-within-deadline' | 'overdue' | 'none'

/**
 * The first answer against the case's deadline: its service's promise as the case was opened,
 * else `defaultAnswerMs` after its first contact. A case closed without an answer has none.
 */
/** When a group of cases' facts is read: the time (epoch ms), and the answer time of a case whose service promised none. */
export interface FactsReading {
  readonly readAt: number
  readonly defaultAnswerMs: number
}

export const deadlineStanding = (
  c: CaseFacts,
  { readAt, defaultAnswerMs }: FactsReading,
): DeadlineStanding => {
  const due = c.answerDue ?? c.firstContactAt + defaultAnswerMs
  if (c.firstAnswerAt !== undefined) return c.firstAnswerAt <= due ? 'answered-on-time' : 'answered-late'
  if (c.closedAs !== undefined && CLOSED_WITHOUT_ANSWER.has(c.closedAs)) return 'none'
  return readAt <= due ? 'awaiting-within-deadline' : 'overdue'
}

export interface ComplianceFigures {
  readonly contacts: number
  readonly cases: number
  readonly awaitingAnswer: number
  /** Cases closed as withdrawn or a duplicate before any answer: not awaiting one. */
  readonly closedWithoutAnswer: number
  /** Days since the oldest unanswered contact of an awaiting case, at the time the report is read. */
  readonly oldestUnansweredDays?: number
  readonly answered: number
  readonly shareAnswered?: number
  /** Hours from first contact to first answer, answered cases. */
  readonly hoursToFirstAnswer: { readonly median?: number; readonly p90?: number }
  /** The first answer against each case's deadline: its service's promise, else the city's (docs/projections.md). */
  readonly deadlines: {
    /** Cases whose deadline came from their service's promise (the rest have the city's default). */
    readonly promisedByService: number
    readonly answeredOnTime: number
    readonly answeredLate: number
    /** Not answered yet, not closed without an answer, and not yet due. */
    readonly awaitingWithinDeadline: number
    /** Not answered, not closed without an answer, and past due. */
    readonly overdue: number
    /** On time over every case answered or past due. */
    readonly shareAnsweredOnTime?: number
  }
  readonly opened: number
  readonly openedOnFirstContact: number
  /** Promise 3: cases opened on their first contact, before any re-contact, over opened cases. */
  readonly firstContactInitiationRate?: number
  readonly reContacts: number
}

const count = <A>(xs: ReadonlyArray<A>, p: (x: A) => boolean): number => xs.filter(p).length

/** The figures of a group of cases, read at `readAt` (epoch ms). */
export const complianceFigures = (
  cases: ReadonlyArray<CaseFacts>,
  reading: FactsReading,
): ComplianceFigures => {
  const { readAt } = reading
  const contacts = cases.reduce((sum, c) => sum + c.contacts, 0)
  const awaiting = cases.filter(awaitsAnswer)
  const oldest = awaiting.reduce(
    (min, c) => Math.min(min, c.unansweredSince ?? c.latestContactAt),
    Number.POSITIVE_INFINITY,
  )
  const hours = cases.flatMap((c) =>
    c.firstAnswerAt === undefined ? [] : [(c.firstAnswerAt - c.firstContactAt) / HOUR_MS],
  )
  const standing = cases.map((c) => deadlineStanding(c, reading))
  const standingOf = (s: DeadlineStanding) => count(standing, (x) => x === s)
  const opened = cases.filter((c) => c.opened)
  const onFirst = count(opened, (c) => c.openedOnFirstContact)
  const onTime = standingOf('answered-on-time')
  const late = standingOf('answered-late')
  const overdue = standingOf('overdue')
  const median = percentile(hours, 50)
  const p90 = percentile(hours, 90)
  const share = ratio(hours.length, cases.length)
  const rate = ratio(onFirst, opened.length)
  const shareOnTime = ratio(onTime, onTime + late + overdue)
  return {
    contacts,
    cases: cases.length,
    awaitingAnswer: awaiting.length,
    closedWithoutAnswer: count(cases, closedWithoutAnswer),
    ...(awaiting.length === 0 ? {} : { oldestUnansweredDays: (readAt - oldest) / 86_400_000 }),
    answered: hours.length,
    ...(share === undefined ? {} : { shareAnswered: share }),
    hoursToFirstAnswer: {
      ...(median === undefined ? {} : { median }),
      ...(p90 === undefined ? {} : { p90 }),
    },
    deadlines: {
      promisedByService: count(cases, (c) => c.answerDue !== undefined),
      answeredOnTime: onTime,
      answeredLate: late,
      awaitingWithinDeadline: standingOf('awaiting-within-deadline'),
      overdue,
      ...(shareOnTime === undefined ? {} : { shareAnsweredOnTime: shareOnTime }),
    },
    opened: opened.length,
    openedOnFirstContact: onFirst,
    ...(rate === undefined ? {} : { firstContactInitiationRate: rate }),
    reContacts: contacts - cases.length,
  }
}

/** The figures of promises 2 and 3 city-wide and by service, first-contact channel and month. */
export interface ComplianceReport {
  readonly city: ComplianceFigures
  readonly byService: Readonly<Record<string, ComplianceFigures>>
  readonly byChannel: Readonly<Record<string, ComplianceFigures>>
  readonly byMonth: Readonly<Record<string, ComplianceFigures>>
}

/** The cases grouped by a key, the groups in key order. */
const groupedBy = (
  cases: ReadonlyArray<CaseFacts>,
  key: (c: CaseFacts) => string,
  figures: (cases: ReadonlyArray<CaseFacts>) => ComplianceFigures,
): Record<string, ComplianceFigures> => {
  const groups = new Map<string, CaseFacts[]>()
  for (const c of cases) {
    const group = groups.get(key(c))
    if (group === undefined) groups.set(key(c), [c])
    else group.push(c)
  }
  return Object.fromEntries([...groups.keys()].sort().map((k) => [k, figures(groups.get(k)!)]))
}

/** The report of a group of cases' facts: city-wide, by service, by first channel, by month. */
export const complianceReportOfCases = (
  cases: ReadonlyArray<CaseFacts>,
  reading: FactsReading,
): ComplianceReport => {
  const figures = (group: ReadonlyArray<CaseFacts>) => complianceFigures(group, reading)
  return {
    city: figures(cases),
    byService: groupedBy(cases, (c) => c.serviceId ?? UNROUTED, figures),
    byChannel: groupedBy(cases, (c) => c.firstChannel, figures),
    byMonth: groupedBy(cases, (c) => c.month, figures),
  }
}

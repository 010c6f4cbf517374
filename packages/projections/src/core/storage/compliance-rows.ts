/**
 * The facts of promise compliance (`case-facts.ts`) kept in compact rows: a row per case in a
 * case table, its times as int32 offsets from its first contact, its service, channel and month
 * as numbers of small vocabularies. A million cases cost tens of megabytes instead of the
 * gigabyte their records would. Everything here gives what the plain definition gives: a
 * property reads the facts and figures back and compares.
 */
import {
  type CaseOutcome,
  CaseOutcome as CaseOutcomes,
  type CityCalendar,
  type ContactChannel,
  instant,
} from '@servicelife/domain'
import type { RecordedEvent } from '@servicelife/store'
import {
  type CaseFacts,
  CLOSED_WITHOUT_ANSWER,
  type ComplianceFigures,
  type ComplianceReport,
  UNROUTED,
} from '../case-facts.js'
import { domainEventOf } from '../projection.js'
import { HOUR_MS, percentile, ratio } from '../statistics.js'
import {
  type CaseTable,
  caseIdAt,
  caseRow,
  editCaseTable,
  emptyCaseTable,
  integerAt,
  labelAt,
  numberAt,
} from './case-table.js'
import { type Codes, editCodes, noCodes } from './codes.js'

export interface ComplianceState {
  /** Each case's facts, a row per case in order of first contact: columns below. */
  readonly cases: CaseTable
  /** The times of a case that lie too far from its first contact for an offset: exact, rarely used. */
  readonly far: CaseTable
  /** What the integer columns' service, channel and month numbers stand for. */
  readonly services: Codes
  readonly channels: Codes
  readonly months: Codes
  /** Latest business time seen: the default "now" for ages. */
  readonly latestAt: number
}

// The row of a case: its first contact's time in ms, counts, codes and flags, and its other
// times as int32 offsets in ms from the first contact (24.8 days either way; beyond, in `far`).
const FIRST_CONTACT_AT = 0
const CONTACTS = 0
/** -1: not routed to a service yet. */
const SERVICE = 1
/** The first channel's code (bits 0-7), the flags (8-15) and the first contact's month code (16-31). */
const MARKS = 2
const LATEST_CONTACT_AT = 3
const UNANSWERED_SINCE = 4
const FIRST_ANSWER_AT = 5
const LATEST_ANSWER_AT = 6
/** When the answer is due, as the case was opened (its service's promise); absent without one. */
const ANSWER_DUE = 7
const OPENED = 1
const OPENED_ON_FIRST_CONTACT = 2
const CLOSED = 4
/** The outcome of a closed case: its index in the outcome vocabulary, in flag bits 3-4. */
const OUTCOME_SHIFT = 3
const OUTCOME_BITS = CLOSED | (3 << OUTCOME_SHIFT)
const outcomeOf = (flags: number): CaseOutcome => CaseOutcomes.values[(flags >>> OUTCOME_SHIFT) & 3]!
const outcomeFlags = (outcome: CaseOutcome) =>
  CLOSED | (CaseOutcomes.values.indexOf(outcome) << OUTCOME_SHIFT)
const endsWaiting = (flags: number) => (flags & CLOSED) !== 0 && CLOSED_WITHOUT_ANSWER.has(outcomeOf(flags))
const channelOf = (marks: number) => marks & 0xff
const flagsOf = (marks: number) => (marks >>> 8) & 0xff
const monthOf = (marks: number) => marks >>> 16
const marks = (channel: number, flags: number, month: number) => channel | (flags << 8) | (month << 16)
/** A time not there. */
const ABSENT = -0x80000000
/** A time too far from the first contact for an offset: the exact time is in `far`. */
const FAR = -0x7fffffff

const layout = { numbers: 1, integers: 8 }
/** A far time's column in `far`: the offset column's number less `LATEST_CONTACT_AT`. */
const farLayout = { numbers: 5, integers: 0 }

/** A case's time from its offset column (NaN: absent). */
const timeOf = (state: ComplianceState, row: number, column: number): number => {
  const offset = integerAt(state.cases, row, column)
  if (offset === ABSENT) return Number.NaN
  if (offset !== FAR) return numberAt(state.cases, row, FIRST_CONTACT_AT) + offset
  const farRow = caseRow(state.far, caseIdAt(state.cases, row))
  return numberAt(state.far, farRow, column - LATEST_CONTACT_AT)
}

/** One edit of the facts' tables and vocabularies, begun from `state`. */
const editFacts = (state: ComplianceState) => ({
  cases: editCaseTable(state.cases),
  far: editCaseTable(state.far),
  services: editCodes(state.services),
  channels: editCodes(state.channels),
  months: editCodes(state.months),
})

/** The facts an edit wrote, as of `latestAt`. */
const doneFacts = (edit: ReturnType<typeof editFacts>, latestAt: number): ComplianceState => ({
  cases: edit.cases.done(),
  far: edit.far.done(),
  services: edit.services.done(),
  channels: edit.channels.done(),
  months: edit.months.done(),
  latestAt,
})

/** The rows after a batch of events: one edit of each table for the batch; the state given stays as it was. */
export const applyToRows = (
  calendar: CityCalendar,
  state: ComplianceState,
  events: ReadonlyArray<RecordedEvent>,
): ComplianceState => {
  let latestAt = state.latestAt
  const edit = editFacts(state)
  const { cases, far, services, channels, months } = edit
  const setTime = (row: number, column: number, caseId: string, at: number) => {
    const offset = at - cases.number(row, FIRST_CONTACT_AT)
    if (offset > FAR && offset <= 0x7fffffff) return cases.setInteger(row, column, offset)
    cases.setInteger(row, column, FAR)
    const farRow = far.row(caseId)
    far.setNumber(farRow === -1 ? far.add(caseId) : farRow, column - LATEST_CONTACT_AT, at)
  }
  for (const recorded of events) {
    const event = domainEventOf(recorded)
    const at = instant(event.data.at)
    // Every event moves the latest time seen, also one whose case is not known.
    if (at > latestAt) latestAt = at
    switch (event.type) {
      case 'ContactReceived': {
        const caseId = event.data.caseId
        const row = cases.row(caseId)
        if (row === -1) {
          const added = cases.add(caseId, event.data.contactId)
          cases.setNumber(added, FIRST_CONTACT_AT, at)
          cases.setInteger(added, LATEST_CONTACT_AT, 0)
          cases.setInteger(added, UNANSWERED_SINCE, 0)
          cases.setInteger(added, FIRST_ANSWER_AT, ABSENT)
          cases.setInteger(added, LATEST_ANSWER_AT, ABSENT)
          cases.setInteger(added, ANSWER_DUE, ABSENT)
          cases.setInteger(added, CONTACTS, 1)
          cases.setInteger(added, SERVICE, -1)
          cases.setInteger(
            added,
            MARKS,
            marks(channels.code(event.data.channel), 0, months.code(calendar.monthOf(at))),
          )
        } else {
          cases.setInteger(row, CONTACTS, cases.integer(row, CONTACTS) + 1)
          setTime(row, LATEST_CONTACT_AT, caseId, at)
          if (cases.integer(row, UNANSWERED_SINCE) === ABSENT) setTime(row, UNANSWERED_SINCE, caseId, at)
        }
        break
      }
      case 'CaseOpened': {
        // Events of a case never contacted change no facts.
        const row = cases.row(event.data.caseId)
        if (row === -1) break
        const onFirst = cases.integer(row, CONTACTS) === 1 && cases.labelIs(row, event.data.onContact)
        const before = cases.integer(row, MARKS)
        const flags = flagsOf(before) | OPENED | (onFirst ? OPENED_ON_FIRST_CONTACT : 0)
        cases.setInteger(row, MARKS, marks(channelOf(before), flags, monthOf(before)))
        cases.setInteger(row, SERVICE, services.code(event.data.serviceId))
        if (event.data.answerDue !== undefined)
          setTime(row, ANSWER_DUE, event.data.caseId, instant(event.data.answerDue))
        break
      }
      case 'CaseReferred': {
        const row = cases.row(event.data.caseId)
        if (row !== -1) cases.setInteger(row, SERVICE, services.code(event.data.to))
        break
      }
      case 'CaseClosed': {
        const row = cases.row(event.data.caseId)
        if (row === -1) break
        const before = cases.integer(row, MARKS)
        // The outcome bits are replaced, not added to: the case's facts hold its latest closing.
        const flags = (flagsOf(before) & ~OUTCOME_BITS) | outcomeFlags(event.data.outcome)
        cases.setInteger(row, MARKS, marks(channelOf(before), flags, monthOf(before)))
        break
      }
      case 'CaseAnswered': {
        const caseId = event.data.caseId
        const row = cases.row(caseId)
        if (row === -1) break
        // An answer clears the unanswered mark: the only fact that goes back to absent.
        cases.setInteger(row, UNANSWERED_SINCE, ABSENT)
        if (cases.integer(row, FIRST_ANSWER_AT) === ABSENT) setTime(row, FIRST_ANSWER_AT, caseId, at)
        setTime(row, LATEST_ANSWER_AT, caseId, at)
        break
      }
      default:
        // Other events change no case facts; they only move the latest time seen.
        break
    }
  }
  const next = doneFacts(edit, latestAt)
  return next.cases === state.cases &&
    next.far === state.far &&
    next.services === state.services &&
    next.channels === state.channels &&
    next.months === state.months &&
    latestAt === state.latestAt
    ? state
    : next
}

/** Two parts' facts: b's rows after a's, b's codes read through b's vocabularies and written through a's. */
export function mergeRows(a: ComplianceState, b: ComplianceState): ComplianceState {
  const latestAt = Math.max(a.latestAt, b.latestAt)
  if (b.cases.size === 0) return latestAt === a.latestAt ? a : { ...a, latestAt }
  const edit = editFacts(a)
  const { cases, far, services, channels, months } = edit
  // b's numbers of each vocabulary, as a's numbers.
  const serviceCodes = b.services.map((text) => services.code(text))
  const channelCodes = b.channels.map((text) => channels.code(text))
  const monthCodes = b.months.map((text) => months.code(text))
  // Offsets stay as they are: they count from the case's own first contact, copied with them.
  cases.append(b.cases, (integers, at) => {
    const service = integers[at + SERVICE]!
    if (service !== -1) integers[at + SERVICE] = serviceCodes[service]!
    const m = integers[at + MARKS]!
    integers[at + MARKS] = marks(channelCodes[channelOf(m)]!, flagsOf(m), monthCodes[monthOf(m)]!)
  })
  far.append(b.far)
  return doneFacts(edit, latestAt)
}

/** The rows of no case. */
export const noComplianceRows = (): ComplianceState => ({
  cases: emptyCaseTable(layout),
  far: emptyCaseTable(farLayout),
  services: noCodes,
  channels: noCodes,
  months: noCodes,
  latestAt: Number.NEGATIVE_INFINITY,
})

/** Promise 2 on a case's times: awaiting while the latest contact is later than the latest answer (NaN: none yet). */
const awaits = (latestContactAt: number, latestAnswerAt: number): boolean =>
  Number.isNaN(latestAnswerAt) || latestContactAt > latestAnswerAt

/** The facts of one case, read from its row. */
const factsAt = (state: ComplianceState, row: number): CaseFacts => {
  const { cases } = state
  const time = (column: number) => {
    const value = timeOf(state, row, column)
    return Number.isNaN(value) ? undefined : value
  }
  const unansweredSince = time(UNANSWERED_SINCE)
  const firstAnswerAt = time(FIRST_ANSWER_AT)
  const latestAnswerAt = time(LATEST_ANSWER_AT)
  const answerDue = time(ANSWER_DUE)
  const service = integerAt(cases, row, SERVICE)
  const caseMarks = integerAt(cases, row, MARKS)
  const flags = flagsOf(caseMarks)
  return {
    caseId: caseIdAt(cases, row),
    firstContactId: labelAt(cases, row),
    firstContactAt: numberAt(cases, row, FIRST_CONTACT_AT),
    firstChannel: state.channels[channelOf(caseMarks)] as ContactChannel,
    month: state.months[monthOf(caseMarks)]!,
    contacts: integerAt(cases, row, CONTACTS),
    latestContactAt: timeOf(state, row, LATEST_CONTACT_AT),
    ...(unansweredSince === undefined ? {} : { unansweredSince }),
    ...(service === -1 ? {} : { serviceId: state.services[service]! }),
    opened: (flags & OPENED) !== 0,
    openedOnFirstContact: (flags & OPENED_ON_FIRST_CONTACT) !== 0,
    ...(firstAnswerAt === undefined ? {} : { firstAnswerAt }),
    ...(latestAnswerAt === undefined ? {} : { latestAnswerAt }),
    ...(answerDue === undefined ? {} : { answerDue }),
    ...((flags & CLOSED) === 0 ? {} : { closedAs: outcomeOf(flags) }),
  }
}

/** The facts of a case, or undefined when no contact of it has been seen. */
export const caseFactsInRows = (state: ComplianceState, caseId: string): CaseFacts | undefined => {
  const row = caseRow(state.cases, caseId)
  return row === -1 ? undefined : factsAt(state, row)
}

/** The facts of every case, in the order their first contacts were folded. */
export function* casesInRows(state: ComplianceState): Iterable<CaseFacts> {
  for (let row = 0; row < state.cases.size; row++) yield factsAt(state, row)
}

/** The figures of a group of cases, read from their rows: a report over a million cases makes no object per case. */
const figures = (
  state: ComplianceState,
  rows: ReadonlyArray<number>,
  now: number,
  defaultAnswerMs: number,
): ComplianceFigures => {
  const { cases } = state
  let contacts = 0
  let awaiting = 0
  let closedUnanswered = 0
  let oldest = Number.POSITIVE_INFINITY
  let opened = 0
  let onFirst = 0
  let onTime = 0
  let late = 0
  let withinDeadline = 0
  let overdue = 0
  let promised = 0
  const hours: number[] = []
  for (const row of rows) {
    const count = integerAt(cases, row, CONTACTS)
    contacts += count
    const firstContactAt = numberAt(cases, row, FIRST_CONTACT_AT)
    const latestContactAt = timeOf(state, row, LATEST_CONTACT_AT)
    const latestAnswerAt = timeOf(state, row, LATEST_ANSWER_AT)
    const flags = flagsOf(integerAt(cases, row, MARKS))
    const ended = endsWaiting(flags)
    if (ended && Number.isNaN(latestAnswerAt)) closedUnanswered++
    if (!ended && awaits(latestContactAt, latestAnswerAt)) {
      awaiting++
      const since = timeOf(state, row, UNANSWERED_SINCE)
      const from = Number.isNaN(since) ? latestContactAt : since
      if (from < oldest) oldest = from
    }
    const firstAnswerAt = timeOf(state, row, FIRST_ANSWER_AT)
    if (!Number.isNaN(firstAnswerAt)) hours.push((firstAnswerAt - firstContactAt) / HOUR_MS)
    // Promise 2 with deadlines: the first answer by the case's due time.
    const recordedDue = timeOf(state, row, ANSWER_DUE)
    if (!Number.isNaN(recordedDue)) promised++
    const due = Number.isNaN(recordedDue) ? firstContactAt + defaultAnswerMs : recordedDue
    if (!Number.isNaN(firstAnswerAt)) {
      if (firstAnswerAt <= due) onTime++
      else late++
    } else if (!ended) {
      if (now <= due) withinDeadline++
      else overdue++
    }
    if ((flags & OPENED) !== 0) {
      opened++
      if ((flags & OPENED_ON_FIRST_CONTACT) !== 0) onFirst++
    }
  }
  const median = percentile(hours, 50)
  const p90 = percentile(hours, 90)
  const share = ratio(hours.length, rows.length)
  const rate = ratio(onFirst, opened)
  const shareOnTime = ratio(onTime, onTime + late + overdue)
  return {
    contacts,
    cases: rows.length,
    awaitingAnswer: awaiting,
    closedWithoutAnswer: closedUnanswered,
    ...(awaiting === 0 ? {} : { oldestUnansweredDays: (now - oldest) / 86_400_000 }),
    answered: hours.length,
    ...(share === undefined ? {} : { shareAnswered: share }),
    hoursToFirstAnswer: {
      ...(median === undefined ? {} : { median }),
      ...(p90 === undefined ? {} : { p90 }),
    },
    deadlines: {
      promisedByService: promised,
      answeredOnTime: onTime,
      answeredLate: late,
      awaitingWithinDeadline: withinDeadline,
      overdue,
      ...(shareOnTime === undefined ? {} : { shareAnsweredOnTime: shareOnTime }),
    },
    opened,
    openedOnFirstContact: onFirst,
    ...(rate === undefined ? {} : { firstContactInitiationRate: rate }),
    reContacts: contacts - rows.length,
  }
}

/** The figures of the cases grouped by a text read from one integer column. */
const grouped = (
  state: ComplianceState,
  column: number,
  text: (code: number) => string,
  figuresOf: (rows: ReadonlyArray<number>) => ComplianceFigures,
): Record<string, ComplianceFigures> => {
  const groups = new Map<string, number[]>()
  for (let row = 0; row < state.cases.size; row++) {
    const key = text(integerAt(state.cases, row, column))
    const list = groups.get(key)
    if (list) list.push(row)
    else groups.set(key, [row])
  }
  return Object.fromEntries([...groups.keys()].sort().map((k) => [k, figuresOf(groups.get(k)!)]))
}

/** The report, read from the rows (`complianceReportOfCases` over the same facts gives the same). */
export const complianceReportOfRows = (
  state: ComplianceState,
  readAt: number,
  defaultAnswerMs: number,
): ComplianceReport => {
  const figuresOf = (rows: ReadonlyArray<number>) => figures(state, rows, readAt, defaultAnswerMs)
  const all = Array.from({ length: state.cases.size }, (_, row) => row)
  return {
    city: figuresOf(all),
    byService: grouped(state, SERVICE, (code) => (code === -1 ? UNROUTED : state.services[code]!), figuresOf),
    byChannel: grouped(state, MARKS, (m) => state.channels[channelOf(m)]!, figuresOf),
    byMonth: grouped(state, MARKS, (m) => state.months[monthOf(m)]!, figuresOf),
  }
}

/**
 * Promises 2 ("the customer always gets an answer") and 3 ("the matter is initiated through the
 * first contact"), per case, grouped at query time by service, by channel of first contact, by
 * month of first contact (in the city's calendar) and city-wide. Definitions: `case-facts.ts`
 * and docs/projections.md. The facts are kept in compact rows (`storage/compliance-rows.ts`).
 */
import { type CityCalendar, helsinki } from '@servicelife/domain'
import { type CaseFacts, type ComplianceReport, DEFAULT_ANSWER_HOURS } from './case-facts.js'
import type { Projection } from './projection.js'
import { HOUR_MS, readingInstant } from './statistics.js'
import {
  applyToRows,
  caseFactsInRows,
  casesInRows,
  type ComplianceState,
  complianceReportOfRows,
  mergeRows,
  noComplianceRows,
} from './storage/compliance-rows.js'

export type { ComplianceState } from './storage/compliance-rows.js'

/** Promise compliance with months read in a city's calendar. */
export const promiseComplianceIn = (calendar: CityCalendar): Projection<ComplianceState> => ({
  name: 'promiseCompliance',
  // 2: the cases in a case table instead of a map; 3: answer deadlines and closings.
  version: 3,
  calendar: calendar.timeZone,
  initial: noComplianceRows(),
  apply: (state, recorded) => applyToRows(calendar, state, [recorded]),
  applyAll: (state, events) => applyToRows(calendar, state, events),
  merge: mergeRows,
})

/** Promise compliance in Helsinki months. */
export const promiseCompliance: Projection<ComplianceState> = promiseComplianceIn(helsinki)

/** The facts of a case, or undefined when no contact of it has been seen. */
export const caseFactsOf = (state: ComplianceState, caseId: string): CaseFacts | undefined =>
  caseFactsInRows(state, caseId)

/** The number of cases the state knows. */
export const caseCountOf = (state: ComplianceState): number => state.cases.size

/**
 * The facts of every case, in the order their first contacts were folded (in a merged state, the
 * first part's cases, then the second's). One object per case: for queries of a few.
 */
export const allCaseFactsOf = (state: ComplianceState): Iterable<CaseFacts> => casesInRows(state)

/** How a report reads the cases: when, and the deadline of a case whose service promised none. */
export interface ComplianceOptions {
  /** The time the report is read at (ISO-8601 or epoch ms; default the latest event's time). */
  readonly readAt?: string | number
  /**
   * The city's answer time for a case whose service made no promise of its own, in hours from
   * its first contact (default 336: 14 days).
   */
  readonly defaultAnswerHours?: number
}

/** The figures city-wide and by service, first-contact channel and month, read at a time (default: the latest event's). */
export const complianceReport = (
  state: ComplianceState,
  options: ComplianceOptions = {},
): ComplianceReport => {
  const at = readingInstant(options.readAt ?? state.latestAt, 'readAt')
  const defaultAnswerMs = (options.defaultAnswerHours ?? DEFAULT_ANSWER_HOURS) * HOUR_MS
  if (!(defaultAnswerMs > 0))
    throw new RangeError(`defaultAnswerHours: ${options.defaultAnswerHours} is not a number of hours > 0`)
  return complianceReportOfRows(state, at, defaultAnswerMs)
}

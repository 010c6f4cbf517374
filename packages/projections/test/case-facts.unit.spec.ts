/**
 * The plain definition of promise compliance, rule by rule at its edges: when an answer is on
 * time, when a case is overdue, which closings end the wait, and what a case's facts hold.
 */
import { helsinki } from '@servicelife/domain'
import { describe, expect, it } from 'vitest'
import {
  awaitsAnswer,
  type CaseFacts,
  casesFactsOf,
  closedWithoutAnswer,
  complianceFigures,
  complianceReportOfCases,
  deadlineStanding,
  evolveCaseFacts,
} from '../src/core/case-facts.js'

const HOUR = 3_600_000
const contactAt = Date.parse('2026-03-02T08:00:00Z')
const due = contactAt + 48 * HOUR
const reading = { readAt: due, defaultAnswerMs: 14 * 24 * HOUR }

/** A case contacted once, opened with an answer due in 48 hours, nothing else yet. */
const given = (facts: Partial<CaseFacts> = {}): CaseFacts => ({
  caseId: 'c1',
  firstContactId: 'k1',
  firstContactAt: contactAt,
  firstChannel: 'phone',
  month: '2026-03',
  contacts: 1,
  latestContactAt: contactAt,
  unansweredSince: contactAt,
  serviceId: 's1',
  opened: true,
  openedOnFirstContact: true,
  answerDue: due,
  ...facts,
})

const answeredAt = (at: number): Partial<CaseFacts> => ({
  unansweredSince: undefined,
  firstAnswerAt: at,
  latestAnswerAt: at,
})

describe('promise 2: an answer is on time at its deadline and late after it', () => {
  it('a first answer exactly at the deadline is on time', () => {
    expect(deadlineStanding(given(answeredAt(due)), reading)).toBe('answered-on-time')
  })
  it('a first answer a millisecond after the deadline is late', () => {
    expect(deadlineStanding(given(answeredAt(due + 1)), reading)).toBe('answered-late')
  })
  it('a case unanswered when read exactly at its deadline is still within it', () => {
    expect(deadlineStanding(given(), { ...reading, readAt: due })).toBe('awaiting-within-deadline')
  })
  it('a case unanswered a millisecond after its deadline is overdue', () => {
    expect(deadlineStanding(given(), { ...reading, readAt: due + 1 })).toBe('overdue')
  })
  it('a case closed as withdrawn or a duplicate without an answer has no deadline standing', () => {
    for (const closedAs of ['withdrawn', 'duplicate'] as const)
      expect(deadlineStanding(given({ closedAs }), { ...reading, readAt: due + 1 })).toBe('none')
  })
  it('a case closed otherwise without an answer is overdue after its deadline', () => {
    expect(deadlineStanding(given({ closedAs: 'resolved' }), { ...reading, readAt: due + 1 })).toBe('overdue')
  })
})

describe('promise 2: a case awaits an answer while a contact is later than the latest answer', () => {
  it('a contact at the same instant as the latest answer is answered', () => {
    expect(awaitsAnswer(given(answeredAt(contactAt)))).toBe(false)
  })
  it('a contact after the latest answer awaits one', () => {
    expect(awaitsAnswer(given({ ...answeredAt(contactAt), latestContactAt: contactAt + 1 }))).toBe(true)
  })
  it('a case closed as withdrawn or a duplicate awaits nothing; one closed otherwise still does', () => {
    expect(awaitsAnswer(given({ closedAs: 'withdrawn' }))).toBe(false)
    expect(awaitsAnswer(given({ closedAs: 'duplicate' }))).toBe(false)
    expect(awaitsAnswer(given({ closedAs: 'resolved' }))).toBe(true)
  })
})

describe('closed without an answer: withdrawn or a duplicate, before any answer', () => {
  it('counts a withdrawn case never answered', () => {
    expect(closedWithoutAnswer(given({ closedAs: 'withdrawn' }))).toBe(true)
  })
  it('does not count a case still open, one resolved, or one answered before it was withdrawn', () => {
    expect(closedWithoutAnswer(given())).toBe(false)
    expect(closedWithoutAnswer(given({ closedAs: 'resolved' }))).toBe(false)
    expect(closedWithoutAnswer(given({ closedAs: 'withdrawn', ...answeredAt(contactAt + HOUR) }))).toBe(false)
  })
})

describe("a case's facts", () => {
  const at = (hours: number) => new Date(contactAt + hours * HOUR).toISOString()
  const contact = (contactId: string, hours: number) =>
    ({
      type: 'ContactReceived',
      data: {
        caseId: 'c1',
        contactId,
        at: at(hours),
        channel: 'phone',
        customer: { kind: 'resident' },
        language: 'fi',
        subject: 'x',
      },
    }) as const
  const opened = (onContact: string, hours: number) =>
    ({ type: 'CaseOpened', data: { caseId: 'c1', serviceId: 's1', onContact, at: at(hours) } }) as const
  const evolve = evolveCaseFacts(helsinki)

  it('promise 3: a case opened after a second contact was not opened on the first contact', () => {
    const facts = [contact('k1', 0), contact('k2', 1), opened('k1', 2)].reduce<CaseFacts | undefined>(
      evolve,
      undefined,
    )
    expect(facts?.openedOnFirstContact).toBe(false)
    expect(facts?.opened).toBe(true)
  })
  it('an event of a case never contacted makes no facts', () => {
    expect(evolve(undefined, opened('k1', 0))).toBeUndefined()
    expect(casesFactsOf(helsinki, [opened('k1', 0)]).cases.has('c1')).toBe(false)
  })
})

describe('figures leave out what cannot be computed, and groups come in key order', () => {
  it('no cases: no share answered, no median or p90, no share on time, no initiation rate', () => {
    const figures = complianceFigures([], reading)
    expect('shareAnswered' in figures).toBe(false)
    expect(Object.keys(figures.hoursToFirstAnswer)).toEqual([])
    expect('shareAnsweredOnTime' in figures.deadlines).toBe(false)
    expect('firstContactInitiationRate' in figures).toBe(false)
  })
  it('groups by service, channel and month come in key order, whatever the order of the cases', () => {
    const report = complianceReportOfCases(
      [
        given({ caseId: 'c3', serviceId: 's9', firstChannel: 'web-form', month: '2026-05' }),
        given({ caseId: 'c2', serviceId: 's1', firstChannel: 'chat', month: '2026-04' }),
        given({ caseId: 'c1', serviceId: 's5', firstChannel: 'phone', month: '2026-03' }),
      ],
      reading,
    )
    expect(Object.keys(report.byService)).toEqual(['s1', 's5', 's9'])
    expect(Object.keys(report.byChannel)).toEqual(['chat', 'phone', 'web-form'])
    expect(Object.keys(report.byMonth)).toEqual(['2026-03', '2026-04', '2026-05'])
  })
})

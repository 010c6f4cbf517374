/**
 * Promise compliance's compact rows at the edges of the plain definition (`case-facts.ts`,
 * pinned rule by rule in case-facts.unit.spec.ts): each history below is folded both ways, and
 * the rows must give the same facts and the same report, field for field (an absent field is not
 * one set to `undefined`). Times near the limits of a row's offsets are among them.
 */
import { type CaseEvent, type DomainEvent, helsinki } from '@servicelife/domain'
import { describe, expect, it } from 'vitest'
import { casesFactsOf, complianceReportOfCases } from '../src/core/case-facts.js'
import { caseFactsOf, complianceReport, project, promiseCompliance } from './projections-under-test.js'
import { recorded } from './recorded.js'

const HOUR = 3_600_000
const T0 = Date.parse('2026-03-02T08:00:00Z')
/** The widest offset a row holds: beyond it a time goes to the exact `far` table. */
const INT32_MAX = 0x7fffffff
const iso = (ms: number) => new Date(ms).toISOString()

const contact = (caseId: string, contactId: string, at: number): CaseEvent => ({
  type: 'ContactReceived',
  data: {
    caseId,
    contactId,
    at: iso(at),
    channel: 'phone',
    customer: { kind: 'resident' },
    language: 'fi',
    subject: 'x',
  },
})
const opened = (caseId: string, at: number, answerDue?: number): CaseEvent => ({
  type: 'CaseOpened',
  data: {
    caseId,
    serviceId: 's1',
    onContact: `${caseId}-k1`,
    at: iso(at),
    ...(answerDue === undefined ? {} : { answerDue: iso(answerDue) }),
  },
})
const answered = (caseId: string, at: number): CaseEvent => ({
  type: 'CaseAnswered',
  data: { caseId, at: iso(at), channel: 'phone', by: 'guidance', summary: 'x' },
})
const closed = (caseId: string, at: number, outcome: 'resolved' | 'withdrawn' | 'duplicate'): CaseEvent => ({
  type: 'CaseClosed',
  data: { caseId, at: iso(at), outcome },
})
const history = (events: ReadonlyArray<CaseEvent>) =>
  recorded(events.map((event) => ({ streamId: `case-${event.data.caseId}`, event })))

/** Both folds of `events` give the same facts, latest time and reports at each reading time. */
const sameAsPlain = (events: ReadonlyArray<CaseEvent>, readAts: ReadonlyArray<number>) => {
  const rows = project(promiseCompliance, history(events))
  const plain = casesFactsOf(helsinki, events as ReadonlyArray<DomainEvent>)
  for (const caseId of [...plain.cases.keys(), 'never-contacted'])
    expect(caseFactsOf(rows, caseId)).toStrictEqual(plain.cases.get(caseId))
  expect(rows.latestAt).toBe(plain.latestAt)
  for (const readAt of readAts)
    expect(complianceReport(rows, { readAt, defaultAnswerHours: 24 })).toStrictEqual(
      complianceReportOfCases([...plain.cases.values()], { readAt, defaultAnswerMs: 24 * HOUR }),
    )
  return rows
}

describe('compliance rows give the plain definition at its edges', () => {
  const due = T0 + 48 * HOUR
  it('answers exactly at and just after the deadline, and a case read at and just after it', () => {
    sameAsPlain(
      [
        contact('on-time', 'on-time-k1', T0),
        opened('on-time', T0, due),
        answered('on-time', due),
        contact('late', 'late-k1', T0),
        opened('late', T0, due),
        answered('late', due + 1),
        contact('waiting', 'waiting-k1', T0),
        opened('waiting', T0, due),
        contact('default-deadline', 'default-deadline-k1', T0),
      ],
      [due, due + 1, T0 + 24 * HOUR, T0 + 24 * HOUR + 1],
    )
  })
  it('a contact at the instant of the latest answer is answered; a millisecond later it awaits one', () => {
    sameAsPlain(
      [
        contact('same', 'same-k1', T0),
        answered('same', T0 + HOUR),
        contact('same', 'same-k2', T0 + HOUR),
        contact('later', 'later-k1', T0),
        answered('later', T0 + HOUR),
        contact('later', 'later-k2', T0 + HOUR + 1),
      ],
      [T0 + 2 * HOUR],
    )
  })
  it('closings: withdrawn and duplicate end the wait, resolved does not, and the latest closing holds', () => {
    sameAsPlain(
      [
        contact('withdrawn', 'withdrawn-k1', T0),
        closed('withdrawn', T0 + HOUR, 'withdrawn'),
        contact('duplicate', 'duplicate-k1', T0),
        closed('duplicate', T0 + HOUR, 'duplicate'),
        contact('resolved', 'resolved-k1', T0),
        closed('resolved', T0 + HOUR, 'resolved'),
        contact('closed-twice', 'closed-twice-k1', T0),
        closed('closed-twice', T0 + HOUR, 'withdrawn'),
        closed('closed-twice', T0 + 2 * HOUR, 'resolved'),
      ],
      [T0 + 30 * HOUR],
    )
  })
  it('times at the limits of an offset: the row holds them up to 2^31 - 1 ms either way, `far` beyond', () => {
    const rows = sameAsPlain(
      [
        contact('fits', 'fits-k1', T0),
        answered('fits', T0 + INT32_MAX),
        contact('beyond', 'beyond-k1', T0),
        answered('beyond', T0 + INT32_MAX + 1),
        contact('before', 'before-k1', T0),
        contact('before', 'before-k2', T0 - INT32_MAX),
        contact('just-before', 'just-before-k1', T0),
        contact('just-before', 'just-before-k2', T0 - INT32_MAX + 1),
      ],
      [T0 + 30 * 24 * HOUR],
    )
    // Only the two times beyond an offset cost a row of exact times.
    expect(rows.far.size).toBe(2)
  })
  it('the latest time seen is the latest business time, whatever order the events come in', () => {
    sameAsPlain([contact('later', 'later-k1', T0 + 5 * HOUR), contact('earlier', 'earlier-k1', T0)], [])
  })
  it('events of a case never contacted change nothing: the state given is returned', () => {
    const known = project(promiseCompliance, history([contact('c1', 'c1-k1', T0 + HOUR)]))
    const unknown = history([
      opened('c9', T0, due),
      { type: 'CaseReferred', data: { caseId: 'c9', at: iso(T0), from: 's1', to: 's2', reason: 'x' } },
      answered('c9', T0),
      closed('c9', T0, 'withdrawn'),
    ])
    expect(promiseCompliance.applyAll!(known, unknown)).toBe(known)
    for (const event of unknown) expect(promiseCompliance.apply(known, event)).toBe(known)
    expect(caseFactsOf(known, 'c9')).toBeUndefined()
  })
  it('a report of no cases leaves out every figure that cannot be computed', () => {
    sameAsPlain([], [T0])
  })
})

/**
 * Each rule of the strategy at its edges, given a history and read as of a time: what it finds,
 * the exact evidence and message of each finding, and the deadlines that are met exactly on time.
 * Histories here are written event by event, as a store could hold them, including orders the
 * deciders never write: a monitor reads any record without a crash. The one-pass check
 * (`checkRecord`) is held to every example too.
 */
import {
  checkHistory,
  type CheckOptions,
  type HistoryEvent,
  lateness,
  streamingCheck,
  strategyRules,
  type Violation,
} from '@servicelife/strategy'
import { describe, expect, it } from 'vitest'
import { event, onCase, onService, plan } from './written-history.js'

const DAY = 86_400_000
const launch = (serviceId: string, at: string, channels: ReadonlyArray<string> = ['web-page']) =>
  onService(serviceId, 'ServiceLaunched', at, { channels })
const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString()

/** What a finding shows: its evidence as where and what each event is, and when. */
const shown = (violations: ReadonlyArray<Violation>) =>
  violations.map((v) => ({
    ...v,
    evidence: v.evidence.map((e) => ({
      streamId: e.streamId,
      position: e.position,
      type: e.type,
      at: (e.data as { at: string }).at,
    })),
  }))

/** The one-pass check over the same events, in the order given. */
const checkedInOnePass = (events: ReadonlyArray<HistoryEvent>, options: CheckOptions) => {
  const check = streamingCheck(options)
  for (const e of events) check.feed(e)
  return check.finish()
}

/**
 * The violations of one rule, as of a time. The one-pass check finds the same ones, in the same
 * order, with the same evidence: each example here is an example of both.
 */
const found = (ruleId: string, events: ReadonlyArray<HistoryEvent>, options: CheckOptions = {}) => {
  const all = checkHistory(events, options)
  expect(all.filter((v) => !strategyRules.some((rule) => rule.id === v.ruleId))).toEqual([])
  const violations = all.filter((v) => v.ruleId === ruleId)
  expect(shown(checkedInOnePass(events, options).filter((v) => v.ruleId === ruleId))).toEqual(
    shown(violations),
  )
  return violations
}

const T0 = '2024-01-01T10:00:00.000Z'

describe('lateness, as the findings write it', () => {
  it.each([
    [1, '1 hour(s)'],
    [0, '1 hour(s)'],
    [90 * 60_000, '2 hour(s)'],
    [DAY - 1, '24 hour(s)'],
    [DAY, '1 day(s)'],
    [2.5 * DAY, '2 day(s)'],
  ])('%d ms late is %s', (ms, text) => expect(lateness(ms)).toBe(text))
})

describe('promise 2: the customer always gets an answer', () => {
  const rule = 'promise-2.always-answered'

  it('an answer is due at the deadline: read exactly then, the case is not yet late', () => {
    const contact = onCase('c', 'ContactReceived', T0)
    expect(found(rule, [contact], { asOf: { at: plusDays(T0, 14) } })).toEqual([])
    expect(found(rule, [contact], { asOf: { at: plusDays(T0, 15) } })).toEqual([
      {
        ruleId: rule,
        entity: { kind: 'case', id: 'c' },
        evidence: [contact],
        message: '1 contact(s) unanswered for 15 days',
      },
    ])
  })

  it('a contact at the instant of the latest answer is answered by it', () => {
    const history = [onCase('c', 'ContactReceived', T0), onCase('c', 'CaseAnswered', T0)]
    expect(found(rule, history, { asOf: { at: plusDays(T0, 30) } })).toEqual([])
  })

  it('after an answer, a new contact waits the city’s answer time, not the due date of the opening', () => {
    const history = [
      onCase('c', 'ContactReceived', T0),
      onCase('c', 'CaseOpened', T0, { onContact: 'k1', answerDue: plusDays(T0, 2) }),
      onCase('c', 'CaseAnswered', plusDays(T0, 1)),
      onCase('c', 'ContactReceived', plusDays(T0, 10)),
    ]
    expect(found(rule, history, { asOf: { at: plusDays(T0, 15) } })).toEqual([])
  })
})

describe('promise 2: the answer within the time promised', () => {
  const rule = 'promise-2.answered-in-time'

  it('an answer late with no opening: the answer is the evidence', () => {
    const answer = onCase('c', 'CaseAnswered', plusDays(T0, 16))
    expect(found(rule, [onCase('c', 'ContactReceived', T0), answer])).toEqual([
      {
        ruleId: rule,
        entity: { kind: 'case', id: 'c' },
        evidence: [answer],
        message: "answered 2 day(s) after the city's answer time of 14 days",
      },
    ])
  })

  it('an answer with no contact before it is not measured', () =>
    expect(found(rule, [onCase('c', 'CaseAnswered', T0)])).toEqual([]))
})

describe('promise 3: the matter is initiated at the first contact', () => {
  const rule = 'promise-3.initiated-on-first-contact'

  it('a case opened with no contact on record is not measured', () =>
    expect(found(rule, [onCase('c', 'CaseOpened', T0, { onContact: 'k1' })])).toEqual([]))

  it('contacted twice and never opened: the contacts are the evidence', () => {
    const contacts = [
      onCase('c', 'ContactReceived', T0, { contactId: 'k1' }),
      onCase('c', 'ContactReceived', plusDays(T0, 1), { contactId: 'k2' }),
    ]
    expect(found(rule, contacts)).toEqual([
      {
        ruleId: rule,
        entity: { kind: 'case', id: 'c' },
        evidence: contacts,
        message: '2 contacts and still not opened',
      },
    ])
    expect(found(rule, contacts.slice(0, 1))).toEqual([])
  })

  it('opened twice on its first contact: the second opening finds nothing more', () => {
    const history = [
      onCase('c', 'ContactReceived', T0, { contactId: 'k1' }),
      onCase('c', 'CaseOpened', T0, { onContact: 'k1' }),
      onCase('c', 'CaseOpened', plusDays(T0, 1), { onContact: 'k1' }),
    ]
    expect(found(rule, history)).toEqual([])
  })

  it('opened before any contact: on time if the first contact is the one it was opened on', () => {
    const opened = onCase('c', 'CaseOpened', T0, { onContact: 'k1' })
    const later = (contactId: string) => [
      opened,
      onCase('c', 'ContactReceived', plusDays(T0, 1), { contactId }),
      onCase('c', 'ContactReceived', plusDays(T0, 2), { contactId: 'k3' }),
    ]
    expect(found(rule, later('k1'))).toEqual([])
    expect(found(rule, later('k2'))).toEqual([
      {
        ruleId: rule,
        entity: { kind: 'case', id: 'c' },
        evidence: [opened],
        message: 'opened only after 0 contacts',
      },
    ])
  })

  it('opened on a contact other than the first, even with one contact before: a finding', () => {
    const first = onCase('c', 'ContactReceived', T0, { contactId: 'k1' })
    const opened = onCase('c', 'CaseOpened', plusDays(T0, 1), { onContact: 'k2' })
    expect(
      found(rule, [first, opened, onCase('c', 'ContactReceived', plusDays(T0, 2), { contactId: 'k2' })]),
    ).toEqual([
      {
        ruleId: rule,
        entity: { kind: 'case', id: 'c' },
        evidence: [first, opened],
        message: 'opened only after 1 contacts',
      },
    ])
  })
})

describe('principle 1: a duty-bearing service ends only when another takes over', () => {
  const rule = 'principle-1.basic-services-for-all'
  const duty = (serviceId: string) => plan(serviceId, T0, { obligation: 'statutory-authority' })
  const retire = (serviceId: string, replacedBy?: string) =>
    onService(serviceId, 'ServiceRetired', plusDays(T0, 10), replacedBy === undefined ? {} : { replacedBy })
  const finding = (retired: HistoryEvent, message: string) => [
    { ruleId: rule, entity: { kind: 'service', id: 'old' }, evidence: [retired], message },
  ]

  it('retired with no replacement', () => {
    const retired = retire('old')
    expect(found(rule, [duty('old'), launch('old', T0), retired])).toEqual(
      finding(retired, 'statutory-authority service retired with no replacement'),
    )
  })

  it('replaced by a service that is only planned, retired, or not in the record', () => {
    const planned = retire('old', 'new')
    expect(found(rule, [duty('old'), plan('new', T0), planned])).toEqual(
      finding(planned, 'replaced by new, which is planned'),
    )
    const gone = retire('old', 'new')
    expect(found(rule, [duty('old'), plan('new', T0), onService('new', 'ServiceRetired', T0), gone])).toEqual(
      finding(gone, 'replaced by new, which is retired'),
    )
    const missing = retire('old', 'nowhere')
    expect(found(rule, [duty('old'), missing])).toEqual(
      finding(missing, 'replaced by nowhere, which is not in the record'),
    )
  })

  it('replaced by a service in production, or disrupted: no finding', () => {
    const history = [duty('old'), plan('new', T0), launch('new', T0), retire('old', 'new')]
    expect(found(rule, history)).toEqual([])
    expect(found(rule, [...history, onService('new', 'ServiceDisrupted', plusDays(T0, 11))])).toEqual([])
  })

  it('a service without a duty may end with no replacement', () =>
    expect(found(rule, [plan('old', T0), retire('old')])).toEqual([]))
})

describe('principle 2: services run on data', () => {
  const rule = 'principle-2.run-on-data'

  it('a review with no evidence, and a retirement from production with no review', () => {
    const review = onService('s', 'ServiceReviewed', plusDays(T0, 5), { evidence: {} })
    const retired = onService('t', 'ServiceRetired', plusDays(T0, 5))
    expect(
      found(rule, [plan('s', T0), launch('s', T0), review, plan('t', T0), launch('t', T0), retired]),
    ).toEqual([
      {
        ruleId: rule,
        entity: { kind: 'service', id: 's' },
        evidence: [review],
        message: 'a review with no evidence',
      },
      {
        ruleId: rule,
        entity: { kind: 'service', id: 't' },
        evidence: [retired],
        message: 'retired from production without any review',
      },
    ])
  })
})

describe('principle 3: a running service has a digital channel', () => {
  it('the launch is the evidence, and the message names the channels open', () => {
    const launched = launch('s', T0, ['phone', 'service-location'])
    expect(found('principle-3.digital-first', [plan('s', T0), launched])).toEqual([
      {
        ruleId: 'principle-3.digital-first',
        entity: { kind: 'service', id: 's' },
        evidence: [launched],
        message: 'open only on phone, service-location',
      },
    ])
  })

  it('a running service with no launch on record and no channel: a finding with no event as evidence', () =>
    expect(
      found('principle-3.digital-first', [plan('s', T0), onService('s', 'ServiceDisrupted', T0)]),
    ).toEqual([
      {
        ruleId: 'principle-3.digital-first',
        entity: { kind: 'service', id: 's' },
        evidence: [],
        message: 'open only on ',
      },
    ]))
})

describe('principle 4: services are reviewed critically', () => {
  const rule = 'principle-4.critical-review'
  const launchedAt = '2022-03-01T10:00:00.000Z'

  it('reviewed exactly 24 months ago is on time; a millisecond later it is due', () => {
    const review = onService('s', 'ServiceReviewed', launchedAt, { evidence: { usage: 1 } })
    const history = [plan('s', launchedAt), launch('s', launchedAt), review]
    expect(found(rule, history, { asOf: { at: '2024-03-01T10:00:00.000Z' } })).toEqual([])
    expect(found(rule, history, { asOf: { at: '2024-03-01T10:00:00.001Z' } })).toEqual([
      {
        ruleId: rule,
        entity: { kind: 'service', id: 's' },
        evidence: [review],
        message: 'last reviewed more than 24 months ago',
      },
    ])
  })

  it('never reviewed: the launch is the evidence', () => {
    const launched = launch('s', launchedAt)
    expect(
      found(rule, [plan('s', launchedAt), launched], { asOf: { at: '2024-06-01T10:00:00.000Z' } }),
    ).toEqual([
      {
        ruleId: rule,
        entity: { kind: 'service', id: 's' },
        evidence: [launched],
        message: 'not reviewed in 24 months of production',
      },
    ])
  })

  it('a service disrupted with no launch on record is not measured', () =>
    expect(
      found(rule, [plan('s', launchedAt), onService('s', 'ServiceDisrupted', launchedAt)], {
        asOf: { at: '2024-06-01T10:00:00.000Z' },
      }),
    ).toEqual([]))
})

describe('principle 6: critical services run in exceptional situations', () => {
  const rule = 'principle-6.critical-services-run'
  const critical = [plan('s', T0, { critical: true }), launch('s', T0)]

  it('disrupted with no continuity arrangement: a finding at once', () => {
    const disrupted = onService('s', 'ServiceDisrupted', T0)
    expect(found(rule, [...critical, disrupted])).toEqual([
      {
        ruleId: rule,
        entity: { kind: 'service', id: 's' },
        evidence: [disrupted],
        message: 'disrupted with no continuity arrangement',
      },
    ])
  })

  it('disrupted with an arrangement: 180 days is within the limit, a day more is not', () => {
    const disrupted = onService('s', 'ServiceDisrupted', T0, { continuity: 'Served from the main library.' })
    const history = [...critical, disrupted]
    expect(found(rule, history, { asOf: { at: plusDays(T0, 10) } })).toEqual([])
    expect(found(rule, history, { asOf: { at: plusDays(T0, 180) } })).toEqual([])
    expect(found(rule, history, { asOf: { at: plusDays(T0, 181.5) } })).toEqual([
      {
        ruleId: rule,
        entity: { kind: 'service', id: 's' },
        evidence: [disrupted],
        message: 'disrupted for 181 days',
      },
    ])
    expect(found(rule, history, { asOf: { at: plusDays(T0, 11) }, maxDisruptionDays: 10 })).toHaveLength(1)
  })
})

describe('Pori: statutory authority is produced by the city itself', () => {
  it('a purchased authority service is a finding with no event as evidence: it is the plan itself', () =>
    expect(
      found('pori.authority-is-own-production', [
        plan('s', T0, { obligation: 'statutory-authority', productionMode: 'purchased' }),
      ]),
    ).toEqual([
      {
        ruleId: 'pori.authority-is-own-production',
        entity: { kind: 'service', id: 's' },
        evidence: [],
        message: "statutory authority activity produced as 'purchased'",
      },
    ]))
})

describe('metrics: both questions on the 1-5 scale', () => {
  it.each([[0], [6], [1.5], [-1]])('a score of %d is outside it', (score) => {
    const feedback = onCase('c', 'FeedbackGiven', T0, { needsMet: 3, communication: score })
    expect(found('metrics.satisfaction-scale', [feedback])).toEqual([
      {
        ruleId: 'metrics.satisfaction-scale',
        entity: { kind: 'case', id: 'c' },
        evidence: [feedback],
        message: 'a score outside the 1-5 scale',
      },
    ])
  })

  it('1 and 5 are on it', () =>
    expect(
      found('metrics.satisfaction-scale', [
        onCase('c', 'FeedbackGiven', T0, { needsMet: 1, communication: 5 }),
      ]),
    ).toEqual([]))
})

describe('the one-pass check reads the record as checkHistory does', () => {
  const always = 'promise-2.always-answered'

  it('findings at the end come in the order the cases were first met, also for a case met again', () => {
    const history = [
      onCase('a', 'ContactReceived', T0, { contactId: 'k1' }),
      onCase('a', 'CaseOpened', T0, { onContact: 'k1' }),
      onCase('b', 'ContactReceived', plusDays(T0, 1)),
      onCase('a', 'CaseAnswered', plusDays(T0, 2)),
      onCase('a', 'ContactReceived', plusDays(T0, 3)),
    ]
    expect(found(always, history, { asOf: { at: plusDays(T0, 30) } }).map((v) => v.entity.id)).toEqual([
      'a',
      'b',
    ])
  })

  it('now is the latest business time taken, not the last event’s', () => {
    const history = [
      onCase('a', 'ContactReceived', plusDays(T0, 20)),
      onCase('a', 'CaseAnswered', plusDays(T0, 20)),
      onCase('b', 'ContactReceived', T0),
    ]
    expect(found(always, history).map((v) => v.entity.id)).toEqual(['b'])
  })

  it('a contact recorded after an answer of the same instant is answered by it', () => {
    const history = [onCase('a', 'CaseAnswered', T0), onCase('a', 'ContactReceived', T0)]
    expect(found(always, history, { asOf: { at: plusDays(T0, 30) } })).toEqual([])
  })

  it('a case resolved is still owed its answer; one withdrawn, or a duplicate, is not', () => {
    const closedAs = (outcome: string) => [
      onCase('a', 'ContactReceived', T0),
      onCase('a', 'CaseClosed', plusDays(T0, 1), { outcome }),
    ]
    expect(found(always, closedAs('resolved'), { asOf: { at: plusDays(T0, 30) } })).toHaveLength(1)
    expect(found(always, closedAs('withdrawn'), { asOf: { at: plusDays(T0, 30) } })).toEqual([])
    expect(found(always, closedAs('duplicate'), { asOf: { at: plusDays(T0, 30) } })).toEqual([])
  })

  it('a case opened, answered and contacted twice again is not waiting to be opened', () => {
    const history = [
      onCase('a', 'ContactReceived', T0, { contactId: 'k1' }),
      onCase('a', 'CaseOpened', T0, { onContact: 'k1' }),
      onCase('a', 'CaseAnswered', plusDays(T0, 1)),
      onCase('a', 'ContactReceived', plusDays(T0, 2), { contactId: 'k2' }),
      onCase('a', 'ContactReceived', plusDays(T0, 3), { contactId: 'k3' }),
    ]
    expect(found('promise-3.initiated-on-first-contact', history)).toEqual([])
  })

  it('answered before it was opened: a later contact waits the city’s answer time, not the opening’s due', () => {
    const history = [
      onCase('a', 'ContactReceived', T0, { contactId: 'k1' }),
      onCase('a', 'CaseAnswered', plusDays(T0, 1)),
      onCase('a', 'CaseOpened', plusDays(T0, 2), { onContact: 'k1', answerDue: plusDays(T0, 3) }),
      onCase('a', 'ContactReceived', plusDays(T0, 5), { contactId: 'k2' }),
    ]
    expect(found(always, history, { asOf: { at: plusDays(T0, 10) } })).toEqual([])
  })

  it('a contact later than the answer but recorded before it waits the city’s answer time', () => {
    const history = [
      onCase('a', 'ContactReceived', T0, { contactId: 'k1' }),
      onCase('a', 'CaseOpened', T0, { onContact: 'k1', answerDue: plusDays(T0, 1) }),
      onCase('a', 'ContactReceived', plusDays(T0, 20), { contactId: 'k2' }),
      onCase('a', 'CaseAnswered', plusDays(T0, 2)),
    ]
    expect(found(always, history)).toEqual([])
    expect(found(always, history, { asOf: { at: plusDays(T0, 35) } })).toHaveLength(1)
  })

  it('only the first answer is measured against the time promised, whatever contacts come after it', () => {
    const history = [
      onCase('a', 'ContactReceived', T0),
      onCase('a', 'CaseAnswered', plusDays(T0, 1)),
      onCase('a', 'ContactReceived', plusDays(T0, 5)),
      onCase('a', 'CaseAnswered', plusDays(T0, 40)),
    ]
    expect(found('promise-2.answered-in-time', history)).toEqual([])
  })

  it('an answer with a due date but no contact before it is not measured', () => {
    const history = [
      onCase('a', 'CaseOpened', T0, { onContact: 'k1', answerDue: plusDays(T0, 1) }),
      onCase('a', 'CaseAnswered', plusDays(T0, 5)),
    ]
    expect(found('promise-2.answered-in-time', history)).toEqual([])
  })

  it('a contact recorded after the answer but earlier than it, of a case met again, is answered', () => {
    const history = [
      onCase('a', 'ContactReceived', T0, { contactId: 'k1' }),
      onCase('a', 'CaseOpened', T0, { onContact: 'k1' }),
      onCase('a', 'CaseAnswered', plusDays(T0, 5)),
      onCase('a', 'ContactReceived', plusDays(T0, 3), { contactId: 'k2' }),
    ]
    expect(found(always, history, { asOf: { at: plusDays(T0, 30) } })).toEqual([])
  })

  it('an answer late after the opening has the opening and the answer as evidence', () => {
    const opened = onCase('a', 'CaseOpened', T0, { onContact: 'k1', answerDue: plusDays(T0, 2) })
    const answer = onCase('a', 'CaseAnswered', plusDays(T0, 3))
    expect(
      found('promise-2.answered-in-time', [
        onCase('a', 'ContactReceived', T0, { contactId: 'k1' }),
        opened,
        answer,
      ]),
    ).toEqual([
      {
        ruleId: 'promise-2.answered-in-time',
        entity: { kind: 'case', id: 'a' },
        evidence: [opened, answer],
        message: `answered 1 day(s) after the answer due ${plusDays(T0, 2)}`,
      },
    ])
  })

  it('opened before any contact and answered: its first contact still shows whether it was opened on it', () => {
    const opened = onCase('a', 'CaseOpened', T0, { onContact: 'k1' })
    const history = [
      opened,
      onCase('a', 'CaseAnswered', plusDays(T0, 1)),
      onCase('a', 'ContactReceived', plusDays(T0, 2), { contactId: 'k2' }),
    ]
    expect(found('promise-3.initiated-on-first-contact', history).map((v) => v.evidence)).toEqual([[opened]])
  })

  it('an event of no case, whatever its type, is left out', () => {
    const history = [
      event('record-1', 'ContactReceived', { at: T0 }),
      event('record-1', 'FeedbackGiven', { at: T0, needsMet: 0, communication: 0 }),
    ]
    expect(checkHistory(history)).toEqual([])
    expect(checkedInOnePass(history, {})).toEqual([])
  })
})

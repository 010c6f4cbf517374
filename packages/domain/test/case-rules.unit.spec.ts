/** Every rule of a customer's case, accepted and rejected, as given/when/then. */
import type { CaseEvent, RoutedCaseCommand, ServiceLifecycle } from '@servicelife/domain'
import { caseDecider, isAwaitingAnswer } from '@servicelife/domain'
import { deciderSpec, inProduction, plusMinutes, youthChatJourney } from '@servicelife/spec'
import { describe, expect, it } from 'vitest'

const spec = deciderSpec(caseDecider)
const caseId = 'case-1'
const start = '2025-04-01T09:00:00+03:00'
const at = (minutes: number) => plusMinutes(start, minutes)

const contact = (
  contactId: string,
  minutes: number,
  kind: 'resident' | 'company' = 'resident',
): CaseEvent => ({
  type: 'ContactReceived',
  data: {
    caseId,
    at: at(minutes),
    contactId,
    channel: 'phone',
    customer: { kind },
    language: 'sv',
    subject: 'Snöplogningen på min gata',
  },
})
const opened: CaseEvent = {
  type: 'CaseOpened',
  data: { caseId, at: at(1), serviceId: 'street-maintenance', onContact: 'k1' },
}
const answered: CaseEvent = {
  type: 'CaseAnswered',
  data: {
    caseId,
    at: at(30),
    channel: 'phone',
    by: 'street maintenance',
    summary: 'Ploughing scheduled for tomorrow.',
  },
}
const consent: CaseEvent = {
  type: 'ConsentGiven',
  data: { caseId, at: at(2), scope: 'share-with-city-services' },
}
const open = [contact('k1', 0), opened]

const eventOf = {
  ReceiveContact: 'ContactReceived',
  OpenCase: 'CaseOpened',
  ReferCase: 'CaseReferred',
  GiveConsent: 'ConsentGiven',
  WithdrawConsent: 'ConsentWithdrawn',
  AnswerCase: 'CaseAnswered',
  GiveFeedback: 'FeedbackGiven',
  CloseCase: 'CaseClosed',
} as const
const accepted = (given: CaseEvent[], command: RoutedCaseCommand) =>
  spec
    .given(given)
    .when(command)
    .then([{ type: eventOf[command.type], data: command.data } as CaseEvent])
const openCase = (lifecycle: ServiceLifecycle = 'unplanned', onContact = 'k1'): RoutedCaseCommand => ({
  type: 'OpenCase',
  data: { caseId, at: at(1), serviceId: 'street-maintenance', onContact },
  target: { lifecycle },
})
const refer = (to = 'parks', lifecycle: ServiceLifecycle = 'in-production'): RoutedCaseCommand => ({
  type: 'ReferCase',
  data: { caseId, at: at(3), from: 'street-maintenance', to, reason: 'Park paths' },
  target: { lifecycle },
})
const answer: RoutedCaseCommand = { type: 'AnswerCase', data: answered.data as never }
const feedback = (needsMet: number, communication = 4): RoutedCaseCommand => ({
  type: 'GiveFeedback',
  data: { caseId, at: at(40), needsMet, communication },
})
const close = (outcome: 'resolved' | 'withdrawn' | 'duplicate'): RoutedCaseCommand => ({
  type: 'CloseCase',
  data: { caseId, at: at(50), outcome },
})

describe('case-starts-with-contact (promise 3)', () => {
  it('starts a case with a contact on any channel', () =>
    accepted([], { type: 'ReceiveContact', data: contact('k1', 0).data as never }))
  it('rejects anything else as the first command', () =>
    spec.given([]).when(openCase('in-production')).thenFails('case-starts-with-contact'))
})

describe('contacts and re-contacts', () => {
  it('takes a re-contact on the same case', () =>
    accepted([contact('k1', 0)], { type: 'ReceiveContact', data: contact('k2', 5).data as never }))
  it('rejects the same contact twice', () =>
    spec
      .given([contact('k1', 0)])
      .when({ type: 'ReceiveContact', data: contact('k1', 5).data as never })
      .thenFails('contact-received-once'))
})

describe('opening (promise 3: initiated at the first contact)', () => {
  it('opens the case on its contact, routed to a service in production', () =>
    accepted([contact('k1', 0)], openCase('in-production')))
  it('opens it to a disrupted service: it still runs under its continuity arrangement', () =>
    accepted([contact('k1', 0)], openCase('disrupted')))
  it('rejects a second opening', () =>
    spec.given(open).when(openCase('in-production')).thenFails('case-opened-once'))
  it('rejects opening on a contact of another case', () =>
    spec
      .given([contact('k1', 0)])
      .when(openCase('in-production', 'k9'))
      .thenFails('opened-on-own-contact'))
  it('rejects routing to a retired service, naming it and its state', () => {
    const error = spec
      .given([contact('k1', 0)])
      .when(openCase('retired'))
      .thenFails('target-service-in-production')
    expect(error.message).toContain('street-maintenance')
    expect(error.message).toContain('retired')
  })
  it('rejects routing to a service the record has never heard of', () =>
    spec
      .given([contact('k1', 0)])
      .when(openCase())
      .thenFails('target-service-in-production'))
})

describe('referral (consent management)', () => {
  it("refers a resident's case to another service with consent", () => accepted([...open, consent], refer()))
  it("rejects referring a resident's case without consent", () =>
    spec.given(open).when(refer()).thenFails('referral-needs-consent'))
  it('rejects it once consent is withdrawn', () =>
    spec
      .given([
        ...open,
        consent,
        { type: 'ConsentWithdrawn', data: { ...consent.data, at: at(2) } } as CaseEvent,
      ])
      .when(refer())
      .thenFails('referral-needs-consent'))
  it("refers a company's case without consent: consent protects persons", () =>
    accepted([contact('k1', 0, 'company'), opened], refer()))
  it('rejects a referral to the current service', () =>
    spec
      .given([...open, consent])
      .when(refer('street-maintenance'))
      .thenFails('not-referred-to-current-service'))
  it('rejects a referral from a service the case is not with', () =>
    spec
      .given([...open, consent])
      .when({ ...refer(), data: { ...refer().data, from: 'parks' } } as RoutedCaseCommand)
      .thenFails('referred-from-current-service'))
  it('rejects a referral to a service not in production', () =>
    spec
      .given([...open, consent])
      .when(refer('parks', 'planned'))
      .thenFails('target-service-in-production'))
  it('rejects referring a case that is not opened', () =>
    spec
      .given([contact('k1', 0), consent])
      .when(refer())
      .thenFails('refer-only-opened-case'))
})

describe('consents', () => {
  it('gives consent', () => accepted(open, { type: 'GiveConsent', data: consent.data as never }))
  it('rejects giving the same consent twice', () =>
    spec
      .given([...open, consent])
      .when({ type: 'GiveConsent', data: consent.data as never })
      .thenFails('consent-given-once'))
  it('rejects withdrawing a consent not given', () =>
    spec
      .given(open)
      .when({ type: 'WithdrawConsent', data: consent.data as never })
      .thenFails('consent-withdrawn-only-if-given'))
})

describe('answers (promise 2: the customer always gets an answer)', () => {
  it('answers an opened case', () => accepted(open, answer))
  it('answers it again after a re-contact', () =>
    accepted([...open, answered, contact('k2', 31)], {
      ...answer,
      data: { ...answer.data, at: at(32) },
    } as RoutedCaseCommand))
  it('rejects answering a case that is not opened', () =>
    spec
      .given([contact('k1', 0)])
      .when(answer)
      .thenFails('answer-only-open-case'))
  it('a case awaits an answer exactly while its latest contact is later than its latest answer', () => {
    const fold = (events: CaseEvent[]) => events.reduce(caseDecider.evolve, caseDecider.initialState)
    expect(isAwaitingAnswer(fold(open))).toBe(true)
    expect(isAwaitingAnswer(fold([...open, answered]))).toBe(false)
    expect(isAwaitingAnswer(fold([...open, answered, contact('k2', 31)]))).toBe(true)
  })
})

describe('feedback (the two city-wide 1-5 questions)', () => {
  it('takes feedback after an answer', () => accepted([...open, answered], feedback(5)))
  it('rejects feedback before any answer', () =>
    spec.given(open).when(feedback(5)).thenFails('feedback-after-answer'))
  it('takes the ends of the scale, 1 and 5', () => {
    accepted([...open, answered], feedback(1, 5))
    accepted([...open, answered], feedback(5, 1))
  })
  it('names the case and both scores when a score is out of range', () => {
    const error = spec
      .given([...open, answered])
      .when(feedback(4, 0))
      .thenFails('score-in-range')
    expect(error.message).toBe(`feedback scores of case ${caseId} must be integers 1-5, got 4 and 0`)
  })
  it.each([0, 6, 2.5])('rejects a score of %s', (score) => {
    spec
      .given([...open, answered])
      .when(feedback(score))
      .thenFails('score-in-range')
  })
})

describe('promise 2 made measurable: the answer due', () => {
  it('a case opened to a service that promises an answer in 4 hours is due one 4 hours after opening', () => {
    spec
      .given([contact('k1', 0)])
      .when({
        type: 'OpenCase',
        data: { caseId, at: at(1), serviceId: 'street-maintenance', onContact: 'k1' },
        target: { lifecycle: 'in-production', answerPromise: { within: 4, unit: 'hours' } },
      })
      .then([
        {
          type: 'CaseOpened',
          data: { ...opened.data, answerDue: '2025-04-01T13:01:00.000+03:00' } as CaseEvent['data'],
        } as CaseEvent,
      ])
  })
})

describe('closing', () => {
  it('closes an answered case as resolved', () => accepted([...open, answered], close('resolved')))
  it('rejects closing an unanswered case as resolved', () =>
    spec.given(open).when(close('resolved')).thenFails('close-after-answer'))
  it.each(['withdrawn', 'duplicate'] as const)('closes an unanswered case as %s', (outcome) =>
    accepted([contact('k1', 0)], close(outcome)),
  )
  it('closed is terminal', () => {
    const closed: CaseEvent = { type: 'CaseClosed', data: { caseId, at: at(50), outcome: 'resolved' } }
    for (const command of [
      answer,
      feedback(3),
      { type: 'ReceiveContact', data: contact('k3', 60).data } as RoutedCaseCommand,
    ]) {
      spec
        .given([...open, answered, closed])
        .when(command)
        .thenFails('closed-is-terminal')
    }
  })
})

describe('time-never-goes-back', () => {
  it('rejects a feedback dated before the answer', () =>
    spec
      .given([...open, answered])
      .when({ type: 'GiveFeedback', data: { caseId, at: at(10), needsMet: 4, communication: 4 } })
      .thenFails('time-never-goes-back'))
})

describe('the Turku youth chat journey', () => {
  it('is accepted from first contact to closing', () => {
    let state = caseDecider.initialState
    for (const command of youthChatJourney('youth-1', start).map(inProduction)) {
      const outcome = caseDecider.decide(command, state)
      expect(outcome._tag, JSON.stringify(outcome)).toBe('Right')
      if (outcome._tag === 'Right') state = outcome.right.reduce(caseDecider.evolve, state)
    }
    expect(state.status).toBe('closed')
  })
})

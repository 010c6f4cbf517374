/** What evolve keeps in the state, shown through the decisions that depend on it and the state itself. */
import type { CaseEvent, ServiceEvent } from '@servicelife/domain'
import { caseDecider, isAwaitingAnswer, serviceDecider } from '@servicelife/domain'
import { deciderSpec, turkuServices } from '@servicelife/spec'
import { describe, expect, it } from 'vitest'

const services = deciderSpec(serviceDecider)
const cases = deciderSpec(caseDecider)
const id = 'day-activities'
const t = (day: number) => `2025-05-${String(day).padStart(2, '0')}T10:00:00+03:00`
const plan = { ...turkuServices.elderlyDayActivities, serviceId: id, at: t(1) }
const planned: ServiceEvent = { type: 'ServicePlanned', data: plan }
const launched: ServiceEvent = {
  type: 'ServiceLaunched',
  data: { serviceId: id, at: t(2), channels: ['service-location', 'phone'] },
}
const foldService = (events: ServiceEvent[]) =>
  events.reduce(serviceDecider.evolve, serviceDecider.initialState)

describe('service state', () => {
  it('a restored service runs normally again: it can be disrupted anew', () => {
    const history: ServiceEvent[] = [
      planned,
      launched,
      { type: 'ServiceDisrupted', data: { serviceId: id, at: t(3), reason: 'Flood' } },
      { type: 'ServiceRestored', data: { serviceId: id, at: t(4) } },
    ]
    expect(foldService(history).lifecycle).toBe('in-production')
    services
      .given(history)
      .when({ type: 'DisruptService', data: { serviceId: id, at: t(5), reason: 'Strike' } })
      .then([{ type: 'ServiceDisrupted', data: { serviceId: id, at: t(5), reason: 'Strike' } }])
  })
  it('a review leaves the lifecycle as it was', () => {
    const reviewed: ServiceEvent = {
      type: 'ServiceReviewed',
      data: { serviceId: id, at: t(3), reviewer: 'b', evidence: {}, decision: 'develop', rationale: 'r' },
    }
    expect(foldService([planned, launched, reviewed]).lifecycle).toBe('in-production')
  })
  it('an opened channel counts as open: with it, the original ones can all be closed but one', () => {
    services
      .given([
        planned,
        launched,
        { type: 'ServiceChannelOpened', data: { serviceId: id, at: t(3), channel: 'chat' } },
        { type: 'ServiceChannelClosed', data: { serviceId: id, at: t(4), channel: 'phone' } },
      ])
      .when({ type: 'CloseChannel', data: { serviceId: id, at: t(5), channel: 'service-location' } })
      .then([
        { type: 'ServiceChannelClosed', data: { serviceId: id, at: t(5), channel: 'service-location' } },
      ])
  })
  it('a plan revision keeps the producer unless production becomes own, which drops it', () => {
    const purchased: ServiceEvent = {
      type: 'ServicePlanned',
      data: { ...plan, productionMode: 'purchased', producer: 'Palvelu Oy' },
    }
    const toThirdSector: ServiceEvent = {
      type: 'ServicePlanRevised',
      data: { serviceId: id, at: t(2), changes: { productionMode: 'third-sector' } },
    }
    expect(foldService([purchased, toThirdSector]).plan).toMatchObject({
      productionMode: 'third-sector',
      producer: 'Palvelu Oy',
    })
    const toOwn: ServiceEvent = {
      type: 'ServicePlanRevised',
      data: { serviceId: id, at: t(2), changes: { productionMode: 'own' } },
    }
    expect(foldService([purchased, toOwn]).plan).not.toHaveProperty('producer')
    services
      .given([purchased, toOwn])
      .when({
        type: 'RevisePlan',
        data: { serviceId: id, at: t(3), changes: { productionMode: 'purchased' } },
      })
      .thenFails('producer-required-unless-own')
    expect(
      foldService([
        purchased,
        { type: 'ServicePlanRevised', data: { serviceId: id, at: t(2), changes: { producer: 'Uusi Oy' } } },
      ]).plan?.producer,
    ).toBe('Uusi Oy')
  })
  it('a production change records the new mode and producer, and own drops the producer', () => {
    const changed: ServiceEvent = {
      type: 'ServiceProductionChanged',
      data: {
        serviceId: id,
        at: t(3),
        from: 'own',
        to: 'third-sector',
        producer: 'Yhdistys ry',
        rationale: 'r',
      },
    }
    expect(foldService([planned, launched, changed]).plan).toMatchObject({
      productionMode: 'third-sector',
      producer: 'Yhdistys ry',
    })
    const back: ServiceEvent = {
      type: 'ServiceProductionChanged',
      data: { serviceId: id, at: t(4), from: 'third-sector', to: 'own', rationale: 'r' },
    }
    expect(foldService([planned, launched, changed, back]).plan).not.toHaveProperty('producer')
    const another: ServiceEvent = {
      type: 'ServiceProductionChanged',
      data: { serviceId: id, at: t(4), from: 'third-sector', to: 'grant-enabled', rationale: 'r' },
    }
    expect(foldService([planned, launched, changed, another]).plan?.producer).toBe('Yhdistys ry')
  })
  it('the initial state has no open channel and no time', () => {
    expect(serviceDecider.initialState).toEqual({
      lifecycle: 'unplanned',
      openChannels: [],
      lastAt: Number.NEGATIVE_INFINITY,
    })
  })
})

const caseId = 'c1'
const at = (m: number) => new Date(Date.parse('2025-05-01T09:00:00Z') + m * 60_000).toISOString()
const contact = (contactId: string, m: number, kind: 'resident' | 'visitor' = 'resident'): CaseEvent => ({
  type: 'ContactReceived',
  data: { caseId, at: at(m), contactId, channel: 'chat', customer: { kind }, language: 'fi', subject: 's' },
})
const opened: CaseEvent = { type: 'CaseOpened', data: { caseId, at: at(1), serviceId: 'a', onContact: 'k1' } }
const consent = (scope: 'share-with-city-services' | 'contact-by-other-service', m: number): CaseEvent => ({
  type: 'ConsentGiven',
  data: { caseId, at: at(m), scope },
})
const refer = (from: string, to: string, m: number) =>
  ({
    type: 'ReferCase',
    data: { caseId, at: at(m), from, to, reason: 'r' },
    target: { lifecycle: 'in-production' },
  }) as const
const foldCase = (events: CaseEvent[]) => events.reduce(caseDecider.evolve, caseDecider.initialState)

describe('case state', () => {
  it("a visitor's case also needs consent to be referred", () => {
    cases
      .given([contact('k1', 0, 'visitor'), opened])
      .when(refer('a', 'b', 2))
      .thenFails('referral-needs-consent')
  })
  it('withdrawing one consent keeps the others', () => {
    cases
      .given([
        contact('k1', 0),
        opened,
        consent('share-with-city-services', 2),
        consent('contact-by-other-service', 3),
        { type: 'ConsentWithdrawn', data: { caseId, at: at(4), scope: 'contact-by-other-service' } },
      ])
      .when(refer('a', 'b', 5))
      .then([{ type: 'CaseReferred', data: { caseId, at: at(5), from: 'a', to: 'b', reason: 'r' } }])
  })
  it('after a referral the case is with the new service', () => {
    const referred: CaseEvent = {
      type: 'CaseReferred',
      data: { caseId, at: at(3), from: 'a', to: 'b', reason: 'r' },
    }
    const given = [contact('k1', 0), opened, consent('share-with-city-services', 2), referred]
    expect(foldCase(given)).toMatchObject({ serviceId: 'b', consents: ['share-with-city-services'] })
    cases
      .given(given)
      .when(refer('a', 'c', 4))
      .thenFails('referred-from-current-service')
    cases
      .given(given)
      .when(refer('b', 'b', 4))
      .thenFails('not-referred-to-current-service')
  })
  it('counts contacts and answers, and remembers the first customer kind', () => {
    const answered: CaseEvent = {
      type: 'CaseAnswered',
      data: { caseId, at: at(5), channel: 'chat', by: 'x', summary: 'y' },
    }
    const state = foldCase([contact('k1', 0), contact('k2', 1, 'visitor'), opened, answered, answered])
    expect(state).toMatchObject({
      status: 'opened',
      contactCount: 2,
      answerCount: 2,
      customerKind: 'resident',
    })
    expect(foldCase([contact('k1', 0)]).status).toBe('contacted')
  })
  it('keeps the answer due of the opening, and the outcome of the latest closing', () => {
    const due = at(4 * 60)
    const openedWithDue: CaseEvent = {
      type: 'CaseOpened',
      data: {
        ...(opened.data as { caseId: string; at: string; serviceId: string; onContact: string }),
        answerDue: due,
      },
    }
    const closed = (outcome: 'withdrawn' | 'resolved', m: number): CaseEvent => ({
      type: 'CaseClosed',
      data: { caseId, at: at(m), outcome },
    })
    expect(foldCase([contact('k1', 0), openedWithDue]).answerDue).toBe(due)
    expect(foldCase([contact('k1', 0), opened]).answerDue).toBeUndefined()
    expect(foldCase([contact('k1', 0), openedWithDue, closed('withdrawn', 5)]).outcome).toBe('withdrawn')
    expect(
      foldCase([contact('k1', 0), openedWithDue, closed('withdrawn', 5), closed('resolved', 6)]),
    ).toMatchObject({ outcome: 'resolved', answerDue: due, status: 'closed' })
  })
  it('a contact and an answer at the same instant: the contact is answered', () => {
    const answered: CaseEvent = {
      type: 'CaseAnswered',
      data: { caseId, at: at(5), channel: 'chat', by: 'x', summary: 'y' },
    }
    expect(isAwaitingAnswer(foldCase([contact('k1', 0), opened, answered, contact('k2', 5)]))).toBe(false)
    expect(isAwaitingAnswer(caseDecider.initialState)).toBe(false)
  })
  it("rejects a command for another case on this case's stream, naming it", () => {
    const error = cases
      .given([contact('k1', 0)])
      .when({ type: 'GiveConsent', data: { caseId: 'c2', at: at(1), scope: 'share-with-city-services' } })
      .thenFails('wrong-entity')
    expect(error.message).toBe('command for case c2 sent to the stream of case c1')
  })
})

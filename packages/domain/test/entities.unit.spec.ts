/** The entity models the command handler is bound to: which streams a command needs, and the command the decider takes. */
import {
  type CaseCommand,
  caseEntity,
  calendarOf,
  routeCaseCommand,
  serviceDecider,
  serviceFacts,
  type ServiceEvent,
} from '@servicelife/domain'
import { turkuServices } from '@servicelife/spec'
import { describe, expect, it } from 'vitest'

const at = '2025-03-03T09:00:00+02:00'
const open: CaseCommand = {
  type: 'OpenCase',
  data: { caseId: 'c1', at, serviceId: 'youth-guidance', onContact: 'k1' },
}
const refer: CaseCommand = {
  type: 'ReferCase',
  data: { caseId: 'c1', at, from: 'general-guidance', to: 'youth-guidance', reason: 'Youth matter' },
}
const answer: CaseCommand = {
  type: 'AnswerCase',
  data: { caseId: 'c1', at, channel: 'chat', by: 'guidance', summary: 'x' },
}
const planned = (answerPromise?: { within: number; unit: 'hours' }) =>
  serviceDecider.evolve(serviceDecider.initialState, {
    type: 'ServicePlanned',
    data: { ...turkuServices.youthGuidance, ...(answerPromise === undefined ? {} : { answerPromise }) },
  } as ServiceEvent)

describe('the case entity', () => {
  it('a command that routes the case needs the state of the service it routes to, and no other does', () => {
    expect(caseEntity.lookups(open).map((l) => l.streamId)).toEqual(['service-youth-guidance'])
    expect(caseEntity.lookups(refer).map((l) => l.streamId)).toEqual(['service-youth-guidance'])
    expect(caseEntity.lookups(answer)).toEqual([])
  })
  it("a routing command carries the service's lifecycle and answer promise; one that makes none carries no promise", () => {
    expect(serviceFacts(planned({ within: 4, unit: 'hours' }))).toEqual({
      lifecycle: 'planned',
      answerPromise: { within: 4, unit: 'hours' },
    })
    expect('answerPromise' in serviceFacts(planned())).toBe(false)
  })
  it("the city's calendar goes with a routing command only when one is given", () => {
    const target = serviceFacts(planned())
    const turku = calendarOf('Europe/Helsinki')
    expect(routeCaseCommand(open, target, turku)).toEqual({ ...open, target, calendar: turku })
    expect('calendar' in routeCaseCommand(refer, target)).toBe(false)
    expect(routeCaseCommand(refer, target)).toEqual({ ...refer, target })
  })
  it('a command that routes nothing reaches the decider as it came', () => {
    expect(routeCaseCommand(answer, serviceFacts(planned()))).toBe(answer)
    expect(caseEntity.enrich(answer, [])).toBe(answer)
  })
  it('a service never heard of is routed to as unplanned', () => {
    expect(caseEntity.enrich(open, [undefined])).toEqual({ ...open, target: { lifecycle: 'unplanned' } })
  })
})

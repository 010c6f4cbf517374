/** Every rule of a service's life, accepted and rejected, as given/when/then. */
import type { ServiceCommand, ServiceEvent, ServicePlannedData } from '@servicelife/domain'
import { serviceDecider } from '@servicelife/domain'
import { deciderSpec, turkuServices } from '@servicelife/spec'
import { describe, expect, it } from 'vitest'

const spec = deciderSpec(serviceDecider)
const plan: ServicePlannedData = turkuServices.elderlyDayActivities
const id = plan.serviceId
const t = (day: number): string => `2025-03-${String(day).padStart(2, '0')}T10:00:00+02:00`

const planned: ServiceEvent = { type: 'ServicePlanned', data: plan }
const launched: ServiceEvent = {
  type: 'ServiceLaunched',
  data: { serviceId: id, at: t(1), channels: ['service-location', 'phone'] },
}
const running = [planned, launched]
const critical: ServiceEvent[] = [
  { type: 'ServicePlanned', data: { ...plan, critical: true } },
  { type: 'ServiceLaunched', data: { serviceId: id, at: t(1), channels: ['service-location'] } },
]
const disrupted = (...given: ServiceEvent[]): ServiceEvent[] => [
  ...given,
  {
    type: 'ServiceDisrupted',
    data: { serviceId: id, at: t(2), reason: 'Water damage', continuity: 'Temporary premises' },
  },
]
const retired: ServiceEvent = {
  type: 'ServiceRetired',
  data: { serviceId: id, at: t(5), reason: 'Moved to associations' },
}
const accepted = (given: ServiceEvent[], command: ServiceCommand) =>
  spec
    .given(given)
    .when(command)
    .then([{ type: commandEvent[command.type], data: command.data } as ServiceEvent])
const commandEvent = {
  PlanService: 'ServicePlanned',
  RevisePlan: 'ServicePlanRevised',
  LaunchService: 'ServiceLaunched',
  ReviewService: 'ServiceReviewed',
  ChangeProduction: 'ServiceProductionChanged',
  OpenChannel: 'ServiceChannelOpened',
  CloseChannel: 'ServiceChannelClosed',
  DisruptService: 'ServiceDisrupted',
  RestoreService: 'ServiceRestored',
  RetireService: 'ServiceRetired',
  SetAnswerPromise: 'ServiceAnswerPromiseSet',
  LinkService: 'ServiceLinked',
} as const

const review = (at: string): ServiceCommand => ({
  type: 'ReviewService',
  data: {
    serviceId: id,
    at,
    reviewer: 'Board',
    evidence: { usage: 10 },
    decision: 'continue',
    rationale: 'Used.',
  },
})
const toThirdSector: ServiceCommand = {
  type: 'ChangeProduction',
  data: {
    serviceId: id,
    at: t(3),
    from: 'own',
    to: 'third-sector',
    producer: 'Four associations',
    rationale: 'Principle 4',
  },
}

describe('service-planned-once', () => {
  it('plans a new service', () => accepted([], { type: 'PlanService', data: plan }))
  it('rejects planning it again', () =>
    spec
      .given([planned])
      .when({ type: 'PlanService', data: { ...plan, at: t(2) } })
      .thenFails('service-planned-once'))
})

describe('service-must-be-planned', () => {
  it('rejects any other command on an unplanned service', () =>
    spec
      .given([])
      .when(review(t(1)))
      .thenFails('service-must-be-planned'))
})

describe('producer-required-unless-own (principle 4)', () => {
  it('rejects a purchased service without a producer', () => {
    const error = spec
      .given([])
      .when({ type: 'PlanService', data: { ...plan, productionMode: 'purchased' } })
      .thenFails('producer-required-unless-own')
    expect(error).toMatchObject({ entity: { kind: 'service', id }, principle: 4 })
  })
  it('accepts a purchased service naming its producer', () =>
    accepted([], {
      type: 'PlanService',
      data: { ...plan, productionMode: 'purchased', producer: 'Palvelu Oy' },
    }))
  it('rejects a revision to purchased production without a producer', () =>
    spec
      .given([planned])
      .when({
        type: 'RevisePlan',
        data: { serviceId: id, at: t(1), changes: { productionMode: 'purchased' } },
      })
      .thenFails('producer-required-unless-own'))
  it('rejects a production change away from own without a producer', () => {
    const { producer: _, ...withoutProducer } = toThirdSector.data as typeof toThirdSector.data & {
      producer?: string
    }
    spec
      .given(running)
      .when({ type: 'ChangeProduction', data: withoutProducer } as ServiceCommand)
      .thenFails('producer-required-unless-own')
  })
})

describe('plan-revised-only-before-launch', () => {
  it('revises a planned service', () =>
    accepted([planned], {
      type: 'RevisePlan',
      data: { serviceId: id, at: t(1), changes: { critical: true } },
    }))
  it('rejects a revision after launch', () =>
    spec
      .given(running)
      .when({ type: 'RevisePlan', data: { serviceId: id, at: t(2), changes: { critical: true } } })
      .thenFails('plan-revised-only-before-launch'))
  it('rejects a revision that changes nothing', () =>
    expect(
      spec
        .given([planned])
        .when({ type: 'RevisePlan', data: { serviceId: id, at: t(1), changes: {} } })
        .thenFails('plan-revision-changes-something'),
    ).toMatchObject({
      message: `a plan revision of service ${id} must change at least one field`,
    }))
})

describe('launch-only-from-planned, launch-needs-a-channel', () => {
  it('launches a planned service on its channels', () =>
    accepted([planned], { type: 'LaunchService', data: { serviceId: id, at: t(1), channels: ['phone'] } }))
  it('rejects a launch without channels', () =>
    expect(
      spec
        .given([planned])
        .when({ type: 'LaunchService', data: { serviceId: id, at: t(1), channels: [] } })
        .thenFails('launch-needs-a-channel'),
    ).toMatchObject({
      message: `service ${id} must be launched on at least one channel`,
      principle: 3,
    }))
  it('a launched service has exactly the channels it was launched on open', () => {
    const state = [planned, launched].reduce(serviceDecider.evolve, serviceDecider.initialState)
    expect(state.openChannels).toEqual(['service-location', 'phone'])
  })
  it('rejects a second launch', () =>
    spec
      .given(running)
      .when({ type: 'LaunchService', data: { serviceId: id, at: t(2), channels: ['phone'] } })
      .thenFails('launch-only-from-planned'))
})

describe('only-while-in-production', () => {
  it('reviews a running service', () => accepted(running, review(t(2))))
  it('reviews a disrupted service: it is still in production', () =>
    accepted(disrupted(...running), review(t(3))))
  it.each<[string, ServiceCommand]>([
    ['a review', review(t(1))],
    ['a production change', toThirdSector],
    ['opening a channel', { type: 'OpenChannel', data: { serviceId: id, at: t(1), channel: 'chat' } }],
    ['closing a channel', { type: 'CloseChannel', data: { serviceId: id, at: t(1), channel: 'phone' } }],
  ])('rejects %s before launch', (_, command) => {
    spec.given([planned]).when(command).thenFails('only-while-in-production')
  })
})

describe('production changes (principle 4)', () => {
  it('moves day activities from own production to associations', () => accepted(running, toThirdSector))
  it('rejects a change from a mode the service is not in', () =>
    spec
      .given(running)
      .when({ ...toThirdSector, data: { ...toThirdSector.data, from: 'purchased' } } as ServiceCommand)
      .thenFails('production-change-from-current-mode'))
  it('rejects a change to the same mode', () =>
    spec
      .given(running)
      .when({ ...toThirdSector, data: { ...toThirdSector.data, to: 'own' } } as ServiceCommand)
      .thenFails('production-change-to-another-mode'))
  it('the new mode is the current one afterwards', () =>
    spec
      .given([...running, { type: 'ServiceProductionChanged', data: toThirdSector.data } as ServiceEvent])
      .when({ ...toThirdSector, data: { ...toThirdSector.data, at: t(4) } } as ServiceCommand)
      .thenFails('production-change-from-current-mode'))
})

describe('channels', () => {
  it('opens a new channel', () =>
    accepted(running, { type: 'OpenChannel', data: { serviceId: id, at: t(2), channel: 'chat' } }))
  it('rejects opening an open channel', () =>
    spec
      .given(running)
      .when({ type: 'OpenChannel', data: { serviceId: id, at: t(2), channel: 'phone' } })
      .thenFails('channel-opened-once'))
  it('closes one of two open channels', () =>
    accepted(running, { type: 'CloseChannel', data: { serviceId: id, at: t(2), channel: 'phone' } }))
  it('rejects closing a channel that is not open', () =>
    spec
      .given(running)
      .when({ type: 'CloseChannel', data: { serviceId: id, at: t(2), channel: 'chat' } })
      .thenFails('channel-closed-only-if-open'))
  it('rejects closing the last open channel of a running service', () =>
    spec
      .given([
        ...running,
        { type: 'ServiceChannelClosed', data: { serviceId: id, at: t(2), channel: 'phone' } },
      ])
      .when({ type: 'CloseChannel', data: { serviceId: id, at: t(3), channel: 'service-location' } })
      .thenFails('running-service-keeps-a-channel'))
})

describe('disruption and restoration (principle 6)', () => {
  const disrupt = (continuity?: string): ServiceCommand => ({
    type: 'DisruptService',
    data: {
      serviceId: id,
      at: t(2),
      reason: 'Two schools closed at once',
      ...(continuity ? { continuity } : {}),
    },
  })
  it('disrupts a running service', () => accepted(running, disrupt()))
  it('rejects disrupting a critical service without stating its continuity', () => {
    const error = spec.given(critical).when(disrupt()).thenFails('critical-disruption-states-continuity')
    expect(error.principle).toBe(6)
  })
  it('disrupts a critical service with temporary premises', () =>
    accepted(critical, disrupt('Temporary premises')))
  it('rejects disrupting a disrupted service', () =>
    spec
      .given(disrupted(...running))
      .when(disrupt('x'))
      .thenFails('disruption-only-while-running'))
  it('restores a disrupted service', () =>
    accepted(disrupted(...running), { type: 'RestoreService', data: { serviceId: id, at: t(3) } }))
  it('rejects restoring a service that is not disrupted', () =>
    spec
      .given(running)
      .when({ type: 'RestoreService', data: { serviceId: id, at: t(3) } })
      .thenFails('restore-only-when-disrupted'))
})

describe('retirement', () => {
  const retire = (extra: { replacedBy?: string } = {}): ServiceCommand => ({
    type: 'RetireService',
    data: { serviceId: id, at: t(5), reason: 'No longer meets needs', ...extra },
  })
  it('cancels a planned service', () => accepted([planned], retire()))
  it('retires a service in production', () => accepted(running, retire()))
  it('rejects retiring a statutory or organizing-responsibility service without a replacement', () => {
    const school = turkuServices.schoolA
    const error = spec
      .given([{ type: 'ServicePlanned', data: school }])
      .when({ type: 'RetireService', data: { serviceId: school.serviceId, at: t(5), reason: 'Closed' } })
      .thenFails('statutory-retirement-names-replacement')
    expect(error.message).toContain('organizing-responsibility')
  })
  it('retires a duty-bearing service that names its replacement', () => {
    const school = turkuServices.schoolA
    accepted([{ type: 'ServicePlanned', data: school }], {
      type: 'RetireService',
      data: { serviceId: school.serviceId, at: t(5), reason: 'Merged', replacedBy: 'school-b' },
    })
  })
  it('rejects a service replaced by itself', () =>
    spec
      .given(running)
      .when(retire({ replacedBy: id }))
      .thenFails('not-replaced-by-itself'))
  it('retired is terminal: every later command fails with one error', () => {
    for (const command of [review(t(6)), retire(), { type: 'PlanService', data: plan } as ServiceCommand]) {
      spec
        .given([...running, retired])
        .when(command)
        .thenFails('retired-is-terminal')
    }
  })
})

describe('link to the national service catalogue (PTV)', () => {
  const ptv = '0739289c-cc26-4097-b029-fa9c58c8d4e9'
  const link = (at: string, to = ptv): ServiceCommand => ({
    type: 'LinkService',
    data: { serviceId: id, at, ptv: to },
  })
  const linked: ServiceEvent = { type: 'ServiceLinked', data: { serviceId: id, at: t(2), ptv } }
  it('links a planned service', () => accepted([planned], link(t(1))))
  it('links a service in production', () => accepted(running, link(t(2))))
  it('relinks a linked service to another PTV record', () =>
    accepted([...running, linked], link(t(3), '14a9874a-8b9b-488a-aec5-5321dd36678f')))
  it('rejects linking again to the same record: link-changes-something', () =>
    expect(
      spec
        .given([...running, linked])
        .when(link(t(3)))
        .thenFails('link-changes-something'),
    ).toMatchObject({ message: `service ${id} is already linked to PTV service ${ptv}` }))
  it('rejects linking an unplanned or a retired service', () => {
    spec
      .given([])
      .when(link(t(1)))
      .thenFails('service-must-be-planned')
    spec
      .given([...running, retired])
      .when(link(t(6)))
      .thenFails('retired-is-terminal')
  })
})

describe("a service's own answer promise (principle 5)", () => {
  const promise = (
    at: string,
    answerPromise?: { within: number; unit: 'hours' | 'days' },
  ): ServiceCommand => ({
    type: 'SetAnswerPromise',
    data: { serviceId: id, at, ...(answerPromise === undefined ? {} : { answerPromise }) },
  })
  const set = (at: string, answerPromise?: { within: number; unit: 'hours' | 'days' }): ServiceEvent => ({
    type: 'ServiceAnswerPromiseSet',
    data: { serviceId: id, at, ...(answerPromise === undefined ? {} : { answerPromise }) },
  })
  const fourHours = { within: 4, unit: 'hours' } as const
  it('sets a promise on a running service, and changes it in its number or its unit', () => {
    accepted(running, promise(t(2), fourHours))
    accepted([...running, set(t(2), fourHours)], promise(t(3), { within: 8, unit: 'hours' }))
    accepted([...running, set(t(2), fourHours)], promise(t(3), { within: 4, unit: 'days' }))
    accepted([...running, set(t(2), fourHours)], promise(t(3)))
  })
  it('rejects setting the promise the service already makes, naming it', () => {
    expect(
      spec
        .given([...running, set(t(2), fourHours)])
        .when(promise(t(3), fourHours))
        .thenFails('answer-promise-changes-something'),
    ).toMatchObject({ message: `service ${id} already promises an answer within 4 hours`, principle: 5 })
    expect(
      spec
        .given(running)
        .when(promise(t(3)))
        .thenFails('answer-promise-changes-something'),
    ).toMatchObject({
      message: `service ${id} already promises no answer time of its own`,
    })
  })
  it("the promise set is the plan's; one set without a promise takes it away", () => {
    const fold = (events: ServiceEvent[]) => events.reduce(serviceDecider.evolve, serviceDecider.initialState)
    expect(fold([...running, set(t(2), fourHours)]).plan?.answerPromise).toEqual(fourHours)
    expect('answerPromise' in fold([...running, set(t(2), fourHours), set(t(3))]).plan!).toBe(false)
  })
})

describe('time-never-goes-back', () => {
  it('rejects a command dated before the latest event', () =>
    spec.given(running).when(review('2025-02-28T10:00:00+02:00')).thenFails('time-never-goes-back'))
  it('accepts a command at the same instant written in another offset', () =>
    accepted(running, review('2025-03-01T08:00:00Z')))
})

describe('wrong-entity', () => {
  it("rejects a command for another service on this service's stream, naming it", () => {
    const other = { ...review(t(2)), data: { ...review(t(2)).data, serviceId: 'another' } } as ServiceCommand
    const error = spec.given(running).when(other).thenFails('wrong-entity')
    expect(error.message).toContain(id)
  })
})

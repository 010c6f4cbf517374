/**
 * Arbitraries of every event and command. Commands mirror events, so each command arbitrary is
 * its event's data under the command's name (routed case commands, as the decider takes them, add
 * the facts of the service they route to).
 */
import {
  Availability,
  type CaseCommand,
  type CaseEvent,
  CaseOutcome,
  ConsentScope,
  ContactChannel,
  CustomerKind,
  type DomainEvent,
  Obligation,
  type RoutedCaseCommand,
  routeCaseCommand,
  ProductionMode,
  ReviewDecision,
  ServiceChannel,
  type ServiceCommand,
  type ServiceEvent,
  ServiceLifecycle,
} from '@servicelife/domain'
import fc from 'fast-check'
import { entityId, isoDate, isoDateTime, localizedText, score, words } from './primitives.js'

const oneOf = <V extends string>(codec: { readonly values: readonly V[] }): fc.Arbitrary<V> =>
  fc.constantFrom(...codec.values)

export const obligation = oneOf(Obligation)
export const availability = oneOf(Availability)
export const productionMode = oneOf(ProductionMode)
export const serviceChannel = oneOf(ServiceChannel)
export const contactChannel = oneOf(ContactChannel)
export const customerKind = oneOf(CustomerKind)
export const reviewDecision = oneOf(ReviewDecision)
export const caseOutcome = oneOf(CaseOutcome)
export const consentScope = oneOf(ConsentScope)
export const serviceLifecycle = oneOf(ServiceLifecycle)

const serviceAt = { serviceId: entityId, at: isoDateTime }

export const answerPromise = fc.record({
  within: fc.integer({ min: 1, max: 30 }),
  unit: fc.constantFrom<'hours' | 'days' | 'working-days'>('hours', 'days', 'working-days'),
})
const caseAt = { caseId: entityId, at: isoDateTime }
const channels = fc.uniqueArray(serviceChannel, { minLength: 1, maxLength: 3 })

const planFields = {
  name: localizedText,
  description: localizedText,
  needs: words(200),
  serviceArea: words(40),
  obligation,
  availability,
  productionMode,
  producer: words(40),
  critical: fc.boolean(),
  targetGroups: fc.array(words(30), { maxLength: 3 }),
  channels,
  plannedLaunch: isoDate,
  answerPromise,
}

export const servicePlannedData = fc
  .record(
    { ...serviceAt, ...planFields },
    {
      requiredKeys: [
        'serviceId',
        'at',
        'name',
        'needs',
        'serviceArea',
        'obligation',
        'availability',
        'productionMode',
        'critical',
        'targetGroups',
        'channels',
      ],
    },
  )
  // A plan that is not produced by the city itself names its producer.
  .map((d) =>
    d.productionMode !== 'own' && d.producer === undefined ? { ...d, producer: 'Yhdistys ry' } : d,
  )

const evidence = fc.record(
  {
    usage: fc.nat({ max: 1_000_000 }),
    costEur: fc.integer({ min: 0, max: 10_000_000 }),
    needsMet: fc.double({ min: 1, max: 5, noNaN: true }),
    communication: fc.double({ min: 1, max: 5, noNaN: true }),
    responses: fc.nat({ max: 10_000 }),
    reachesTargetGroup: fc.boolean(),
  },
  { requiredKeys: [] },
)

export const serviceEventData = {
  ServicePlanned: servicePlannedData,
  ServicePlanRevised: fc.record({ ...serviceAt, changes: fc.record(planFields, { requiredKeys: [] }) }),
  ServiceLaunched: fc.record({ ...serviceAt, channels }),
  ServiceReviewed: fc.record({
    ...serviceAt,
    reviewer: words(40),
    evidence,
    decision: reviewDecision,
    rationale: words(200),
  }),
  ServiceProductionChanged: fc.record(
    { ...serviceAt, from: productionMode, to: productionMode, producer: words(40), rationale: words(200) },
    { requiredKeys: ['serviceId', 'at', 'from', 'to', 'rationale'] },
  ),
  ServiceChannelOpened: fc.record({ ...serviceAt, channel: serviceChannel }),
  ServiceChannelClosed: fc.record({ ...serviceAt, channel: serviceChannel }),
  ServiceDisrupted: fc.record(
    { ...serviceAt, reason: words(200), continuity: words(200) },
    { requiredKeys: ['serviceId', 'at', 'reason'] },
  ),
  ServiceRestored: fc.record(serviceAt),
  ServiceRetired: fc.record(
    { ...serviceAt, reason: words(200), replacedBy: entityId, decisionRef: words(40) },
    { requiredKeys: ['serviceId', 'at', 'reason'] },
  ),
  ServiceAnswerPromiseSet: fc.record({ ...serviceAt, answerPromise }, { requiredKeys: ['serviceId', 'at'] }),
  ServiceLinked: fc.record({ ...serviceAt, ptv: fc.uuid({ version: 4 }) }),
} as const

export const caseEventData = {
  ContactReceived: fc.record(
    {
      ...caseAt,
      contactId: entityId,
      channel: contactChannel,
      customer: fc.record({ kind: customerKind, ref: entityId }, { requiredKeys: ['kind'] }),
      language: fc.constantFrom('fi', 'sv', 'en', 'so', 'ru', 'uk'),
      subject: words(400),
      serviceId: entityId,
    },
    { requiredKeys: ['caseId', 'at', 'contactId', 'channel', 'customer', 'language', 'subject'] },
  ),
  CaseOpened: fc.record(
    { ...caseAt, serviceId: entityId, onContact: entityId, handler: words(40), answerDue: isoDateTime },
    { requiredKeys: ['caseId', 'at', 'serviceId', 'onContact'] },
  ),
  CaseReferred: fc.record({ ...caseAt, from: entityId, to: entityId, reason: words(200) }),
  ConsentGiven: fc.record({ ...caseAt, scope: consentScope }),
  ConsentWithdrawn: fc.record({ ...caseAt, scope: consentScope }),
  CaseAnswered: fc.record({ ...caseAt, channel: contactChannel, by: words(40), summary: words(200) }),
  FeedbackGiven: fc.record(
    { ...caseAt, needsMet: score, communication: score, comment: words(200) },
    { requiredKeys: ['caseId', 'at', 'needsMet', 'communication'] },
  ),
  CaseClosed: fc.record({ ...caseAt, outcome: caseOutcome }),
} as const

const tagged = <T extends string, D>(type: T, data: fc.Arbitrary<D>) => data.map((d) => ({ type, data: d }))

export const serviceEvent: fc.Arbitrary<ServiceEvent> = fc.oneof(
  ...Object.entries(serviceEventData).map(([type, data]) => tagged(type, data as fc.Arbitrary<unknown>)),
) as fc.Arbitrary<ServiceEvent>

export const caseEvent: fc.Arbitrary<CaseEvent> = fc.oneof(
  ...Object.entries(caseEventData).map(([type, data]) => tagged(type, data as fc.Arbitrary<unknown>)),
) as fc.Arbitrary<CaseEvent>

export const domainEvent: fc.Arbitrary<DomainEvent> = fc.oneof(serviceEvent, caseEvent)

/** The command that produces each event. */
export const commandOfEvent = {
  ServicePlanned: 'PlanService',
  ServicePlanRevised: 'RevisePlan',
  ServiceLaunched: 'LaunchService',
  ServiceReviewed: 'ReviewService',
  ServiceProductionChanged: 'ChangeProduction',
  ServiceChannelOpened: 'OpenChannel',
  ServiceChannelClosed: 'CloseChannel',
  ServiceDisrupted: 'DisruptService',
  ServiceRestored: 'RestoreService',
  ServiceRetired: 'RetireService',
  ServiceAnswerPromiseSet: 'SetAnswerPromise',
  ServiceLinked: 'LinkService',
  ContactReceived: 'ReceiveContact',
  CaseOpened: 'OpenCase',
  CaseReferred: 'ReferCase',
  ConsentGiven: 'GiveConsent',
  ConsentWithdrawn: 'WithdrawConsent',
  CaseAnswered: 'AnswerCase',
  FeedbackGiven: 'GiveFeedback',
  CaseClosed: 'CloseCase',
} as const satisfies Record<ServiceEvent['type'] | CaseEvent['type'], string>

export const serviceCommand: fc.Arbitrary<ServiceCommand> = serviceEvent.map(
  (e) => ({ type: commandOfEvent[e.type], data: e.data }) as ServiceCommand,
)

/** Case commands as a caller sends them (the routed-to service's facts are the handler's to look up; an answer's due time the decider's to set). */
export const caseCommand: fc.Arbitrary<CaseCommand> = caseEvent.map((e) => {
  if (e.type !== 'CaseOpened') return { type: commandOfEvent[e.type], data: e.data } as CaseCommand
  const { answerDue: _, ...data } = e.data
  return { type: 'OpenCase', data } as CaseCommand
})

/** Case commands as the case decider takes them: routing commands carry a drawn lifecycle of their target. */
export const routedCaseCommand: fc.Arbitrary<RoutedCaseCommand> = fc
  .tuple(caseCommand, serviceLifecycle)
  .map(([command, lifecycle]) => routeCaseCommand(command, { lifecycle }))

type CommandOf = typeof commandOfEvent
type EventOfCommand = { [E in keyof CommandOf as CommandOf[E]]: E }
export const eventOfCommand = Object.fromEntries(
  Object.entries(commandOfEvent).map(([event, command]) => [command, event]),
) as EventOfCommand

/** Command arbitraries weighted by kind: `{ OpenCase: 3, AnswerCase: 2 }`; kinds left out are not drawn. */
export const weightedCommands = <C extends ServiceCommand | CaseCommand>(
  weights: Partial<Record<C['type'], number>>,
): fc.Arbitrary<C> =>
  fc.oneof(
    ...Object.entries(weights).map(([type, weight]) => {
      const eventType = eventOfCommand[type as keyof EventOfCommand]
      const data =
        (serviceEventData as Record<string, fc.Arbitrary<unknown>>)[eventType] ??
        (caseEventData as Record<string, fc.Arbitrary<unknown>>)[eventType]!
      // An opening's answer due time is the decider's to set: no command carries one.
      const commandData =
        type === 'OpenCase' ? data.map((d) => ({ ...(d as object), answerDue: undefined })) : data
      return {
        weight: weight as number,
        arbitrary: commandData.map((d) => ({ type, data: JSON.parse(JSON.stringify(d)) as unknown }) as C),
      }
    }),
  )

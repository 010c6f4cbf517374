/**
 * The life of a service (Turku service strategy, palvelun elinkaari): needs and planning ->
 * launch -> production (reviews, production changes, channels, disruptions) -> retirement.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { ServiceCommand } from '../codecs/commands.js'
import type { PlanChanges, ServiceEvent, ServicePlannedData } from '../codecs/service-events.js'
import type { ProductionMode, ServiceChannel, ServiceLifecycle } from '../codecs/vocabulary.js'
import type { Decider } from './decider.js'
import { type DomainError, type ServiceRule, serviceError } from './errors.js'
import { instant } from './time.js'

export interface ServiceState {
  readonly lifecycle: ServiceLifecycle
  readonly serviceId?: string
  /** The plan as revised, with the current production mode and producer. */
  readonly plan?: ServicePlannedData
  readonly openChannels: ReadonlyArray<ServiceChannel>
  /** The service's id in the national service catalogue PTV, once linked. */
  readonly ptv?: string
  /** Business time of the latest event, epoch ms. */
  readonly lastAt: number
}

export const initialServiceState: ServiceState = {
  lifecycle: 'unplanned',
  openChannels: [],
  lastAt: Number.NEGATIVE_INFINITY,
}

/** Running covers disruption: a disrupted service is still in production, only under exceptional arrangements. */
export const isInProduction = (lifecycle: ServiceLifecycle): boolean =>
  lifecycle === 'in-production' || lifecycle === 'disrupted'

/** Obligation classes whose duty outlives any one service: their retirement must name a replacement. */
const dutyBearing = new Set(['statutory-authority', 'organizing-responsibility'])

type Result = E.Either<DomainError, ReadonlyArray<ServiceEvent>>

const producerRule = (
  id: string,
  mode: ProductionMode,
  producer: string | undefined,
): DomainError | undefined =>
  mode !== 'own' && producer === undefined
    ? serviceError(
        'producer-required-unless-own',
        id,
        `service ${id} is produced as '${mode}' and must name its producer`,
        {
          principle: 4,
        },
      )
    : undefined

/**
 * Who produces a service after a change of production: the producer named with the change, else
 * the previous one, unless the city now produces it itself (own production has no producer).
 */
export const producerAfter = (
  mode: ProductionMode,
  named: string | undefined,
  previous: string | undefined,
): string | undefined => named ?? (mode === 'own' ? undefined : previous)

const applyChanges = (plan: ServicePlannedData, changes: PlanChanges): ServicePlannedData => {
  const productionMode = changes.productionMode ?? plan.productionMode
  const producer = producerAfter(productionMode, changes.producer, plan.producer)
  const { producer: _previous, ...rest } = plan
  return { ...rest, ...changes, productionMode, ...(producer === undefined ? {} : { producer }) }
}

const emit = (event: ServiceEvent): Result => E.right([event])

export const decideService = (command: ServiceCommand, state: ServiceState): Result => {
  const id = command.data.serviceId
  const fail = (code: ServiceRule, message: string, source?: Pick<DomainError, 'principle'>): Result =>
    E.left(serviceError(code, id, message, source))
  const { lifecycle } = state

  if (lifecycle === 'retired') {
    return fail(
      'retired-is-terminal',
      `service ${id} is retired; a retired service takes no further commands`,
    )
  }
  if (lifecycle === 'unplanned' && command.type !== 'PlanService') {
    return fail(
      'service-must-be-planned',
      `service ${id} has not been planned; ${command.type} needs a planned service`,
    )
  }
  if (state.serviceId !== undefined && state.serviceId !== id) {
    return fail('wrong-entity', `command for service ${id} sent to the stream of service ${state.serviceId}`)
  }
  if (instant(command.data.at) < state.lastAt) {
    return fail(
      'time-never-goes-back',
      `${command.type} at ${command.data.at} is earlier than the latest event of service ${id}`,
    )
  }
  const inProduction = (): Result | undefined =>
    isInProduction(lifecycle)
      ? undefined
      : fail(
          'only-while-in-production',
          `${command.type} needs service ${id} in production, but it is ${lifecycle}`,
        )

  switch (command.type) {
    case 'PlanService': {
      if (lifecycle !== 'unplanned') return fail('service-planned-once', `service ${id} is already planned`)
      const producerError = producerRule(id, command.data.productionMode, command.data.producer)
      return producerError ? E.left(producerError) : emit({ type: 'ServicePlanned', data: command.data })
    }
    case 'RevisePlan': {
      if (lifecycle !== 'planned') {
        return fail(
          'plan-revised-only-before-launch',
          `the plan of service ${id} can only be revised before launch; it is ${lifecycle}`,
        )
      }
      if (Object.keys(command.data.changes).length === 0) {
        return fail(
          'plan-revision-changes-something',
          `a plan revision of service ${id} must change at least one field`,
        )
      }
      const revised = applyChanges(state.plan!, command.data.changes)
      const producerError = producerRule(id, revised.productionMode, revised.producer)
      return producerError ? E.left(producerError) : emit({ type: 'ServicePlanRevised', data: command.data })
    }
    case 'LaunchService': {
      if (lifecycle !== 'planned')
        return fail(
          'launch-only-from-planned',
          `service ${id} can only be launched from planned; it is ${lifecycle}`,
        )
      if (command.data.channels.length === 0) {
        return fail('launch-needs-a-channel', `service ${id} must be launched on at least one channel`, {
          principle: 3,
        })
      }
      return emit({ type: 'ServiceLaunched', data: command.data })
    }
    case 'ReviewService':
      return inProduction() ?? emit({ type: 'ServiceReviewed', data: command.data })
    case 'ChangeProduction': {
      const notRunning = inProduction()
      if (notRunning) return notRunning
      const current = state.plan!.productionMode
      if (command.data.from !== current) {
        return fail(
          'production-change-from-current-mode',
          `service ${id} is produced as '${current}', not '${command.data.from}'`,
          { principle: 4 },
        )
      }
      if (command.data.to === command.data.from) {
        return fail(
          'production-change-to-another-mode',
          `service ${id} is already produced as '${current}'`,
          { principle: 4 },
        )
      }
      const producerError = producerRule(id, command.data.to, command.data.producer)
      return producerError
        ? E.left(producerError)
        : emit({ type: 'ServiceProductionChanged', data: command.data })
    }
    case 'OpenChannel': {
      const notRunning = inProduction()
      if (notRunning) return notRunning
      if (state.openChannels.includes(command.data.channel)) {
        return fail(
          'channel-opened-once',
          `channel '${command.data.channel}' of service ${id} is already open`,
        )
      }
      return emit({ type: 'ServiceChannelOpened', data: command.data })
    }
    case 'CloseChannel': {
      const notRunning = inProduction()
      if (notRunning) return notRunning
      if (!state.openChannels.includes(command.data.channel)) {
        return fail(
          'channel-closed-only-if-open',
          `channel '${command.data.channel}' of service ${id} is not open`,
        )
      }
      if (state.openChannels.length === 1) {
        return fail(
          'running-service-keeps-a-channel',
          `'${command.data.channel}' is the last open channel of service ${id}; a running service keeps at least one`,
          { principle: 3 },
        )
      }
      return emit({ type: 'ServiceChannelClosed', data: command.data })
    }
    case 'DisruptService': {
      if (lifecycle !== 'in-production') {
        return fail(
          'disruption-only-while-running',
          `service ${id} can only be disrupted while running normally; it is ${lifecycle}`,
        )
      }
      if (state.plan!.critical && command.data.continuity === undefined) {
        return fail(
          'critical-disruption-states-continuity',
          `service ${id} is critical: its disruption must state how it continues`,
          { principle: 6 },
        )
      }
      return emit({ type: 'ServiceDisrupted', data: command.data })
    }
    case 'RestoreService':
      return lifecycle === 'disrupted'
        ? emit({ type: 'ServiceRestored', data: command.data })
        : fail('restore-only-when-disrupted', `service ${id} is not disrupted; it is ${lifecycle}`)
    case 'RetireService': {
      const { replacedBy } = command.data
      if (replacedBy === id)
        return fail('not-replaced-by-itself', `service ${id} cannot be replaced by itself`, { principle: 4 })
      if (replacedBy === undefined && dutyBearing.has(state.plan!.obligation)) {
        return fail(
          'statutory-retirement-names-replacement',
          `service ${id} is '${state.plan!.obligation}': the duty stays, so its retirement must name the replacing service`,
          { principle: 4 },
        )
      }
      return emit({ type: 'ServiceRetired', data: command.data })
    }
    case 'SetAnswerPromise': {
      const current = state.plan!.answerPromise
      const next = command.data.answerPromise
      if (current?.within === next?.within && current?.unit === next?.unit)
        return fail(
          'answer-promise-changes-something',
          `service ${id} already promises ${next === undefined ? 'no answer time of its own' : `an answer within ${next.within} ${next.unit}`}`,
          { principle: 5 },
        )
      return emit({ type: 'ServiceAnswerPromiseSet', data: command.data })
    }
    case 'LinkService':
      return state.ptv === command.data.ptv
        ? fail('link-changes-something', `service ${id} is already linked to PTV service ${command.data.ptv}`)
        : emit({ type: 'ServiceLinked', data: command.data })
  }
}

const withChannel = (channels: ReadonlyArray<ServiceChannel>, channel: ServiceChannel) =>
  channels.includes(channel) ? channels : [...channels, channel]

export const evolveService = (state: ServiceState, event: ServiceEvent): ServiceState => {
  const lastAt = instant(event.data.at)
  switch (event.type) {
    case 'ServicePlanned':
      return {
        lifecycle: 'planned',
        serviceId: event.data.serviceId,
        plan: event.data,
        openChannels: [],
        lastAt,
      }
    case 'ServicePlanRevised':
      return { ...state, plan: applyChanges(state.plan!, event.data.changes), lastAt }
    case 'ServiceLaunched':
      return {
        ...state,
        lifecycle: 'in-production',
        openChannels: event.data.channels.reduce(withChannel, []),
        lastAt,
      }
    case 'ServiceReviewed':
    case 'ServiceRestored':
      return {
        ...state,
        lifecycle: event.type === 'ServiceRestored' ? 'in-production' : state.lifecycle,
        lastAt,
      }
    case 'ServiceProductionChanged':
      return {
        ...state,
        plan: applyChanges(state.plan!, {
          productionMode: event.data.to,
          ...pickProducer(event.data.producer),
        }),
        lastAt,
      }
    case 'ServiceChannelOpened':
      return { ...state, openChannels: withChannel(state.openChannels, event.data.channel), lastAt }
    case 'ServiceChannelClosed':
      return { ...state, openChannels: state.openChannels.filter((c) => c !== event.data.channel), lastAt }
    case 'ServiceDisrupted':
      return { ...state, lifecycle: 'disrupted', lastAt }
    case 'ServiceRetired':
      return { ...state, lifecycle: 'retired', lastAt }
    case 'ServiceAnswerPromiseSet': {
      const { answerPromise: _, ...plan } = state.plan!
      const promise = event.data.answerPromise
      return { ...state, plan: promise === undefined ? plan : { ...plan, answerPromise: promise }, lastAt }
    }
    case 'ServiceLinked':
      return { ...state, ptv: event.data.ptv, lastAt }
  }
}

const pickProducer = (producer: string | undefined) => (producer === undefined ? {} : { producer })

export type ServiceDecider = Decider<ServiceCommand, ServiceEvent, ServiceState>

export const serviceDecider: ServiceDecider = {
  initialState: initialServiceState,
  decide: decideService,
  evolve: evolveService,
}

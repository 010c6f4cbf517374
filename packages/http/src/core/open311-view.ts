/**
 * What Open311 GeoReport v2 publishes, kept as a projection: the services a resident can make a
 * request to, and every case as a service request with its log (the 6Aika `log` extension). It
 * holds nothing personal: no subject, no answer text, no names; a customer's words never leave
 * the record through it.
 */
import {
  type CaseOutcome,
  type DomainEvent,
  type LocalizedText,
  type ServiceLifecycle,
} from '@servicelife/domain'
import type { Projection } from '@servicelife/projections'
import type { RecordedEvent } from '@servicelife/store'
import { Map as IMap } from 'immutable'

export interface Open311Service {
  readonly serviceId: string
  readonly name: LocalizedText
  readonly description?: LocalizedText
  readonly lifecycle: ServiceLifecycle
  readonly serviceArea: string
  readonly targetGroups: ReadonlyArray<string>
  /** While the service is disrupted: what the city tells those who contact it. */
  readonly notice?: string
}

/** The 6Aika request log's statuses: given to a handler, being handled, handled. */
export type LogStatus = 'allocated' | 'handling' | 'done'

export interface LogEntry {
  readonly time: string
  readonly status: LogStatus
  readonly note: string
}

export interface Open311Request {
  readonly caseId: string
  /** The service the case is with now (after referrals); none until it is routed. */
  readonly serviceId?: string
  readonly requestedAt: string
  readonly updatedAt: string
  readonly answerDue?: string
  readonly closedAt?: string
  readonly outcome?: CaseOutcome
  readonly log: ReadonlyArray<LogEntry>
}

export interface Open311State {
  readonly services: IMap<string, Open311Service>
  readonly requests: IMap<string, Open311Request>
}

const evolveService = (
  service: Open311Service | undefined,
  event: DomainEvent,
): Open311Service | undefined => {
  if (event.type === 'ServicePlanned') {
    const { serviceId, name, description, serviceArea, targetGroups } = event.data
    return {
      serviceId,
      name,
      ...(description === undefined ? {} : { description }),
      lifecycle: 'planned',
      serviceArea,
      targetGroups,
    }
  }
  if (service === undefined) return undefined
  switch (event.type) {
    case 'ServicePlanRevised': {
      const { name, description, serviceArea, targetGroups } = event.data.changes
      return {
        ...service,
        ...(name === undefined ? {} : { name }),
        ...(description === undefined ? {} : { description }),
        ...(serviceArea === undefined ? {} : { serviceArea }),
        ...(targetGroups === undefined ? {} : { targetGroups }),
      }
    }
    case 'ServiceLaunched':
      return { ...service, lifecycle: 'in-production' }
    case 'ServiceDisrupted':
      return { ...service, lifecycle: 'disrupted', notice: event.data.continuity ?? event.data.reason }
    case 'ServiceRestored':
    case 'ServiceRetired': {
      const { notice: _, ...rest } = service
      return { ...rest, lifecycle: event.type === 'ServiceRestored' ? 'in-production' : 'retired' }
    }
    default:
      return service
  }
}

const logged = (request: Open311Request, at: string, entry?: Omit<LogEntry, 'time'>): Open311Request => ({
  ...request,
  updatedAt: at,
  ...(entry === undefined ? {} : { log: [...request.log, { time: at, ...entry }] }),
})

const evolveRequest = (
  request: Open311Request | undefined,
  event: DomainEvent,
): Open311Request | undefined => {
  if (event.type === 'ContactReceived') {
    const { caseId, at, serviceId } = event.data
    if (request !== undefined) return logged(request, at)
    return {
      caseId,
      ...(serviceId === undefined ? {} : { serviceId }),
      requestedAt: at,
      updatedAt: at,
      log: [],
    }
  }
  if (request === undefined) return undefined
  switch (event.type) {
    case 'CaseOpened': {
      const { at, serviceId, answerDue } = event.data
      return {
        ...logged(request, at, { status: 'allocated', note: `opened to ${serviceId}` }),
        serviceId,
        ...(answerDue === undefined ? {} : { answerDue }),
      }
    }
    case 'CaseReferred':
      return {
        ...logged(request, event.data.at, {
          status: 'allocated',
          note: `referred from ${event.data.from} to ${event.data.to}`,
        }),
        serviceId: event.data.to,
      }
    case 'CaseAnswered':
      return logged(request, event.data.at, { status: 'done', note: `answered by ${event.data.channel}` })
    case 'CaseClosed':
      return {
        ...logged(request, event.data.at, { status: 'done', note: `closed as ${event.data.outcome}` }),
        closedAt: event.data.at,
        outcome: event.data.outcome,
      }
    case 'ConsentGiven':
    case 'ConsentWithdrawn':
    case 'FeedbackGiven':
      return logged(request, event.data.at)
    default:
      return request
  }
}

/** The Open311 view of the record: services and requests, each folded from its own stream's events. */
export const open311View: Projection<Open311State> = {
  name: 'open311',
  version: 1,
  initial: { services: IMap(), requests: IMap() },
  apply(state, recorded: RecordedEvent) {
    const event = recorded as unknown as DomainEvent
    const data = event.data as { serviceId?: unknown; caseId?: unknown }
    if (event.type.startsWith('Service') && typeof data.serviceId === 'string') {
      const next = evolveService(state.services.get(data.serviceId), event)
      return next === undefined ? state : { ...state, services: state.services.set(data.serviceId, next) }
    }
    if (typeof data.caseId === 'string') {
      const next = evolveRequest(state.requests.get(data.caseId), event)
      return next === undefined ? state : { ...state, requests: state.requests.set(data.caseId, next) }
    }
    return state
  },
}

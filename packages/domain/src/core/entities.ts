/**
 * The two kinds of entity, each with what a command handler needs to handle its commands without
 * knowing the domain: the decider, the public command codec, the stream a command belongs in, and
 * the facts of other streams a command needs (a case routed to a service needs that service's
 * state). Looking those facts up is the shell's I/O; turning them into the command the decider
 * takes is pure and lives here.
 */
import type * as E from 'fp-ts/lib/Either.js'
import type { CaseEvent } from '../codecs/case-events.js'
import { type CaseCommand, type ServiceCommand } from '../codecs/commands.js'
import {
  decodeCaseCommand,
  decodeCaseEvent,
  decodeServiceCommand,
  decodeServiceEvent,
} from '../codecs/decode.js'
import type { DecodeError } from '../codecs/decode.js'
import { domainSchema } from '../codecs/event-schema.js'
import {
  type EventSchema,
  type ReadAt,
  type ReadError,
  readEvent,
  type StoredEvent,
} from '../codecs/schema-versions.js'
import type { ServiceEvent } from '../codecs/service-events.js'
import { caseDecider, type CaseState, type RoutedCaseCommand, type ServiceFacts } from './case-decider.js'
import type { Decider } from './decider.js'
import { serviceDecider, type ServiceState } from './service-decider.js'
import type { CityCalendar } from './city-calendar.js'
import { caseStreamId, serviceStreamId } from './streams.js'

/** A stream whose folded state a command needs: read by the shell, handed back to `enrich`. */
export interface Lookup {
  readonly streamId: string
  // The looked-up stream's own decider folds it; its state type is the entity's business.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly decider: Pick<Decider<any, any, any>, 'initialState' | 'evolve'>
  readonly readEvent: (stored: StoredEvent, at: ReadAt) => E.Either<ReadError, ReadonlyArray<unknown>>
}

export interface EntityModel<Command extends { type: string; data: { at: string } }, Decided, Event, State> {
  readonly kind: 'service' | 'case'
  readonly decider: Decider<Decided, Event, State>
  /** The public command codec: what a caller may send. Never throws. */
  readonly decodeCommand: (u: unknown) => E.Either<DecodeError, Command>
  /** The versions of its events: what it writes at, and how older ones are read. */
  readonly schema: EventSchema
  /** An event of this entity's streams read back: upcast to the current version, then decoded. */
  readonly readEvent: (stored: StoredEvent, at: ReadAt) => E.Either<ReadError, ReadonlyArray<Event>>
  /** The id of the entity a command is for. */
  readonly entityIdOf: (command: Command) => string
  /** The stream of an entity: a command is always handled in its own entity's stream. */
  readonly streamId: (entityId: string) => string
  /** The streams whose state the command needs, in the order `enrich` receives them. */
  readonly lookups: (command: Command) => ReadonlyArray<Lookup>
  /** The command the decider takes, from the command, the looked-up states and the city's calendar. Pure. */
  readonly enrich: (command: Command, states: ReadonlyArray<unknown>, context?: EnrichContext) => Decided
}

/** What the shell brings besides the looked-up states: the city's calendar (default Helsinki). */
export interface EnrichContext {
  readonly calendar?: CityCalendar
}

const readServiceEvent = (stored: StoredEvent, at: ReadAt) =>
  readEvent(domainSchema, stored, at, decodeServiceEvent)
const readCaseEvent = (stored: StoredEvent, at: ReadAt) =>
  readEvent(domainSchema, stored, at, decodeCaseEvent)

const serviceLookup = (serviceId: string): Lookup => ({
  streamId: serviceStreamId(serviceId),
  decider: serviceDecider,
  readEvent: readServiceEvent,
})

/** What a case routed to a service needs to know of it. */
export const serviceFacts = (state: ServiceState): ServiceFacts => {
  const answerPromise = state.plan?.answerPromise
  return { lifecycle: state.lifecycle, ...(answerPromise === undefined ? {} : { answerPromise }) }
}

export const serviceEntity: EntityModel<ServiceCommand, ServiceCommand, ServiceEvent, ServiceState> = {
  kind: 'service',
  decider: serviceDecider,
  decodeCommand: decodeServiceCommand,
  schema: domainSchema,
  readEvent: readServiceEvent,
  entityIdOf: (command) => command.data.serviceId,
  streamId: serviceStreamId,
  lookups: () => [],
  enrich: (command) => command,
}

/** The service a case command routes the case to, if it routes it. */
const routedTo = (command: CaseCommand): string | undefined =>
  command.type === 'OpenCase'
    ? command.data.serviceId
    : command.type === 'ReferCase'
      ? command.data.to
      : undefined

/**
 * A case command with the facts of the service it routes to: the routing rule (a case goes only
 * to a service in production) is then the decider's to check. Other commands are as they were.
 */
export const routeCaseCommand = (
  command: CaseCommand,
  target: ServiceFacts,
  calendar?: CityCalendar,
): RoutedCaseCommand =>
  command.type === 'OpenCase' || command.type === 'ReferCase'
    ? { ...command, target, ...(calendar === undefined ? {} : { calendar }) }
    : command

export const caseEntity: EntityModel<CaseCommand, RoutedCaseCommand, CaseEvent, CaseState> = {
  kind: 'case',
  decider: caseDecider,
  decodeCommand: decodeCaseCommand,
  schema: domainSchema,
  readEvent: readCaseEvent,
  entityIdOf: (command) => command.data.caseId,
  streamId: caseStreamId,
  lookups: (command) => {
    const serviceId = routedTo(command)
    return serviceId === undefined ? [] : [serviceLookup(serviceId)]
  },
  enrich: (command, states, context = {}) =>
    routeCaseCommand(
      command,
      serviceFacts((states[0] as ServiceState | undefined) ?? serviceDecider.initialState),
      context.calendar,
    ),
}

/**
 * Command handling: load the stream, decode and fold it, decide, append at the revision read.
 * A concurrent writer makes the append fail with the wrong revision: reload and decide again, a
 * bounded number of times. A command id already recorded on the stream is not handled twice.
 */
import {
  type CaseCommand,
  type Decider,
  type DecodeError,
  type DomainCommand,
  type DomainError,
  type DomainEvent,
  decodeEvent,
  encodeEvent,
  type ServiceLifecycle,
  serviceDecider,
  serviceStreamId,
} from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import type { EventStore, RecordedEvent, WrongExpectedRevision } from '../port/event-store.js'

export interface HandleOptions {
  /** Identifies the command: handling the same id again appends nothing and returns the first outcome. */
  readonly commandId: string
  readonly correlationId?: string
  readonly causationId?: string
  /** Reloads after a wrong expected revision before giving up (default 3). */
  readonly maxRetries?: number
}

export interface ConcurrencyExhausted {
  readonly code: 'concurrency-retries-exhausted'
  readonly streamId: string
  readonly attempts: number
  readonly last: WrongExpectedRevision
  readonly message: string
}

/** An event read back from the store that does not decode: the record is damaged. */
export interface UnreadableHistory {
  readonly code: 'unreadable-history'
  readonly streamId: string
  readonly revision: number
  readonly error: DecodeError
  readonly message: string
}

export type HandleError = DomainError | ConcurrencyExhausted | UnreadableHistory

export interface Handled<S> {
  /** The events recorded for this command (the first time's, when the command id was seen before). */
  readonly events: ReadonlyArray<RecordedEvent>
  readonly nextExpectedRevision: number | undefined
  readonly state: S
  /** True when the command id was already on the stream and nothing was appended. */
  readonly duplicate: boolean
}

const readDecoded = async (
  store: EventStore,
  streamId: string,
): Promise<
  E.Either<UnreadableHistory, { recorded: ReadonlyArray<RecordedEvent>; events: DomainEvent[] }>
> => {
  const recorded = await store.readStream(streamId)
  const events: DomainEvent[] = []
  for (const r of recorded) {
    const decoded = decodeEvent({ type: r.type, data: r.data })
    if (E.isLeft(decoded)) {
      return E.left({
        code: 'unreadable-history',
        streamId,
        revision: r.revision,
        error: decoded.left,
        message: `${streamId}@${r.revision} does not decode: ${decoded.left.message}`,
      })
    }
    events.push(decoded.right)
  }
  return E.right({ recorded, events })
}

/** A service's lifecycle state as case commands need it ('unknown' for a service never planned). */
export const serviceLifecycle = async (
  store: EventStore,
  serviceId: string,
): Promise<E.Either<UnreadableHistory, ServiceLifecycle>> => {
  const read = await readDecoded(store, serviceStreamId(serviceId))
  if (E.isLeft(read)) return read
  const state = read.right.events.reduce(
    (s, e) => serviceDecider.evolve(s, e as Parameters<typeof serviceDecider.evolve>[1]),
    serviceDecider.initialState,
  )
  return E.right(state.lifecycle === 'unplanned' ? 'unknown' : state.lifecycle)
}

/** Fills the facts a case command needs from other streams: the routed-to service's lifecycle state. */
export const fillCrossStreamFacts = async <C extends DomainCommand>(
  store: EventStore,
  command: C,
): Promise<E.Either<UnreadableHistory, C>> => {
  if (command.type !== 'OpenCase' && command.type !== 'ReferCase') return E.right(command)
  const routed = command as Extract<CaseCommand, { type: 'OpenCase' | 'ReferCase' }>
  if (routed.data.targetServiceState !== undefined) return E.right(command)
  const target = routed.type === 'OpenCase' ? routed.data.serviceId : routed.data.to
  const lifecycle = await serviceLifecycle(store, target)
  if (E.isLeft(lifecycle)) return lifecycle
  return E.right({ ...command, data: { ...command.data, targetServiceState: lifecycle.right } })
}

export const handleCommand = async <C extends DomainCommand, Ev extends DomainEvent, S>(
  store: EventStore,
  decider: Decider<C, Ev, S>,
  streamId: string,
  command: C,
  options: HandleOptions,
): Promise<E.Either<HandleError, Handled<S>>> => {
  const maxRetries = options.maxRetries ?? 3
  let lastConflict: WrongExpectedRevision | undefined
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    const read = await readDecoded(store, streamId)
    if (E.isLeft(read)) return read
    const { recorded, events } = read.right
    const state = (events as Ev[]).reduce(decider.evolve, decider.initialState)
    const revision = recorded.length === 0 ? undefined : recorded[recorded.length - 1]!.revision
    const seen = recorded.filter((r) => r.metadata.commandId === options.commandId)
    if (seen.length > 0)
      return E.right({ events: seen, nextExpectedRevision: revision, state, duplicate: true })

    const filled = await fillCrossStreamFacts(store, command)
    if (E.isLeft(filled)) return filled
    const decided = decider.decide(filled.right, state)
    if (E.isLeft(decided)) return decided
    const appended = await store.appendToStream(
      streamId,
      decided.right.map((event) => ({
        type: event.type,
        data: encodeEvent(event).data,
        commandId: options.commandId,
        correlationId: options.correlationId ?? options.commandId,
        causationId: options.causationId ?? options.commandId,
      })),
      { expectedRevision: revision ?? 'no-stream' },
    )
    if (E.isRight(appended)) {
      return E.right({
        events: appended.right.events,
        nextExpectedRevision: appended.right.nextExpectedRevision,
        state: decided.right.reduce(decider.evolve, state),
        duplicate: false,
      })
    }
    lastConflict = appended.left
  }
  return E.left({
    code: 'concurrency-retries-exhausted',
    streamId,
    attempts: maxRetries + 1,
    last: lastConflict!,
    message: `${streamId} kept changing under ${options.commandId}: gave up after ${maxRetries + 1} attempts`,
  })
}

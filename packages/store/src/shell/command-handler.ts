/**
 * Command handling: load the stream (its cached fold plus the events since), decide, append at
 * the revision read.
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
import { type CachedStream, StreamStateCache } from './stream-state-cache.js'

export interface HandleOptions {
  /** Identifies the command: handling the same id again appends nothing and returns the first outcome. */
  readonly commandId: string
  readonly correlationId?: string
  readonly causationId?: string
  /** Reloads after a wrong expected revision before giving up (default 3). */
  readonly maxRetries?: number
  /**
   * Folded states of recent streams (default: one cache per store and decider, 10,000 streams);
   * `false` reads and folds the whole stream for every command.
   */
  readonly cache?: StreamStateCache | false
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

const caches = new WeakMap<EventStore, WeakMap<object, StreamStateCache>>()

/** The cache `handleCommand` uses for a store and decider unless told otherwise. */
export const defaultStreamStateCache = (store: EventStore, decider: object): StreamStateCache => {
  let byDecider = caches.get(store)
  if (byDecider === undefined) caches.set(store, (byDecider = new WeakMap()))
  let cache = byDecider.get(decider)
  if (cache === undefined) byDecider.set(decider, (cache = new StreamStateCache()))
  return cache
}

type Folded<S> = { readonly revision: number; readonly state: S }

/**
 * Folds events read back from one stream into `from`, each decoded with the domain codecs (an
 * event that does not decode is a damaged record, never folded). With `commands`, also notes
 * the events each command id recorded.
 */
const foldRecorded = <Ev extends DomainEvent, S>(
  evolve: (state: S, event: Ev) => S,
  streamId: string,
  from: Folded<S>,
  recorded: ReadonlyArray<RecordedEvent>,
  commands?: Map<string, RecordedEvent[]>,
): E.Either<UnreadableHistory, Folded<S>> => {
  let { state, revision } = from
  for (const r of recorded) {
    const decoded = decodeEvent(r)
    if (E.isLeft(decoded)) {
      return E.left({
        code: 'unreadable-history',
        streamId,
        revision: r.revision,
        error: decoded.left,
        message: `${streamId}@${r.revision} does not decode: ${decoded.left.message}`,
      })
    }
    state = evolve(state, decoded.right as Ev)
    revision = r.revision
    const commandId = r.metadata.commandId
    if (commands !== undefined && commandId !== undefined) {
      const seen = commands.get(commandId)
      if (seen === undefined) commands.set(commandId, [r])
      else seen.push(r)
    }
  }
  return E.right({ revision, state })
}

/**
 * A stream read back and folded: its state and last revision (-1 for a stream with no events).
 * What an audit or a read model asks of one stream; `loadStream` also indexes command ids.
 */
export const foldStream = async <Ev extends DomainEvent, S>(
  store: EventStore,
  decider: Pick<Decider<never, Ev, S>, 'evolve' | 'initialState'>,
  streamId: string,
): Promise<E.Either<UnreadableHistory, Folded<S>>> =>
  foldRecorded(
    decider.evolve,
    streamId,
    { revision: -1, state: decider.initialState },
    await store.readStream(streamId),
  )

/**
 * A stream's state for handling a command: the cached fold plus the events recorded after it,
 * with the events each command id recorded, for duplicate detection.
 */
export const loadStream = async <Ev extends DomainEvent, S>(
  store: EventStore,
  decider: Pick<Decider<never, Ev, S>, 'evolve' | 'initialState'>,
  streamId: string,
  cache: StreamStateCache | undefined,
): Promise<E.Either<UnreadableHistory, CachedStream<S>>> => {
  const cached = cache?.get<S>(streamId)
  const from = cached === undefined ? 0 : cached.revision + 1
  const recorded = await store.readStream(streamId, from === 0 ? undefined : { fromRevision: from })
  if (cached !== undefined && recorded.length === 0) return E.right(cached)
  const commands = cached?.commands ?? new Map<string, RecordedEvent[]>()
  const folded = foldRecorded(
    decider.evolve,
    streamId,
    cached ?? { revision: -1, state: decider.initialState },
    recorded,
    commands,
  )
  if (E.isLeft(folded)) return folded
  const entry = { ...folded.right, commands }
  cache?.set(streamId, entry)
  return E.right(entry)
}

/** A service's lifecycle state as case commands need it ('unknown' for a service never planned). */
export const serviceLifecycle = async (
  store: EventStore,
  serviceId: string,
  cache: StreamStateCache | undefined = defaultStreamStateCache(store, serviceDecider),
): Promise<E.Either<UnreadableHistory, ServiceLifecycle>> => {
  const loaded = await loadStream(store, serviceDecider, serviceStreamId(serviceId), cache)
  if (E.isLeft(loaded)) return loaded
  const { lifecycle } = loaded.right.state
  return E.right(lifecycle === 'unplanned' ? 'unknown' : lifecycle)
}

/** Fills the facts a case command needs from other streams: the routed-to service's lifecycle state. */
export const fillCrossStreamFacts = async <C extends DomainCommand>(
  store: EventStore,
  command: C,
  cache?: StreamStateCache | false,
): Promise<E.Either<UnreadableHistory, C>> => {
  if (command.type !== 'OpenCase' && command.type !== 'ReferCase') return E.right(command)
  const routed = command as Extract<CaseCommand, { type: 'OpenCase' | 'ReferCase' }>
  if (routed.data.targetServiceState !== undefined) return E.right(command)
  const target = routed.type === 'OpenCase' ? routed.data.serviceId : routed.data.to
  const lifecycle = await serviceLifecycle(
    store,
    target,
    cache === false ? undefined : defaultStreamStateCache(store, serviceDecider),
  )
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
  const cache =
    options.cache === false ? undefined : (options.cache ?? defaultStreamStateCache(store, decider))
  let lastConflict: WrongExpectedRevision | undefined
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    const loaded = await loadStream(store, decider, streamId, cache)
    if (E.isLeft(loaded)) return loaded
    const { state, revision, commands } = loaded.right
    const last = revision < 0 ? undefined : revision
    const seen = commands.get(options.commandId)
    if (seen !== undefined)
      return E.right({ events: seen, nextExpectedRevision: last, state, duplicate: true })

    const filled = await fillCrossStreamFacts(store, command, options.cache)
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
      { expectedRevision: last ?? 'no-stream' },
    )
    if (E.isRight(appended)) {
      const next = decided.right.reduce(decider.evolve, state)
      // The events just appended are known: fold them without reading them back.
      if (cache !== undefined && cache.get(streamId) === loaded.right && appended.right.events.length > 0) {
        commands.set(options.commandId, [...appended.right.events])
        cache.set(streamId, { revision: appended.right.nextExpectedRevision, state: next, commands })
      }
      return E.right({
        events: appended.right.events,
        nextExpectedRevision: appended.right.nextExpectedRevision,
        state: next,
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

/**
 * Command handling, bound once to a store and an entity model: decode the command at the door,
 * load its stream (the cached fold plus the events since), look up the facts of other streams it
 * needs, decide, append at the revision read.
 *
 * - Nothing a caller sends is trusted: the command and its metadata are decoded first, and a bad
 *   one is a `DecodeError` with nothing written. The stream is the command's own entity's.
 * - The commands of one stream within a process run one after another, in the order given.
 * - Another process's append makes ours fail with the wrong revision: reload and decide again,
 *   after a jittered, exponentially growing pause, within a budget of attempts.
 * - A command id already recorded on the stream is not handled twice.
 */
import {
  type CityCalendar,
  currentVersion,
  type DecodeError,
  type ReadAt,
  type ReadError,
  type StoredEvent,
  type Decider,
  type DomainError,
  decodeError,
  type EntityModel,
  instant,
  type Lookup,
} from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import { formatValidationErrors } from '@servicelife/domain'
import type { EventStore, RecordedEvent, WrongExpectedRevision } from '../port/event-store.js'
import { KeyedQueue } from './keyed-queue.js'
import { type CachedStream, StreamStateCache } from './stream-state-cache.js'

/** Who sent the command and why: handling the same `commandId` again appends nothing. */
export interface CommandMetadata {
  readonly commandId: string
  readonly correlationId?: string
  readonly causationId?: string
  /**
   * The stream's last revision the caller decided on (`'no-stream'`: it must not exist yet), as an
   * HTTP `If-Match` gives it: when the stream has moved on, the command is refused with
   * `wrong-expected-revision` instead of being decided on a state the caller has not seen.
   */
  readonly expectedRevision?: number | 'no-stream'
}

// eslint-disable-next-line no-control-regex -- control characters are what an id may not hold
const ID_TEXT = /^[^\u0000-\u001f\u007f]{1,200}$/
const MetadataId = new t.Type<string, string, unknown>(
  'an id (1-200 characters, no control characters)',
  (u): u is string => typeof u === 'string' && ID_TEXT.test(u),
  (u, c) => (typeof u === 'string' && ID_TEXT.test(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
)

const Revision = new t.Type<number, number, unknown>(
  'a stream revision (an integer >= 0)',
  (u): u is number => Number.isSafeInteger(u) && (u as number) >= 0,
  (u, c) => (Number.isSafeInteger(u) && (u as number) >= 0 ? t.success(u as number) : t.failure(u, c)),
  t.identity,
)

/** The metadata a caller gives with a command, checked like the command itself. */
export const CommandMetadataCodec = t.exact(
  t.intersection([
    t.type({ commandId: MetadataId }),
    t.partial({
      correlationId: MetadataId,
      causationId: MetadataId,
      expectedRevision: t.union([Revision, t.literal('no-stream')]),
    }),
  ]),
  'CommandMetadata',
)

/** A command whose business time lies further ahead of the handler's clock than it allows. */
export interface BusinessTimeInFuture {
  readonly code: 'business-time-in-future'
  readonly at: string
  readonly now: string
  readonly message: string
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
  readonly error: ReadError
  readonly message: string
}

export type HandleError =
  | DecodeError
  | BusinessTimeInFuture
  | DomainError
  | WrongExpectedRevision
  | ConcurrencyExhausted
  | UnreadableHistory

export interface Handled<S> {
  /** The stream the command was handled in. */
  readonly streamId: string
  /** The events recorded for this command (the first time's, when the command id was seen before). */
  readonly events: ReadonlyArray<RecordedEvent>
  readonly nextExpectedRevision: number | undefined
  readonly state: S
  /** True when the command id was already on the stream and nothing was appended. */
  readonly duplicate: boolean
}

/** How appends that lost a race with another process are tried again. */
export interface RetryPolicy {
  /** Attempts in all, the first one included (default 20). */
  readonly attempts: number
  /** The pause before the first retry; each further pause may be twice as long (default 2 ms). */
  readonly baseDelayMs: number
  /** The longest pause (default 250 ms). */
  readonly maxDelayMs: number
}

export interface CommandHandlerOptions {
  /**
   * Folded states of recent streams (default: one cache per store and decider, 10,000 streams);
   * `false` reads and folds the whole stream for every command.
   */
  readonly cache?: StreamStateCache | false
  readonly retry?: Partial<RetryPolicy>
  /** The handler's clock (epoch ms): a command's `at` may not lie further ahead than `futureToleranceMs`. */
  readonly now?: () => number
  /** How far a command's business time may lie ahead of the clock (default one day). */
  readonly futureToleranceMs?: number
  /** The city's calendar, for answers due in days or working days (default Helsinki). */
  readonly calendar?: CityCalendar
  /** For tests: the jitter's source (default Math.random) and the pause. */
  readonly random?: () => number
  readonly sleep?: (ms: number) => Promise<void>
}

export interface CommandHandler<S> {
  /** Handles one command, given as it arrived (decoded here): never throws for bad data. */
  handle(command: unknown, metadata: CommandMetadata): Promise<E.Either<HandleError, Handled<S>>>
}

const DAY_MS = 86_400_000
const DEFAULT_RETRY: RetryPolicy = { attempts: 20, baseDelayMs: 2, maxDelayMs: 250 }

const caches = new WeakMap<EventStore, WeakMap<object, StreamStateCache>>()
const queues = new WeakMap<EventStore, KeyedQueue>()

/** The cache a handler uses for a store and decider unless told otherwise. */
export const defaultStreamStateCache = (store: EventStore, decider: object): StreamStateCache => {
  let byDecider = caches.get(store)
  if (byDecider === undefined) caches.set(store, (byDecider = new WeakMap()))
  let cache = byDecider.get(decider)
  if (cache === undefined) byDecider.set(decider, (cache = new StreamStateCache()))
  return cache
}

const queueOf = (store: EventStore): KeyedQueue => {
  let queue = queues.get(store)
  if (queue === undefined) queues.set(store, (queue = new KeyedQueue()))
  return queue
}

type Folded<S> = { readonly revision: number; readonly state: S }
type Fold<S, Ev> = Pick<Decider<never, Ev, S>, 'evolve' | 'initialState'>
type ReadRecorded<Ev> = (stored: StoredEvent, at: ReadAt) => E.Either<ReadError, ReadonlyArray<Ev>>

/**
 * Folds events read back from one stream into `from`, each decoded (an event that does not
 * decode is a damaged record, never folded). With `commands`, also notes the events each
 * command id recorded.
 */
const foldRecorded = <S, Ev>(
  decider: Fold<S, Ev>,
  readEvent: ReadRecorded<Ev>,
  streamId: string,
  from: Folded<S>,
  recorded: ReadonlyArray<RecordedEvent>,
  commands?: Map<string, RecordedEvent[]>,
): E.Either<UnreadableHistory, Folded<S>> => {
  let { state, revision } = from
  for (const r of recorded) {
    const decoded = readEvent(
      {
        type: r.type,
        data: r.data,
        ...(r.metadata.schemaVersion === undefined ? {} : { schemaVersion: r.metadata.schemaVersion }),
      },
      { streamId, revision: r.revision, position: r.position },
    )
    if (E.isLeft(decoded)) {
      return E.left({
        code: 'unreadable-history',
        streamId,
        revision: r.revision,
        error: decoded.left,
        message: `${streamId}@${r.revision} cannot be read: ${decoded.left.message}`,
      })
    }
    for (const event of decoded.right) state = decider.evolve(state, event)
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
 * What an audit or a read model asks of one stream.
 */
export const foldStream = async <S, Ev>(
  store: EventStore,
  entity: {
    readonly decider: Fold<S, Ev>
    readonly readEvent: ReadRecorded<Ev>
    readonly streamId: (entityId: string) => string
  },
  entityId: string,
): Promise<E.Either<UnreadableHistory, Folded<S>>> => {
  const streamId = entity.streamId(entityId)
  return foldRecorded(
    entity.decider,
    entity.readEvent,
    streamId,
    { revision: -1, state: entity.decider.initialState },
    await store.readStream(streamId),
  )
}

/**
 * A stream's state for handling a command: the cached fold plus the events recorded after it,
 * with the events each command id recorded, for duplicate detection.
 */
const loadStream = async <S, Ev>(
  store: EventStore,
  decider: Fold<S, Ev>,
  readEvent: ReadRecorded<Ev>,
  streamId: string,
  cache: StreamStateCache | undefined,
): Promise<E.Either<UnreadableHistory, CachedStream<S>>> => {
  const cached = cache?.get<S>(streamId)
  const from = cached === undefined ? 0 : cached.revision + 1
  const recorded = await store.readStream(streamId, from === 0 ? undefined : { fromRevision: from })
  if (cached !== undefined && recorded.length === 0) return E.right(cached)
  const commands = cached?.commands ?? new Map<string, RecordedEvent[]>()
  const folded = foldRecorded(
    decider,
    readEvent,
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

const decodeMetadata = (u: unknown): E.Either<DecodeError, CommandMetadata> => {
  const decoded = CommandMetadataCodec.decode(u)
  return E.isRight(decoded)
    ? decoded
    : E.left(decodeError('CommandMetadata', formatValidationErrors(decoded.left)))
}

/**
 * The handler of an entity's commands on a store. Every command is decoded, handled in its own
 * entity's stream, and either recorded or refused with a typed error; nothing is written for a
 * refused one.
 */
export const commandHandler = <Command extends { type: string; data: { at: string } }, Decided, Event, State>(
  store: EventStore,
  entity: EntityModel<Command, Decided, Event, State>,
  options: CommandHandlerOptions = {},
): CommandHandler<State> => {
  const { decider } = entity
  const retry = { ...DEFAULT_RETRY, ...options.retry }
  const now = options.now ?? Date.now
  const tolerance = options.futureToleranceMs ?? DAY_MS
  const random = options.random ?? Math.random
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const cache =
    options.cache === false ? undefined : (options.cache ?? defaultStreamStateCache(store, decider))
  const cacheFor = (lookup: Lookup) =>
    options.cache === false ? undefined : defaultStreamStateCache(store, lookup.decider)
  const queue = queueOf(store)

  /** Equal jitter: half the grown pause, plus up to as much again at random. */
  const pause = (attempt: number) => {
    const grown = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt)
    return sleep(grown / 2 + random() * (grown / 2))
  }

  const lookUp = async (command: Command): Promise<E.Either<UnreadableHistory, Decided>> => {
    const states: unknown[] = []
    for (const lookup of entity.lookups(command)) {
      const loaded = await loadStream(
        store,
        lookup.decider,
        lookup.readEvent,
        lookup.streamId,
        cacheFor(lookup),
      )
      if (E.isLeft(loaded)) return loaded
      states.push(loaded.right.state)
    }
    return E.right(
      entity.enrich(command, states, options.calendar === undefined ? {} : { calendar: options.calendar }),
    )
  }

  const attempt = async (
    streamId: string,
    command: Command,
    metadata: CommandMetadata,
  ): Promise<E.Either<HandleError, Handled<State>>> => {
    let lastConflict: WrongExpectedRevision | undefined
    for (let n = 0; n < retry.attempts; n++) {
      if (n > 0) await pause(n - 1)
      const loaded = await loadStream(store, decider, entity.readEvent, streamId, cache)
      if (E.isLeft(loaded)) return loaded
      const { state, revision, commands } = loaded.right
      const last = revision < 0 ? undefined : revision
      const seen = commands.get(metadata.commandId)
      if (seen !== undefined)
        return E.right({ streamId, events: seen, nextExpectedRevision: last, state, duplicate: true })
      const expected = metadata.expectedRevision
      if (expected !== undefined && expected !== (last ?? 'no-stream'))
        return E.left({
          code: 'wrong-expected-revision',
          streamId,
          expected,
          actual: last ?? 'no-stream',
          message: `${streamId} is at ${last ?? 'no-stream'}, not at ${expected} as ${metadata.commandId} expected`,
        })

      const routed = await lookUp(command)
      if (E.isLeft(routed)) return routed
      const decided = decider.decide(routed.right, state)
      if (E.isLeft(decided)) return decided
      const appended = await store.appendToStream(
        streamId,
        decided.right.map((event) => ({
          ...encodeDecided(entity, event),
          commandId: metadata.commandId,
          correlationId: metadata.correlationId ?? metadata.commandId,
          causationId: metadata.causationId ?? metadata.commandId,
        })),
        { expectedRevision: last ?? 'no-stream' },
      )
      if (E.isRight(appended)) {
        const next = decided.right.reduce(decider.evolve, state)
        // The events just appended are known: fold them without reading them back.
        if (cache !== undefined && cache.get(streamId) === loaded.right && appended.right.events.length > 0) {
          commands.set(metadata.commandId, [...appended.right.events])
          cache.set(streamId, { revision: appended.right.nextExpectedRevision, state: next, commands })
        }
        return E.right({
          streamId,
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
      attempts: retry.attempts,
      last: lastConflict!,
      message: `${streamId} kept changing under ${metadata.commandId}: gave up after ${retry.attempts} attempts`,
    })
  }

  return {
    async handle(input, metadataInput) {
      const metadata = decodeMetadata(metadataInput)
      if (E.isLeft(metadata)) return metadata
      const decoded = entity.decodeCommand(input)
      if (E.isLeft(decoded)) return decoded
      const command = decoded.right
      const at = command.data.at
      const clock = now()
      if (instant(at) > clock + tolerance) {
        const nowText = new Date(clock).toISOString()
        return E.left({
          code: 'business-time-in-future',
          at,
          now: nowText,
          message: `${command.type} at ${at} lies more than ${tolerance / 3_600_000} h after the handler's time ${nowText}`,
        })
      }
      const streamId = entity.streamId(entity.entityIdOf(command))
      return queue.run(streamId, () => attempt(streamId, command, metadata.right))
    },
  }
}

/**
 * A decided event as it is appended, at its type's current schema version, checked to read back as
 * the same event: a decider that produced an event its own codecs refuse is a bug, and nothing of
 * it is written.
 */
const encodeDecided = <Event>(
  entity: Pick<EntityModel<never, unknown, Event, unknown>, 'readEvent' | 'schema'>,
  event: Event,
): { readonly type: string; readonly data: unknown; readonly schemaVersion?: number } => {
  const { type, data } = event as { type: string; data: unknown }
  const schemaVersion = currentVersion(entity.schema, type)
  const readBack = entity.readEvent(
    JSON.parse(JSON.stringify({ type, data, schemaVersion })) as StoredEvent,
    {},
  )
  if (E.isLeft(readBack) || readBack.right.length !== 1)
    throw new Error(
      `a decided ${type} would not read back (a bug in the decider): ${E.isLeft(readBack) ? readBack.left.message : 'not one event'}`,
    )
  const { type: readType, data: readData } = readBack.right[0] as { type: string; data: unknown }
  return { type: readType, data: readData, ...(schemaVersion === 1 ? {} : { schemaVersion }) }
}

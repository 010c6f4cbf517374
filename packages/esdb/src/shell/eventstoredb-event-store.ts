/**
 * The EventStore port on EventStoreDB (KurrentDB). The server keeps the events, their revisions
 * and `$all` order; the adapter computes the hash chain exactly as the embedded stores do, so a
 * record moves between stores and verifies the same. Every append is decided against the stream
 * head it read and sent with that exact revision, so the chain cannot fork under racing writers:
 * a lost race is retried for `'any'`/`'exists'` and reported as the wrong revision otherwise.
 */
import { CASE_STREAM_PREFIX, SERVICE_STREAM_PREFIX } from '@servicelife/domain'
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreEnvironment,
  type Subscription,
  type WrongExpectedRevision,
} from '@servicelife/store'
import {
  appendGuardOf,
  decideAppend,
  guardAppend,
  GENESIS_HASH,
  newEventId,
  recordEvents,
  systemNow,
} from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'
import { type ConnectError, type ConnectTimeout, reachServer } from './connect.js'
import {
  connectEventStoreDB,
  DeletedStreamError,
  type EsdbConnection,
  type EventStoreDBClient,
  type StoredEvent,
} from '../client/esdb-connection.js'

export interface EventStoreDBOptions extends StoreEnvironment {
  /** Streams that are servicelife's: `$all` reads and subscriptions see only these (default service-, case-). */
  readonly streamPrefixes?: ReadonlyArray<string>
  /** Attempts for an `'any'`/`'exists'` append that keeps losing races (default 10). */
  readonly maxRaceRetries?: number
  /** Wait before resubscribing after a dropped subscription, ms (default 200). */
  readonly resubscribeDelayMs?: number
}

export interface ConnectOptions extends EventStoreDBOptions, ConnectTimeout {}

/** Our recorded event from the server's: metadata carries recordedAt, hash and the command ids. */
const toRecorded = (e: StoredEvent): RecordedEvent => {
  const m = e.metadata as Record<string, string | undefined> & { schemaVersion?: number; chain?: number }
  return {
    streamId: e.streamId,
    revision: e.revision,
    position: e.position,
    type: e.type,
    data: e.data,
    metadata: {
      eventId: e.id,
      recordedAt: m.recordedAt ?? '',
      hash: m.hash ?? '',
      ...(m.commandId === undefined ? {} : { commandId: m.commandId }),
      ...(m.correlationId === undefined ? {} : { correlationId: m.correlationId }),
      ...(m.causationId === undefined ? {} : { causationId: m.causationId }),
      ...(m.schemaVersion === undefined ? {} : { schemaVersion: m.schemaVersion }),
      ...(m.chain === undefined ? {} : { chain: m.chain }),
    },
  }
}

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

export class EventStoreDBEventStore implements EventStore {
  /** `$all` positions have gaps (other streams, system records): a removed event is found by the hash chain. */
  readonly contiguousPositions = false
  private readonly prefixes: ReadonlyArray<string>
  private readonly now: () => string
  private readonly newEventId: () => string
  private closed = false

  private constructor(
    private readonly connection: EsdbConnection,
    private readonly options: EventStoreDBOptions,
  ) {
    this.prefixes = options.streamPrefixes ?? [SERVICE_STREAM_PREFIX, CASE_STREAM_PREFIX]
    this.now = options.now ?? systemNow
    this.newEventId = options.newEventId ?? newEventId
  }

  /**
   * From a connection string (`esdb://host:2113?tls=false`, `esdb+discover://...`, several hosts),
   * once the server has answered a read: a store that cannot be reached is the Left, not a failure
   * at the first append.
   */
  static async connect(
    connectionString: string,
    options: ConnectOptions = {},
  ): Promise<E.Either<ConnectError, EventStoreDBEventStore>> {
    const reached = await reachServer(connectionString, options)
    return E.isLeft(reached) ? reached : E.right(new EventStoreDBEventStore(reached.right, options))
  }

  /** On a client the application already has; `close()` disposes of it. */
  static fromClient(client: EventStoreDBClient, options: EventStoreDBOptions = {}): EventStoreDBEventStore {
    return new EventStoreDBEventStore(connectEventStoreDB(client), options)
  }

  private ours(streamId: string): boolean {
    return this.prefixes.some((p) => streamId.startsWith(p))
  }

  private async head(streamId: string): Promise<RecordedEvent | undefined> {
    const [last] = await collect(this.connection.read(streamId, { direction: 'backwards', maxCount: 1 }))
    return last === undefined ? undefined : toRecorded(last)
  }

  async appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<E.Either<WrongExpectedRevision, AppendResult>> {
    if (this.closed) throw new Error('EventStoreDBEventStore is closed')
    guardAppend(appendGuardOf(this.options), streamId, events)
    const attempts =
      options.expectedRevision === 'any' || options.expectedRevision === 'exists'
        ? (this.options.maxRaceRetries ?? 10)
        : 1
    for (let attempt = 1; ; attempt++) {
      const head = await this.head(streamId)
      const last = head?.revision ?? -1
      // A stream with no events but a truncate-before was deleted: its numbering would continue
      // past the revisions the hash chain is computed over.
      if (head === undefined && (await this.connection.isSoftDeleted(streamId)))
        throw new DeletedStreamError(streamId, 'soft-deleted')
      const ids = events.map((e) => e.eventId)
      const needsIds = last >= 0 && ids.some((id) => id !== undefined)
      const stored = needsIds ? (await this.readStream(streamId)).map((e) => e.metadata.eventId) : []
      const decision = decideAppend(streamId, options.expectedRevision, last, ids, (r) => stored[r])
      if (decision.kind === 'wrong') return E.left(decision.error)
      if (decision.kind === 'idempotent') {
        const recorded = await this.readStream(streamId, {
          fromRevision: decision.firstRevision,
          toRevision: decision.firstRevision + events.length - 1,
        })
        return E.right({ nextExpectedRevision: last, events: recorded })
      }
      if (events.length === 0) return E.right({ nextExpectedRevision: last, events: [] })
      const recorded = recordEvents(events, {
        streamId,
        firstRevision: last + 1,
        firstPosition: 0,
        previousHash: head?.metadata.hash ?? GENESIS_HASH,
        recordedAt: this.now(),
        newEventId: this.newEventId,
      })
      const outcome = await this.connection.append(
        streamId,
        recorded.map((e) => {
          const { eventId, ...metadata } = e.metadata
          return { id: eventId, type: e.type, data: e.data, metadata }
        }),
        last === -1 ? 'no-stream' : last,
      )
      if (outcome.ok) {
        // Positions are the server's: read the events back as recorded.
        const written = await this.readStream(streamId, {
          fromRevision: last + 1,
          toRevision: outcome.nextRevision,
        })
        return E.right({ nextExpectedRevision: outcome.nextRevision, events: written })
      }
      if (attempt >= attempts) {
        const actual = outcome.actual
        return E.left({
          code: 'wrong-expected-revision',
          streamId,
          expected: options.expectedRevision,
          actual,
          message: `${streamId}: expected revision ${String(options.expectedRevision)}, but the stream is at ${String(actual)}`,
        })
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadonlyArray<RecordedEvent>> {
    const direction = options.direction ?? 'forwards'
    const out: RecordedEvent[] = []
    const max = options.maxCount ?? Number.POSITIVE_INFINITY
    if (max <= 0) return out
    // Ask the server for no more than is wanted, so the read ends on its own.
    const span =
      options.fromRevision !== undefined && options.toRevision !== undefined
        ? Math.max(
            0,
            direction === 'forwards'
              ? options.toRevision - options.fromRevision + 1
              : options.fromRevision - options.toRevision + 1,
          )
        : Number.POSITIVE_INFINITY
    const count = Math.min(max, span)
    if (count === 0) return out
    for await (const e of this.connection.read(streamId, {
      direction,
      ...(options.fromRevision === undefined ? {} : { fromRevision: options.fromRevision }),
      ...(Number.isFinite(count) ? { maxCount: count } : {}),
    })) {
      if (options.toRevision !== undefined) {
        if (direction === 'forwards' ? e.revision > options.toRevision : e.revision < options.toRevision)
          break
      }
      out.push(toRecorded(e))
      if (out.length >= max) break
    }
    return out
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    return (await this.head(streamId))?.revision
  }

  /** The newest event of servicelife's streams in `$all`: read backwards until one of ours. */
  async headPosition(): Promise<number> {
    for await (const e of this.connection.readAllBackwards(100))
      if (this.prefixes.some((p) => e.streamId.startsWith(p))) return e.position
    return -1
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    for await (const e of this.connection.readAll(options.after, 1_000)) {
      if (options.after !== undefined && e.position <= options.after) continue
      // `$all` holds system events and other applications' streams: only ours are the record.
      if (e.streamId.startsWith('$') || e.type.startsWith('$') || !this.ours(e.streamId)) continue
      yield toRecorded(e)
    }
  }

  subscribeToAll(
    options: ReadAllOptions,
    handler: (event: RecordedEvent) => void | Promise<void>,
  ): Subscription {
    let stopped = false
    let current: { unsubscribe: () => Promise<void> } | undefined
    let after = options.after
    const delay = this.options.resubscribeDelayMs ?? 200
    const guarded = async (event: RecordedEvent) => {
      try {
        await handler(event)
      } catch (error) {
        throw new HandlerError(error)
      }
    }
    const run = async () => {
      while (!stopped && !this.closed) {
        const subscription = this.connection.subscribeToAll(after, this.prefixes)
        current = subscription
        try {
          for await (const e of subscription) {
            if (stopped) return
            // After a resubscription the server may send again what was delivered: never twice.
            if (after !== undefined && e.position <= after) continue
            if (e.streamId.startsWith('$') || e.type.startsWith('$')) continue
            await guarded(toRecorded(e))
            after = e.position
          }
        } catch (error) {
          if (stopped) return
          // A handler's error ends the subscription; a dropped connection is resubscribed.
          if (error instanceof HandlerError) throw error.cause
        }
        if (!stopped) await new Promise((resolve) => setTimeout(resolve, delay))
      }
    }
    const done = run()
    return {
      done,
      stop: async () => {
        stopped = true
        await current?.unsubscribe()
        await done.catch(() => {})
      },
    }
  }

  async close(): Promise<void> {
    this.closed = true
    await this.connection.dispose()
  }
}

class HandlerError extends Error {
  constructor(override readonly cause: unknown) {
    super('subscription handler failed')
  }
}

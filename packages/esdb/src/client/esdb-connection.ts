/**
 * Every use of `@eventstore/db-client` in servicelife, behind one narrow interface. Moving to
 * `@kurrent/kurrentdb-client` is a change to this file alone (`EventStoreDBClient` becomes
 * `KurrentDBClient`, `expectedRevision` becomes `streamState`; see docs/eventstoredb.md).
 */
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@eventstore/db-client'

/** An event as the server holds it, in the adapter's terms. */
export interface StoredEvent {
  readonly streamId: string
  readonly id: string
  readonly revision: number
  /** The event's `$all` position (its prepare position): unique and increasing. */
  readonly position: number
  readonly type: string
  readonly data: unknown
  readonly metadata: Readonly<Record<string, unknown>>
}

export interface EventToWrite {
  readonly id: string
  readonly type: string
  readonly data: unknown
  readonly metadata: Readonly<Record<string, unknown>>
}

export type ServerExpectation = 'no-stream' | 'any' | 'exists' | number

export type AppendOutcome =
  | { readonly ok: true; readonly nextRevision: number }
  | { readonly ok: false; readonly actual: number | 'no-stream' }

/** A stream that was deleted on the server: servicelife streams are append-only, so this is an error. */
export class DeletedStreamError extends Error {
  constructor(
    readonly streamId: string,
    readonly how: 'soft-deleted' | 'tombstoned',
  ) {
    super(
      how === 'tombstoned'
        ? `stream ${streamId} was tombstoned (hard-deleted) in EventStoreDB: it can never be read or written again`
        : `stream ${streamId} was deleted in EventStoreDB: servicelife streams are append-only, so its history is gone`,
    )
  }
}

const rethrow = (streamId: string, error: unknown): never => {
  if (error instanceof StreamDeletedError) throw new DeletedStreamError(streamId, 'tombstoned')
  throw error
}

export interface LiveSubscription extends AsyncIterable<StoredEvent> {
  readonly unsubscribe: () => Promise<void>
}

export interface EsdbConnection {
  append(
    streamId: string,
    events: ReadonlyArray<EventToWrite>,
    expected: ServerExpectation,
  ): Promise<AppendOutcome>
  /** A missing stream reads as empty; a deleted one is a DeletedStreamError. */
  read(
    streamId: string,
    options: { fromRevision?: number; direction: 'forwards' | 'backwards'; maxCount?: number },
  ): AsyncIterable<StoredEvent>
  /** `$all` backwards from the end, in pages: the newest events first. */
  readAllBackwards(maxCount: number): AsyncIterable<StoredEvent>
  /** `$all` forwards from a position (inclusive) or the start, in pages. */
  readAll(from: number | undefined, maxCount: number): AsyncIterable<StoredEvent>
  /** A catch-up subscription to `$all`, after a position (exclusive), filtered server-side by stream prefix. */
  subscribeToAll(after: number | undefined, prefixes: ReadonlyArray<string>): LiveSubscription
  /** Whether the stream has metadata marking it deleted (a truncate-before). */
  isSoftDeleted(streamId: string): Promise<boolean>
  setMaxCount(streamId: string, maxCount: number): Promise<void>
  dispose(): Promise<void>
}

const toStored = (resolved: ResolvedEvent): StoredEvent | undefined => {
  const e = resolved.event
  if (e === undefined || !e.isJson) return undefined
  return {
    streamId: e.streamId,
    id: e.id,
    revision: Number(e.revision),
    position: Number(e.position?.prepare ?? resolved.commitPosition ?? -1),
    type: e.type,
    data: e.data,
    metadata: (e.metadata ?? {}) as Record<string, unknown>,
  }
}

const allPosition = (p: number) => ({ commit: BigInt(p), prepare: BigInt(p) })

export const connectEventStoreDB = (client: EventStoreDBClient): EsdbConnection => ({
  async append(streamId, events, expected) {
    try {
      const result = await client.appendToStream(
        streamId,
        events.map((e) =>
          jsonEvent({
            id: e.id,
            type: e.type,
            data: e.data as Record<string, unknown>,
            metadata: e.metadata,
          }),
        ),
        {
          expectedRevision:
            expected === 'no-stream'
              ? NO_STREAM
              : expected === 'any'
                ? ANY
                : expected === 'exists'
                  ? STREAM_EXISTS
                  : BigInt(expected),
        },
      )
      return { ok: true, nextRevision: Number(result.nextExpectedRevision) }
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion
        return { ok: false, actual: typeof actual === 'bigint' ? Number(actual) : 'no-stream' }
      }
      return rethrow(streamId, error)
    }
  },

  async *read(streamId, options) {
    let reading: ReturnType<typeof client.readStream> | undefined
    let finished = false
    try {
      reading = client.readStream(streamId, {
        fromRevision:
          options.fromRevision !== undefined
            ? BigInt(options.fromRevision)
            : options.direction === 'backwards'
              ? END
              : START,
        direction: options.direction === 'backwards' ? BACKWARDS : FORWARDS,
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      })
      for await (const resolved of reading) {
        const stored = toStored(resolved)
        if (stored !== undefined) yield stored
      }
      finished = true
    } catch (error) {
      finished = true
      if (error instanceof StreamNotFoundError) return
      rethrow(streamId, error)
    } finally {
      // A reader that stops early must cancel the call, or the gRPC stream stays open.
      if (!finished) await reading?.cancel()
    }
  },

  async *readAllBackwards(maxCount) {
    let position: number | undefined
    for (;;) {
      let n = 0
      let last: number | undefined
      for await (const resolved of client.readAll({
        fromPosition: position === undefined ? END : allPosition(position),
        direction: BACKWARDS,
        maxCount,
      })) {
        n++
        const stored = toStored(resolved)
        const p = stored?.position ?? Number(resolved.event?.position?.prepare ?? -1)
        if (p === position) continue
        last = p
        if (stored !== undefined) yield stored
      }
      if (n < maxCount || last === undefined) return
      position = last
    }
  },

  async *readAll(from, maxCount) {
    let position = from
    let skipFirst = false
    for (;;) {
      let n = 0
      let last: number | undefined
      for await (const resolved of client.readAll({
        fromPosition: position === undefined ? START : allPosition(position),
        direction: FORWARDS,
        maxCount,
      })) {
        n++
        const stored = toStored(resolved)
        const p = stored?.position ?? Number(resolved.event?.position?.prepare ?? -1)
        last = p
        if (skipFirst && p === position) continue
        if (stored !== undefined) yield stored
      }
      if (n < maxCount || last === undefined) return
      // The next page starts at the last event seen (positions are inclusive there): skip it once.
      position = last
      skipFirst = true
    }
  },

  subscribeToAll(after, prefixes) {
    const subscription = client.subscribeToAll({
      fromPosition: after === undefined ? START : allPosition(after),
      filter: streamNameFilter({ prefixes: [...prefixes] }),
    })
    return {
      unsubscribe: () => subscription.unsubscribe(),
      async *[Symbol.asyncIterator]() {
        for await (const resolved of subscription) {
          const stored = toStored(resolved)
          if (stored !== undefined) yield stored
        }
      },
    }
  },

  async isSoftDeleted(streamId) {
    try {
      const { metadata } = await client.getStreamMetadata(streamId)
      return metadata?.truncateBefore !== undefined
    } catch (error) {
      if (error instanceof StreamNotFoundError) return false
      return rethrow(streamId, error)
    }
  },

  async setMaxCount(streamId, maxCount) {
    await client.setStreamMetadata(streamId, { maxCount })
  },

  dispose: () => client.dispose(),
})

/** A connection from a connection string (`esdb://host:2113?tls=false`, `esdb+discover://...`, multi-host). */
export const connectionFromString = (connectionString: string): EsdbConnection =>
  connectEventStoreDB(EventStoreDBClient.connectionString(connectionString))

export type { EventStoreDBClient }

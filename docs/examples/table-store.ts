/**
 * Writing a store adapter: an EventStore over a table of rows, the shape a relational or
 * key-value engine keeps events in. The table here is in memory so that the example runs
 * anywhere; an engine's adapter puts its own queries behind the same `EventTable`. Compiled with
 * the project and run through both contract suites by docs/store-adapter.int.spec.ts.
 */
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  WrongExpectedRevision,
} from '@servicelife/store'
import {
  AppendSignal,
  appendGuardOf,
  catchUpSubscription,
  decideAppend,
  GENESIS_HASH,
  guardAppend,
  newEventId,
  recordEvents,
  selectRevisions,
  type StoreEnvironment,
  systemNow,
} from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'

/** What the engine must do: keep rows in commit order, and find a stream's rows by revision. */
export interface EventTable {
  /** Writes the rows at once or not at all (one transaction). */
  insert(rows: ReadonlyArray<RecordedEvent>): Promise<void>
  streamRows(streamId: string): Promise<ReadonlyArray<RecordedEvent>>
  /** Rows after a position, in position order. */
  rowsAfter(position: number, limit: number): Promise<ReadonlyArray<RecordedEvent>>
  lastPosition(): Promise<number>
}

/** The table in memory, for the example and its tests. */
export const memoryTable = (): EventTable => {
  const log: RecordedEvent[] = []
  const streams = new Map<string, RecordedEvent[]>()
  return {
    insert: async (rows) => {
      for (const row of rows) {
        log.push(row)
        streams.set(row.streamId, [...(streams.get(row.streamId) ?? []), row])
      }
    },
    streamRows: async (streamId) => streams.get(streamId) ?? [],
    rowsAfter: async (position, limit) => log.slice(position + 1, position + 1 + limit),
    lastPosition: async () => log.length - 1,
  }
}

export class TableEventStore implements EventStore {
  readonly contiguousPositions = true
  private readonly signal = new AppendSignal()
  // One append at a time: the decision and the insert must see the same stream (an engine would
  // use a transaction and a unique (stream, revision) key instead).
  private appending: Promise<unknown> = Promise.resolve()
  private closed = false

  constructor(
    private readonly table: EventTable,
    private readonly environment: StoreEnvironment = {},
  ) {}

  appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<E.Either<WrongExpectedRevision, AppendResult>> {
    const next = this.appending.then(() => this.append(streamId, events, options.expectedRevision))
    this.appending = next.catch(() => undefined)
    return next
  }

  private async append(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    expected: ExpectedRevision,
  ): Promise<E.Either<WrongExpectedRevision, AppendResult>> {
    if (this.closed) throw new Error('TableEventStore is closed')
    // 1. The guard every store runs: JSON that reads back as itself, events their codecs accept.
    guardAppend(appendGuardOf(this.environment), streamId, events)
    const stream = await this.table.streamRows(streamId)
    const last = stream.length - 1
    // 2. The expected revision's decision, the port's semantics exactly (idempotent retries included).
    const decision = decideAppend(
      streamId,
      expected,
      last,
      events.map((e) => e.eventId),
      (revision) => stream[revision]?.metadata.eventId,
    )
    if (decision.kind === 'wrong') return E.left(decision.error)
    if (decision.kind === 'idempotent') {
      const recorded = stream.slice(decision.firstRevision, decision.firstRevision + events.length)
      return E.right({ nextExpectedRevision: last, events: recorded })
    }
    if (events.length === 0) return E.right({ nextExpectedRevision: last, events: [] })
    // 3. Revisions, positions, metadata and the hash chain, as every store records them.
    const recorded = recordEvents(events, {
      streamId,
      firstRevision: last + 1,
      firstPosition: (await this.table.lastPosition()) + 1,
      previousHash: stream[last]?.metadata.hash ?? GENESIS_HASH,
      recordedAt: (this.environment.now ?? systemNow)(),
      newEventId: this.environment.newEventId ?? newEventId,
    })
    await this.table.insert(recorded)
    this.signal.notify()
    return E.right({ nextExpectedRevision: last + recorded.length, events: recorded })
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadonlyArray<RecordedEvent>> {
    const stream = await this.table.streamRows(streamId)
    if (options === undefined) return stream
    return selectRevisions(stream.length - 1, options).map((r) => stream[r]!)
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    const stream = await this.table.streamRows(streamId)
    return stream.length === 0 ? undefined : stream.length - 1
  }

  headPosition(): Promise<number> {
    return this.table.lastPosition()
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    // In pages, so that a long record is never held whole.
    for (let after = options.after ?? -1; ;) {
      const page = await this.table.rowsAfter(after, 500)
      if (page.length === 0) return
      yield* page
      after = page[page.length - 1]!.position
    }
  }

  subscribeToAll(
    options: ReadAllOptions,
    handler: (event: RecordedEvent) => void | Promise<void>,
  ): Subscription {
    return catchUpSubscription(
      (o) => this.readAll(o),
      this.signal,
      options,
      handler,
      () => this.closed,
    )
  }

  async close(): Promise<void> {
    this.closed = true
    this.signal.close()
  }
}

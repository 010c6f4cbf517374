/**
 * The in-memory store, for tests and for embedding where durability is not needed. Appends are
 * O(events appended): streams and the log are arrays that only grow, positions are log indexes.
 */
import * as E from 'fp-ts/lib/Either.js'
import { decideAppend } from '../core/expected-revision.js'
import { GENESIS_HASH } from '../core/hash-chain.js'
import { recordEvents, selectRevisions } from '../core/record.js'
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
} from '../port/event-store.js'
import { guardAppend, type AppendGuard } from '../core/append-guard.js'
import { appendGuardOf, newEventId, type StoreEnvironment, systemNow } from './clock.js'
import { AppendSignal, catchUpSubscription } from './subscription.js'

export class InMemoryEventStore implements EventStore {
  readonly contiguousPositions = true
  readonly appendsInCallOrder = true
  private readonly log: RecordedEvent[] = []
  private readonly streams = new Map<string, RecordedEvent[]>()
  private readonly signal = new AppendSignal()
  private readonly now: () => string
  private readonly newEventId: () => string
  private readonly guard: AppendGuard | undefined
  private closed = false

  constructor(environment: StoreEnvironment = {}) {
    this.now = environment.now ?? systemNow
    this.newEventId = environment.newEventId ?? newEventId
    this.guard = appendGuardOf(environment)
  }

  async appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<E.Either<WrongExpectedRevision, AppendResult>> {
    return this.appendNow(streamId, events, options.expectedRevision)
  }

  /** Synchronous, so that concurrent appends are serialised by the event loop. */
  private appendNow(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    expected: ExpectedRevision,
  ): E.Either<WrongExpectedRevision, AppendResult> {
    if (this.closed) throw new Error('InMemoryEventStore is closed')
    guardAppend(this.guard, streamId, events)
    const stream = this.streams.get(streamId)
    const last = stream === undefined ? -1 : stream.length - 1
    const decision = decideAppend(
      streamId,
      expected,
      last,
      events.map((e) => e.eventId),
      (r) => stream?.[r]?.metadata.eventId,
    )
    if (decision.kind === 'wrong') return E.left(decision.error)
    if (decision.kind === 'idempotent') {
      const recorded = stream!.slice(decision.firstRevision, decision.firstRevision + events.length)
      return E.right({ nextExpectedRevision: last, events: recorded })
    }
    if (events.length === 0) return E.right({ nextExpectedRevision: last, events: [] })
    const recorded = recordEvents(events, {
      streamId,
      firstRevision: last + 1,
      firstPosition: this.log.length,
      previousHash: stream === undefined ? GENESIS_HASH : stream[last]!.metadata.hash,
      recordedAt: this.now(),
      newEventId: this.newEventId,
    })
    const target = stream ?? []
    if (stream === undefined) this.streams.set(streamId, target)
    for (const event of recorded) {
      target.push(event)
      this.log.push(event)
    }
    this.signal.notify()
    return E.right({ nextExpectedRevision: last + recorded.length, events: recorded })
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadonlyArray<RecordedEvent>> {
    const stream = this.streams.get(streamId)
    if (stream === undefined) return []
    if (options === undefined) return stream.slice()
    return selectRevisions(stream.length - 1, options).map((r) => stream[r]!)
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    const stream = this.streams.get(streamId)
    return stream === undefined ? undefined : stream.length - 1
  }

  async headPosition(): Promise<number> {
    return this.log.length - 1
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    // The log only grows, so reading by index while others append is safe.
    for (let p = (options.after ?? -1) + 1; p < this.log.length; p++) yield this.log[p]!
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

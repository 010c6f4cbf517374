/**
 * Keeps projections current: each resumes from its checkpoint (or from zero when it has none, or
 * its version or calendar changed), all are fed from one catch-up subscription, checkpoints are
 * saved every `checkpointEvery` events and on stop. One projection can be rebuilt from zero while
 * the others keep running: it catches up on its own, then rejoins the shared feed.
 *
 * A projection that throws stops alone and is reported through `onError`; the others go on, and
 * the process never sees an unhandled rejection.
 */
import { type EventStore, readRecorded, type RecordedEvent, type Subscription } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { applyEvents, type Projection } from '../core/projection.js'
import type { CheckpointStore } from './checkpoints.js'
import { decodeState, encodeState, unencodable } from './state-codec.js'

/** Events a rebuild folds at a time. */
const REBUILD_BATCH = 1024

/** Why a projection, or the feed of all of them, stopped. */
export type RunnerFailure =
  | {
      readonly code: 'projection-failed'
      readonly projection: string
      /** The position of the event it failed on. */
      readonly position: number
      readonly error: unknown
      readonly message: string
    }
  | {
      readonly code: 'invalid-event'
      readonly position: number
      readonly streamId: string
      readonly message: string
    }
  | { readonly code: 'feed-failed'; readonly error: unknown; readonly message: string }

interface Running {
  readonly projection: Projection<unknown>
  state: unknown
  position: number
  rebuilding: boolean
  failed: boolean
}

export interface RunnerOptions {
  /** The store whose record the projections follow. */
  readonly store: EventStore
  // Each projection has its own state type; the runner only passes states back to their own projection.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly projections: ReadonlyArray<Projection<any>>
  /** Where each projection's checkpoint is kept. */
  readonly checkpoints: CheckpointStore
  /** Events applied between checkpoints (default 10,000). */
  readonly checkpointEvery?: number
  /**
   * An event that does not decode: `'stop'` (default) stops the feed and reports it; `'skip'`
   * reports it and goes on without it.
   */
  readonly onInvalidEvent?: 'stop' | 'skip'
  /** Told of every failure: a projection that threw, an event that does not decode, a feed that died. */
  readonly onError?: (failure: RunnerFailure) => void
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

export class ProjectionRunner {
  private readonly running = new Map<string, Running>()
  private subscription: Subscription | undefined
  private sinceCheckpoint = 0
  /** The last position the shared feed has processed. */
  private feedPosition = -1
  private waiters: Array<{ position: number; resolve: () => void }> = []
  private stopped = false
  /** The feed has ended: stopped, or died on an error. */
  private ended = false
  private readonly failures: RunnerFailure[] = []

  /**
   * Registers the projections. A projection whose state the checkpoint codec cannot write and
   * read back (a JavaScript `Map`, a class instance) is refused here, not corrupted at its first
   * checkpoint: give it plain objects, arrays and numbers, or immutable maps and lists.
   */
  private readonly store: EventStore
  private readonly checkpoints: CheckpointStore

  constructor(private readonly options: RunnerOptions) {
    this.store = options.store
    this.checkpoints = options.checkpoints
    for (const projection of options.projections) {
      if (this.running.has(projection.name))
        throw new TypeError(`two projections are named ${projection.name}: names identify checkpoints`)
      const problem = unencodable(projection.initial)
      if (problem !== undefined)
        throw new TypeError(
          `projection ${projection.name} cannot be checkpointed: its state holds ${problem}; use plain objects, arrays, numbers, or immutable Map and List`,
        )
      this.running.set(projection.name, {
        projection,
        state: projection.initial,
        position: -1,
        rebuilding: false,
        failed: false,
      })
    }
  }

  /**
   * Loads the checkpoints and starts the feed; resolves once every projection has applied the
   * record up to the store's head at the time of the call (caught up).
   */
  async start(): Promise<void> {
    for (const r of this.running.values()) {
      const saved = await this.checkpoints.load(r.projection.name)
      if (saved === undefined || saved.version !== r.projection.version) continue
      if ((saved.calendar ?? undefined) !== r.projection.calendar) continue
      // A state that does not decode is not trusted: the projection starts from zero.
      const state = decodeState(saved.state)
      if (E.isRight(state)) {
        r.state = state.right
        r.position = saved.position
      }
    }
    const head = await this.store.headPosition()
    const from = Math.min(...[...this.running.values()].map((r) => r.position))
    this.feedPosition = from
    this.subscription = this.store.subscribeToAll(from < 0 ? {} : { after: from }, (event) =>
      this.feed(event),
    )
    // A feed that dies is reported, never left as an unhandled rejection.
    this.subscription.done.then(
      () => undefined,
      (error: unknown) => {
        // An invalid event that stopped the feed was reported when it was met.
        if (!this.stopped && !(error instanceof InvalidEventStop))
          this.report({ code: 'feed-failed', error, message: messageOf(error) })
        this.ended = true
        this.releaseWaiters()
      },
    )
    await this.caughtUpTo(head)
  }

  private report(failure: RunnerFailure): void {
    this.failures.push(failure)
    this.options.onError?.(failure)
  }

  /** What has failed so far: the projections that stopped, events skipped, a feed that died. */
  get errors(): ReadonlyArray<RunnerFailure> {
    return this.failures
  }

  /** The event as today's model reads it (upcast, decoded); none when it cannot be read and is skipped. */
  private decoded(event: RecordedEvent): ReadonlyArray<RecordedEvent> {
    const result = readRecorded(event)
    if (E.isRight(result)) return result.right
    this.report({
      code: 'invalid-event',
      position: event.position,
      streamId: event.streamId,
      message: `${event.streamId}@${event.revision}: ${result.left.message}`,
    })
    if ((this.options.onInvalidEvent ?? 'stop') === 'stop') throw new InvalidEventStop(result.left.message)
    return []
  }

  /** Applies a batch to one projection; a projection that throws is stopped and reported. */
  private applyTo(r: Running, events: ReadonlyArray<RecordedEvent>, last: number): void {
    if (r.failed) return
    try {
      r.state = applyEvents(r.projection, r.state, events)
      r.position = last
    } catch (error) {
      r.failed = true
      this.report({
        code: 'projection-failed',
        projection: r.projection.name,
        position: events[0]?.position ?? last,
        error,
        message: `projection ${r.projection.name} failed and stopped: ${messageOf(error)}`,
      })
    }
  }

  private async feed(event: RecordedEvent): Promise<void> {
    const events = this.decoded(event)
    if (events.length > 0) {
      for (const r of this.running.values())
        if (!r.rebuilding && r.position < event.position) this.applyTo(r, events, event.position)
    }
    this.feedPosition = event.position
    if (++this.sinceCheckpoint >= (this.options.checkpointEvery ?? 10_000)) await this.saveCheckpoints()
    this.releaseWaiters()
  }

  private releaseWaiters(): void {
    this.waiters = this.waiters.filter((w) => {
      if (
        !this.ended &&
        (w.position > this.feedPosition || [...this.running.values()].some((r) => r.rebuilding))
      )
        return true
      w.resolve()
      return false
    })
  }

  /** Saves every running projection's checkpoint now (a stopped one keeps its last good one). */
  async saveCheckpoints(): Promise<void> {
    this.sinceCheckpoint = 0
    for (const r of this.running.values()) {
      if (r.rebuilding || r.failed) continue
      await this.checkpoints.save(r.projection.name, {
        version: r.projection.version,
        ...(r.projection.calendar === undefined ? {} : { calendar: r.projection.calendar }),
        position: r.position,
        state: encodeState(r.state),
      })
    }
  }

  /**
   * Rebuilds one projection from zero while the others keep running (a stopped one starts
   * again); resolves when it has rejoined. An unknown name is a Left.
   */
  async rebuild(
    name: string,
  ): Promise<E.Either<{ readonly code: 'unknown-projection'; readonly message: string }, void>> {
    const r = this.running.get(name)
    if (r === undefined) return E.left({ code: 'unknown-projection', message: `no projection named ${name}` })
    r.rebuilding = true
    r.failed = false
    r.state = r.projection.initial
    r.position = -1
    // Catch up alone until level with the shared feed, then rejoin in the same tick.
    let batch: RecordedEvent[] = []
    let last = r.position
    const flush = () => {
      if (batch.length > 0) this.applyTo(r, batch, last)
      else r.position = last
      batch = []
    }
    while (!r.failed && r.position < this.feedPosition) {
      for await (const event of this.store.readAll(r.position < 0 ? {} : { after: r.position })) {
        if (event.position > this.feedPosition) break
        batch.push(...this.decoded(event))
        last = event.position
        if (batch.length === REBUILD_BATCH) flush()
      }
      flush()
    }
    r.position = this.feedPosition
    r.rebuilding = false
    if (!r.failed)
      await this.checkpoints.save(name, {
        version: r.projection.version,
        ...(r.projection.calendar === undefined ? {} : { calendar: r.projection.calendar }),
        position: r.position,
        state: encodeState(r.state),
      })
    this.releaseWaiters()
    return E.right(undefined)
  }

  /** Resolves once every projection has applied the record up to `position` (or the feed has stopped). */
  caughtUpTo(position: number): Promise<void> {
    if (
      this.ended ||
      (this.feedPosition >= position && ![...this.running.values()].some((r) => r.rebuilding))
    )
      return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ position, resolve }))
  }

  /** A projection's current state (one the runner does not run is a bug of the caller's, and throws). */
  state<S>(projection: Projection<S>): S {
    const r = this.running.get(projection.name)
    if (r === undefined) throw new TypeError(`no projection named ${projection.name} is registered`)
    return r.state as S
  }

  /** The last position a projection applied (-1: none). */
  position(name: string): number {
    return this.running.get(name)?.position ?? -1
  }

  /** Whether a projection has stopped on an error (until it is rebuilt). */
  hasFailed(name: string): boolean {
    return this.running.get(name)?.failed ?? false
  }

  /** Stops the feed and saves checkpoints. */
  async stop(): Promise<void> {
    this.stopped = true
    await this.subscription?.stop()
    this.ended = true
    this.releaseWaiters()
    await this.saveCheckpoints()
  }
}

/** Thrown inside the feed to stop it on an event that does not decode; reported before. */
class InvalidEventStop extends Error {}

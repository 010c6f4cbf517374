/**
 * Keeps projections current: each resumes from its checkpoint (or from zero when it has none or
 * its version changed), all are fed from one catch-up subscription, checkpoints are saved every
 * `checkpointEvery` events and on stop. One projection can be rebuilt from zero while the others
 * keep running: it catches up on its own, then rejoins the shared feed at the same position.
 */
import { decodeEvent } from '@servicelife/domain'
import type { EventStore, RecordedEvent, Subscription } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { applyEvents, type Projection } from '../core/projection.js'
import type { CheckpointStore } from './checkpoints.js'
import { decodeState, encodeState } from './state-codec.js'

/** Events a rebuild folds at a time. */
const REBUILD_BATCH = 1024

interface Running {
  readonly projection: Projection<unknown>
  state: unknown
  position: number
  rebuilding: boolean
}

export interface RunnerOptions {
  readonly checkpointEvery?: number
  /** Called with an event that does not decode; the event is skipped. Default: stop with the error. */
  readonly onInvalidEvent?: (event: RecordedEvent, message: string) => void
}

export class ProjectionRunner {
  private readonly running = new Map<string, Running>()
  private subscription: Subscription | undefined
  private sinceCheckpoint = 0
  /** The last position the shared feed has processed. */
  private feedPosition = -1
  private waiters: Array<{ position: number; resolve: () => void }> = []

  constructor(
    private readonly store: EventStore,
    // Each projection has its own state type; the runner only passes states back to their own projection.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    projections: ReadonlyArray<Projection<any>>,
    private readonly checkpoints: CheckpointStore,
    private readonly options: RunnerOptions = {},
  ) {
    for (const projection of projections) {
      this.running.set(projection.name, {
        projection,
        state: projection.initial,
        position: -1,
        rebuilding: false,
      })
    }
  }

  async start(): Promise<void> {
    for (const r of this.running.values()) {
      const saved = await this.checkpoints.load(r.projection.name)
      if (saved === undefined || saved.version !== r.projection.version) continue
      // A state that does not decode is not trusted: the projection starts from zero.
      const state = decodeState(saved.state)
      if (E.isRight(state)) {
        r.state = state.right
        r.position = saved.position
      }
    }
    const from = Math.min(...[...this.running.values()].map((r) => r.position))
    this.feedPosition = from
    this.subscription = this.store.subscribeToAll(from < 0 ? {} : { after: from }, (event) =>
      this.feed(event),
    )
  }

  private decoded(event: RecordedEvent): boolean {
    const result = decodeEvent(event)
    if (E.isRight(result)) return true
    if (this.options.onInvalidEvent === undefined)
      throw new Error(`${event.streamId}@${event.revision}: ${result.left.message}`)
    this.options.onInvalidEvent(event, result.left.message)
    return false
  }

  private async feed(event: RecordedEvent): Promise<void> {
    if (this.decoded(event)) {
      for (const r of this.running.values()) {
        if (!r.rebuilding && r.position < event.position) {
          r.state = r.projection.apply(r.state, event)
          r.position = event.position
        }
      }
    }
    this.feedPosition = event.position
    if (++this.sinceCheckpoint >= (this.options.checkpointEvery ?? 10_000)) await this.saveCheckpoints()
    this.waiters = this.waiters.filter((w) => {
      if (w.position > this.feedPosition || [...this.running.values()].some((r) => r.rebuilding)) return true
      w.resolve()
      return false
    })
  }

  /** Saves every projection's checkpoint now. */
  async saveCheckpoints(): Promise<void> {
    this.sinceCheckpoint = 0
    for (const r of this.running.values()) {
      if (r.rebuilding) continue
      await this.checkpoints.save(r.projection.name, {
        version: r.projection.version,
        position: r.position,
        state: encodeState(r.state),
      })
    }
  }

  /** Rebuilds one projection from zero while the others keep running; resolves when it has rejoined. */
  async rebuild(name: string): Promise<void> {
    const r = this.running.get(name)
    if (r === undefined) throw new Error(`no projection named ${name}`)
    r.rebuilding = true
    r.state = r.projection.initial
    r.position = -1
    // Catch up alone until level with the shared feed, then rejoin in the same tick.
    // A batch at a time, through applyAll where the projection has one: one transient edit of
    // its state per batch instead of a new persistent state per event.
    let batch: RecordedEvent[] = []
    let last = r.position
    const flush = () => {
      r.state = applyEvents(r.projection, r.state, batch)
      r.position = last
      batch = []
    }
    while (r.position < this.feedPosition) {
      for await (const event of this.store.readAll(r.position < 0 ? {} : { after: r.position })) {
        if (event.position > this.feedPosition) break
        if (this.decoded(event)) batch.push(event)
        last = event.position
        if (batch.length === REBUILD_BATCH) flush()
      }
      flush()
    }
    r.position = this.feedPosition
    r.rebuilding = false
    await this.checkpoints.save(name, {
      version: r.projection.version,
      position: r.position,
      state: encodeState(r.state),
    })
  }

  /** Resolves once every projection has applied the record up to `position`. */
  caughtUpTo(position: number): Promise<void> {
    if (this.feedPosition >= position && ![...this.running.values()].some((r) => r.rebuilding))
      return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ position, resolve }))
  }

  state<S>(projection: Projection<S>): S {
    const r = this.running.get(projection.name)
    if (r === undefined) throw new Error(`no projection named ${projection.name}`)
    return r.state as S
  }

  position(name: string): number {
    return this.running.get(name)?.position ?? -1
  }

  /** Stops the feed and saves checkpoints. */
  async stop(): Promise<void> {
    await this.subscription?.stop()
    await this.saveCheckpoints()
  }
}

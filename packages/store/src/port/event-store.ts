/**
 * The EventStore port: what servicelife needs from an event store, with EventStoreDB's meaning of
 * expected revisions (first event of a stream is revision 0). Every store, embedded or remote,
 * passes the same contract suite (`eventStoreContract`).
 */
import type { Either } from 'fp-ts/lib/Either.js'

/** `'no-stream'`: the stream must not exist; `'exists'`: it must; `'any'`: no check; a number: its last revision. */
export type ExpectedRevision = 'no-stream' | 'any' | 'exists' | number

export interface EventMetadata {
  /** The command that caused the event: handling the same command id twice appends nothing. */
  readonly commandId?: string
  readonly correlationId?: string
  readonly causationId?: string
}

export interface EventToAppend extends EventMetadata {
  /** A uuid v7 by default; a retried append with the same ids at the same place is idempotent. */
  readonly eventId?: string
  readonly type: string
  readonly data: unknown
  /** The version of the event's shape its data is in (default 1); see docs/versioning.md. */
  readonly schemaVersion?: number
  /** Kept when importing an archive; otherwise the store's clock. */
  readonly recordedAt?: string
  /** Kept when importing an archive (its hashes were made by it); otherwise the current chain version. */
  readonly chain?: 1 | 2
}

export interface RecordedMetadata extends EventMetadata {
  readonly eventId: string
  readonly recordedAt: string
  /**
   * SHA-256 (hex) over the previous event's hash in the stream and this event's canonical JSON:
   * of its content (chain version 1) or of its whole envelope (chain version 2).
   */
  readonly hash: string
  /** The version of the event's shape; absent means 1. */
  readonly schemaVersion?: number
  /** The hash chain version its hash was made by; absent means 1. */
  readonly chain?: number
}

export interface RecordedEvent {
  readonly streamId: string
  readonly revision: number
  /** Global position: strictly increasing in the order events were committed. */
  readonly position: number
  readonly type: string
  readonly data: unknown
  readonly metadata: RecordedMetadata
}

/** The expected outcome of an append whose expected revision does not hold. */
export interface WrongExpectedRevision {
  readonly code: 'wrong-expected-revision'
  readonly streamId: string
  readonly expected: ExpectedRevision
  /** The stream's last revision, or 'no-stream'. */
  readonly actual: number | 'no-stream'
  readonly message: string
}

export interface AppendResult {
  /** The stream's last revision after the append: the expected revision for the next one. */
  readonly nextExpectedRevision: number
  /** The events as recorded (on an idempotent retry, the events recorded the first time). */
  readonly events: ReadonlyArray<RecordedEvent>
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive); for backwards reads the default is the last. */
  readonly fromRevision?: number
  /** Last revision to read (inclusive) in the direction of reading. */
  readonly toRevision?: number
  readonly direction?: 'forwards' | 'backwards'
  readonly maxCount?: number
}

export interface ReadAllOptions {
  /** Read events after this position (exclusive), as a checkpoint is used; from the start when absent. */
  readonly after?: number
}

export interface Subscription {
  /** Stops delivery; resolves when the handler is no longer running. */
  stop(): Promise<void>
  /** Resolves when stopped; rejects with the handler's error if the handler threw. */
  readonly done: Promise<void>
}

export interface EventStore {
  appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<Either<WrongExpectedRevision, AppendResult>>
  /** A missing stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadonlyArray<RecordedEvent>>
  /** The stream's last revision, or undefined when it does not exist. */
  streamRevision(streamId: string): Promise<number | undefined>
  /** The global position of the latest event, -1 when the store is empty: where a reader is caught up. */
  headPosition(): Promise<number>
  /** Every event in global order, streamed: the log is never held in memory whole. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>
  /** Catch up from `after`, then deliver live events, in order, with no gap and no duplicate. */
  subscribeToAll(
    options: ReadAllOptions,
    handler: (event: RecordedEvent) => void | Promise<void>,
  ): Subscription
  close(): Promise<void>
  /** True when positions run 0, 1, 2, ... without gaps, so a removed event shows as a gap. */
  readonly contiguousPositions: boolean
  /**
   * True when appends take their places in the order they are called, also while earlier ones
   * are still in flight: an import may then send many at once without changing the global order.
   */
  readonly appendsInCallOrder?: boolean
}

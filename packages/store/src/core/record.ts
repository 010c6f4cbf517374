/** Turns events to append into recorded events: revisions, positions, metadata and the hash chain. */
import type { EventToAppend, RecordedEvent, RecordedMetadata } from '../port/event-store.js'
import { CURRENT_CHAIN, eventHash, eventHashV2 } from './hash-chain.js'

export interface RecordingContext {
  readonly streamId: string
  readonly firstRevision: number
  readonly firstPosition: number
  readonly previousHash: string
  /** The store's time, for events that do not bring their own (imports do). */
  readonly recordedAt: string
  readonly newEventId: () => string
}

export const recordEvents = (
  events: ReadonlyArray<EventToAppend>,
  ctx: RecordingContext,
): RecordedEvent[] => {
  let previousHash = ctx.previousHash
  const recorded: RecordedEvent[] = new Array<RecordedEvent>(events.length)
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!
    const chain = event.chain ?? CURRENT_CHAIN
    // Built field by field in the stored key order (no spreads, no reordering after): this runs
    // for every event appended. A schema version of 1 is left out, as the first shapes were written.
    const metadata: { -readonly [K in keyof RecordedMetadata]: RecordedMetadata[K] } = {
      eventId: event.eventId ?? ctx.newEventId(),
      recordedAt: event.recordedAt ?? ctx.recordedAt,
      hash: '',
    }
    if (event.commandId !== undefined) metadata.commandId = event.commandId
    if (event.correlationId !== undefined) metadata.correlationId = event.correlationId
    if (event.causationId !== undefined) metadata.causationId = event.causationId
    if (event.schemaVersion !== undefined && event.schemaVersion !== 1)
      metadata.schemaVersion = event.schemaVersion
    if (chain !== 1) metadata.chain = chain
    const content = {
      streamId: ctx.streamId,
      revision: ctx.firstRevision + i,
      position: ctx.firstPosition + i,
      type: event.type,
      data: event.data,
      metadata,
    }
    metadata.hash = chain === 1 ? eventHash(previousHash, content) : eventHashV2(previousHash, content)
    previousHash = metadata.hash
    recorded[i] = content
  }
  return recorded
}

/** Applies read options to a stream held as an array (forwards, backwards, from/to revision, max count). */
export const selectRevisions = (
  last: number,
  options: {
    fromRevision?: number
    toRevision?: number
    direction?: 'forwards' | 'backwards'
    maxCount?: number
  } = {},
): number[] => {
  const backwards = options.direction === 'backwards'
  const max = options.maxCount ?? Number.POSITIVE_INFINITY
  const selected: number[] = []
  if (backwards) {
    const from = Math.min(options.fromRevision ?? last, last)
    const to = Math.max(options.toRevision ?? 0, 0)
    for (let r = from; r >= to && selected.length < max; r--) selected.push(r)
  } else {
    const from = Math.max(options.fromRevision ?? 0, 0)
    const to = Math.min(options.toRevision ?? last, last)
    for (let r = from; r <= to && selected.length < max; r++) selected.push(r)
  }
  return selected
}

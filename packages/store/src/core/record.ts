/** Turns events to append into recorded events: revisions, positions, metadata and the hash chain. */
import type { EventToAppend, RecordedEvent } from '../port/event-store.js'
import { canonicalMetadata } from '../port/recorded-event-codec.js'
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
  return events.map((event, i) => {
    const revision = ctx.firstRevision + i
    const chain = event.chain ?? CURRENT_CHAIN
    // A schema version of 1 is left out, as every event of the first shapes was written.
    const schemaVersion =
      event.schemaVersion === undefined || event.schemaVersion === 1 ? undefined : event.schemaVersion
    const unhashed = {
      eventId: event.eventId ?? ctx.newEventId(),
      recordedAt: event.recordedAt ?? ctx.recordedAt,
      ...(event.commandId === undefined ? {} : { commandId: event.commandId }),
      ...(event.correlationId === undefined ? {} : { correlationId: event.correlationId }),
      ...(event.causationId === undefined ? {} : { causationId: event.causationId }),
      ...(schemaVersion === undefined ? {} : { schemaVersion }),
      ...(chain === 1 ? {} : { chain }),
    }
    const content = { streamId: ctx.streamId, revision, type: event.type, data: event.data }
    const hash =
      chain === 1
        ? eventHash(previousHash, content)
        : eventHashV2(previousHash, { ...content, metadata: unhashed })
    previousHash = hash
    return {
      ...content,
      position: ctx.firstPosition + i,
      metadata: canonicalMetadata({ ...unhashed, hash }),
    }
  })
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

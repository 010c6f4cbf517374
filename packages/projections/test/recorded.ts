/** Recorded events for pure projection tests: positions and revisions as a store would give them. */
import type { DomainEvent } from '@servicelife/domain'
import type { HistoryEntry } from '@servicelife/spec'
import type { RecordedEvent } from '@servicelife/store'

export const recorded = (entries: ReadonlyArray<HistoryEntry>): RecordedEvent[] => {
  const revisions = new Map<string, number>()
  return entries.map(({ streamId, event }, position) => {
    const revision = (revisions.get(streamId) ?? -1) + 1
    revisions.set(streamId, revision)
    return {
      streamId,
      revision,
      position,
      type: event.type,
      data: event.data,
      metadata: { eventId: `e${position}`, recordedAt: event.data.at, hash: '' },
    }
  })
}

export const inStream = (streamId: string, events: ReadonlyArray<DomainEvent>): HistoryEntry[] =>
  events.map((event) => ({ streamId, event }))

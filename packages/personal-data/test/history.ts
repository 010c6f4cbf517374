/** Writing a generated history into a store, and reading what the projections make of it. */
import { allProjections, project } from '@servicelife/projections'
import type { HistoryEntry } from '@servicelife/spec'
import type { EventStore, RecordedEvent } from '@servicelife/store'

/** Appends each entry to its stream in order, as the command handler would have. */
export const record = async (store: EventStore, history: ReadonlyArray<HistoryEntry>): Promise<void> => {
  const revisions = new Map<string, number>()
  for (const { streamId, event } of history) {
    const last = revisions.get(streamId)
    const appended = await store.appendToStream(streamId, [{ type: event.type, data: event.data }], {
      expectedRevision: last ?? 'no-stream',
    })
    if (appended._tag === 'Left') throw new Error(appended.left.message)
    revisions.set(streamId, appended.right.nextExpectedRevision)
  }
}

export const readAll = async (store: EventStore): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = []
  for await (const event of store.readAll()) out.push(event)
  return out
}

/** Every projection's state over the record's service and case events. */
export const projected = (events: ReadonlyArray<RecordedEvent>) => {
  const domain = events.filter((e) => !e.streamId.startsWith('record-'))
  return Object.fromEntries(
    Object.entries(allProjections).map(([name, projection]) => [name, project(projection as never, domain)]),
  )
}

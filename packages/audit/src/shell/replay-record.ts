/** Replaying a record as it streams in: events are folded a batch at a time, never all held. */
import type { AsOf } from '@servicelife/projections'
import type { RecordedEvent } from '@servicelife/store'
import { keepFor, REPLAY_BATCH, type Replay, replayEvents, startReplay } from '../core/city-report.js'

/** The items of an async sequence in arrays of up to `size`. */
export async function* inBatches<A>(items: AsyncIterable<A>, size = REPLAY_BATCH): AsyncIterable<A[]> {
  let batch: A[] = []
  for await (const item of items) {
    batch.push(item)
    if (batch.length === size) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

/** Every projection of a streamed record, as of a point. */
export const replayRecord = async (events: AsyncIterable<RecordedEvent>, asOf?: AsOf): Promise<Replay> => {
  const step = replayEvents(keepFor(asOf))
  let r = startReplay(asOf)
  for await (const batch of inBatches(events)) r = step(r, batch)
  return r
}

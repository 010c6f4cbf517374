/** Replaying a record as it streams in: events are folded a batch at a time, never all held. */
import type { CityCalendar } from '@servicelife/domain'
import type { AsOf } from '@servicelife/projections'
import {
  type ArchiveError,
  type ArchiveSource,
  readArchive,
  type ReadArchiveOptions,
  type RecordedEvent,
} from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
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

/** Every projection of a streamed record, as of a point, in a city's calendar (default Helsinki). */
export const replayRecord = async (
  events: AsyncIterable<RecordedEvent>,
  asOf?: AsOf,
  calendar?: CityCalendar,
): Promise<Replay> => {
  const step = replayEvents(keepFor(asOf))
  let r = startReplay(asOf, calendar)
  for await (const batch of inBatches(events)) r = step(r, batch)
  return r
}

/**
 * Every projection of an NDJSON archive, as of a point, without importing it into a store: each
 * line is checked as it streams in (envelope, domain codecs, hash chain, revisions, ids), and the
 * trailer at the end. The first failure ends the replay, and the result is that failure, never a
 * replay of part of the archive.
 */
export const replayArchive = async (
  source: ArchiveSource,
  asOf?: AsOf,
  calendar?: CityCalendar,
  options: ReadArchiveOptions = {},
): Promise<E.Either<ArchiveError, Replay>> => {
  let failure: ArchiveError | undefined
  async function* checked(): AsyncIterable<RecordedEvent> {
    for await (const line of readArchive(source, options)) {
      if (E.isLeft(line)) {
        failure = line.left
        return
      }
      yield line.right
    }
  }
  const replayed = await replayRecord(checked(), asOf, calendar)
  return failure === undefined ? E.right(replayed) : E.left(failure)
}

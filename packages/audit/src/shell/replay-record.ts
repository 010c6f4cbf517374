/** Replaying a record as it streams in: events are folded a batch at a time, never all held. */
import type { ReadError } from '@servicelife/domain'
import {
  type ArchiveError,
  type ArchiveSource,
  readArchiveBatches,
  type ReadArchiveOptions,
  type RecordedEvent,
  upcastRecorded,
} from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import {
  keepFor,
  REPLAY_BATCH,
  type Replay,
  replayEvents,
  type ReplayOptions,
  startReplay,
} from '../core/city-report.js'
import { replayInParts } from './replay-parts.js'
import { partThreads, sendableZone } from './replay-threads.js'

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

/**
 * Every projection of a streamed record, as of a point. Each event is brought to today's version
 * of its type through the upcasters; an event they cannot read is the result, never a replay of
 * part of the record.
 */
export const replayRecord = async (
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
  options: ReplayOptions = {},
): Promise<E.Either<ReadError, Replay>> => {
  const step = replayEvents(keepFor(options.asOf))
  let r = startReplay(options)
  let failure: ReadError | undefined
  async function* current(): AsyncIterable<RecordedEvent> {
    for await (const event of events) {
      const upcasted = upcastRecorded(event)
      if (E.isLeft(upcasted)) {
        failure = upcasted.left
        return
      }
      yield* upcasted.right
    }
  }
  for await (const batch of inBatches(current())) r = step(r, batch)
  return failure === undefined ? E.right(r) : E.left(failure)
}

export interface ReplayArchiveOptions extends ReplayOptions, ReadArchiveOptions {
  /**
   * Threads to replay on (default 1; a whole number of at least 1, else it throws): this one reads
   * the archive and checks what spans the record, and every thread checks and folds a part of its
   * streams. The same replay, and the same first
   * failure, as on one thread. A calendar of other non-working days than `cityCalendar` gives
   * cannot be sent to a thread: with one, the replay runs on one thread.
   */
  readonly threads?: number
}

/**
 * Every projection of an NDJSON archive, as of a point, without importing it into a store: each
 * line is checked as it streams in (envelope, domain codecs, hash chain, revisions, ids), and the
 * trailer at the end. The first failure ends the replay, and the result is that failure, never a
 * replay of part of the archive.
 */
export const replayArchive = async (
  source: ArchiveSource,
  options: ReplayArchiveOptions = {},
): Promise<E.Either<ArchiveError | ReadError, Replay>> => {
  const threads = options.threads ?? 1
  if (!Number.isSafeInteger(threads) || threads < 1)
    throw new RangeError(`threads: ${threads} is not a whole number of threads of at least 1`)
  const timeZone = sendableZone(options.calendar)
  if (threads === 1 || timeZone === undefined) return replayOnOneThread(source, options)
  const workers = await partThreads(threads - 1, {
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    timeZone,
  })
  try {
    return await replayInParts(source, options, workers.hosts, () => replayOnOneThread(source, options))
  } finally {
    await workers.close()
  }
}

const replayOnOneThread = async (
  source: ArchiveSource,
  options: ReplayArchiveOptions,
): Promise<E.Either<ArchiveError | ReadError, Replay>> => {
  const step = replayEvents(keepFor(options.asOf))
  let r = startReplay(options)
  // Batch by batch as the archive is read and checked: one promise per chunk, not per event.
  for await (const batch of readArchiveBatches(source, options)) {
    if (E.isLeft(batch)) return batch
    const current: RecordedEvent[] = []
    for (const { event } of batch.right) {
      const upcasted = upcastRecorded(event)
      if (E.isLeft(upcasted)) return upcasted
      for (const e of upcasted.right) current.push(e)
    }
    r = step(r, current)
  }
  return E.right(r)
}

/**
 * Scenario 4: the history as an NDJSON archive on disk, each line parsed, decoded with the domain
 * codecs and fed to every projection, against a bare loop that only splits and parses the same file.
 */
import { once } from 'node:events'
import { createReadStream } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { cityReport, mergeReplays, type Replay, replayArchive } from '@servicelife/audit'
import { readArchive, type RecordedEvent } from '@servicelife/store'
import { archiveLines } from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'
import { alternate, collectingGarbage, type Row, row } from '../measure.js'
import type { LineBatch } from './stream-part-worker.js'
import {
  fromTransfer,
  type LineFailure,
  PartReplay,
  type PartForTransfer,
  routedStreamId,
  toWorker,
} from './stream-parts.js'

/** Every line of an archive checked, as the recorded event it holds; a bad line is a bug here. */
async function* checkedEvents(path: string): AsyncIterable<RecordedEvent> {
  for await (const checked of readArchive(path)) {
    if (E.isLeft(checked)) throw new Error(checked.left.message)
    yield checked.right
  }
}

/** Ours: `replayArchive`, every line checked and folded into every projection a batch at a time. */
export const replayed = async (path: string) => {
  const r = await replayArchive(path)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

/** The worker of the replay in parts, started once and kept up across rounds. */
export const partWorker = async (): Promise<Worker> => {
  const worker = new Worker(new URL('./typescript-worker.mjs', import.meta.url), {
    workerData: {
      module: new URL('./stream-part-worker.ts', import.meta.url).href,
      collect: collectingGarbage(),
    },
  })
  await once(worker, 'message')
  return worker
}

const BATCH = 1024
/** Batches posted to the worker and not yet answered: a slow worker holds the reader back. */
const IN_FLIGHT = 4
type WorkerAnswer = { readonly part: PartForTransfer } | { readonly failure: LineFailure }

/**
 * Ours on both cores: this thread reads, splits and routes every line, and checks and folds its
 * own part; the worker checks and folds the rest; the two replays are merged. The result is the
 * first bad line of the archive, as a one-thread replay gives it.
 */
export const replayArchiveInParts = async (
  path: string,
  worker: Worker,
): Promise<E.Either<LineFailure, Replay>> => {
  let credits = IN_FLIGHT
  let wake: (() => void) | undefined
  let broken: unknown
  let answered: ((answer: WorkerAnswer) => void) | undefined
  let collected = false
  const onMessage = (message: 'credit' | 'collected' | WorkerAnswer) => {
    if (message === 'credit') credits++
    else if (message === 'collected') collected = true
    else answered?.(message)
    wake?.()
  }
  const onFailure = (error: unknown) => {
    broken ??= error instanceof Error ? error : new Error(`the part worker exited with code ${error}`)
    wake?.()
  }
  worker.on('message', onMessage).on('error', onFailure).on('exit', onFailure)
  const waitFor = async (ready: () => boolean) => {
    while (!ready() && broken === undefined) await new Promise<void>((resolve) => (wake = resolve))
    if (broken !== undefined) throw broken
  }
  try {
    const main = new PartReplay()
    let batch: LineBatch = { lines: [], numbers: [], streams: [] }
    let n = 0
    for await (const line of archiveLines(path)) {
      n++
      // The trailer ends the archive: the one-thread replay checks it, the parts hold events only.
      if (line.startsWith('{"trailer":')) break
      const streamId = routedStreamId(line)
      if (!toWorker(streamId)) {
        if (!main.add(line, n, streamId)) break
        continue
      }
      batch.lines.push(line)
      batch.numbers.push(n)
      batch.streams.push(streamId)
      if (batch.lines.length === BATCH) {
        await waitFor(() => credits > 0)
        credits--
        worker.postMessage(batch)
        batch = { lines: [], numbers: [], streams: [] }
      }
    }
    if (batch.lines.length > 0) worker.postMessage(batch)
    let answer: WorkerAnswer | undefined
    answered = (a) => (answer = a)
    worker.postMessage('end')
    await waitFor(() => answer !== undefined)
    const theirs = answer!
    const failures = [main.failure, 'failure' in theirs ? theirs.failure : undefined].filter(
      (f): f is LineFailure => f !== undefined,
    )
    const merged =
      failures.length > 0
        ? E.left(failures.reduce((a, b) => (b.line < a.line ? b : a)))
        : // The worker's part first: a merge appends its second part's cases, and the main thread's is the smaller.
          E.right(mergeReplays(fromTransfer((theirs as { part: PartForTransfer }).part), main.done()))
    // The round ends when the worker has collected its part's garbage too.
    await waitFor(() => collected)
    return merged
  } finally {
    worker.off('message', onMessage).off('error', onFailure).off('exit', onFailure)
  }
}

/** The middle step, for the profile: every line checked, nothing folded. */
export const decodeOnly = async (path: string) => {
  let n = 0
  for await (const event of checkedEvents(path)) if (event.revision >= 0) n++
  return n
}

/** An archive source that reads `path` in chunks of `bytes`. */
export const reader = (path: string, bytes: number) => () => createReadStream(path, { highWaterMark: bytes })

/**
 * The parse limit: split as ours splits, and JSON.parse, nothing checked or folded. It reads in
 * 1 MiB chunks, with which this loop ran fastest, not the 128 KiB an archive replay reads in for
 * its peak memory's sake: the limit is the fastest bare loop.
 */
export const parseOnly = async (path: string, readBytes = 1 << 20) => {
  let n = 0
  const lines = archiveLines(reader(path, readBytes))
  for await (const line of lines) if (JSON.parse(line) !== null) n++
  return n
}

const parseLimit = (value: number) => ({ name: 'split + JSON.parse only (the parse limit)', value })
const PARSE_TARGET = {
  text: '>= 0.75x the parse limit',
  met: (_: number, ratio?: number) => (ratio ?? 0) >= 0.75,
}

export const archiveReplay = async (path: string, events: number, rounds: number): Promise<Row[]> => {
  const r = await alternate(
    rounds,
    async () => (await replayed(path)).events,
    () => parseOnly(path),
  )
  // worker_threads across both cores: the archive's streams in two parts, one per thread.
  const worker = await partWorker()
  const inParts = async () => {
    const r = await replayArchiveInParts(path, worker)
    if (E.isLeft(r)) throw new Error(r.left.message)
    return r.right
  }
  try {
    // Not timed: the merged parts must report what the one-thread replay reports.
    if (JSON.stringify(cityReport(await inParts())) !== JSON.stringify(cityReport(await replayed(path))))
      throw new Error('the replay in two parts reports otherwise than the replay on one thread')
  } catch (error) {
    await worker.terminate()
    throw error
  }
  const both = await alternate(
    rounds,
    async () => (await inParts()).events,
    () => parseOnly(path),
  ).finally(() => worker.terminate())
  // Where the time goes: the same file checked but not folded, against the same limit.
  const checked = await alternate(
    rounds,
    () => decodeOnly(path),
    () => parseOnly(path),
  )
  return [
    row(
      '4 archive replay',
      `${events} events: parse and decode only, no projections`,
      'events/s',
      checked.a,
      parseLimit(checked.b),
    ),
    row(
      '4 archive replay',
      `${events} events: parse, decode, all projections`,
      'events/s',
      r.a,
      parseLimit(r.b),
      PARSE_TARGET,
    ),
    row(
      '4 archive replay',
      `${events} events on both cores: streams in two parts, one per thread, then merged`,
      'events/s',
      both.a,
      parseLimit(both.b),
      PARSE_TARGET,
    ),
  ]
}

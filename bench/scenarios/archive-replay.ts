/**
 * Scenario 4: the history as an NDJSON archive on disk, each line parsed, decoded with the domain
 * codecs and fed to every projection, against a bare loop that only splits and parses the same file.
 */
import { createReadStream } from 'node:fs'
import { cityReport, replayArchive } from '@servicelife/audit'
import { readArchive, type RecordedEvent } from '@servicelife/store'
import { archiveLines } from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'
import { alternate, type Row, row } from '../measure.js'

/** Every line of an archive checked, as the recorded event it holds; a bad line is a bug here. */
async function* checkedEvents(path: string): AsyncIterable<RecordedEvent> {
  for await (const checked of readArchive(path)) {
    if (E.isLeft(checked)) throw new Error(checked.left.message)
    yield checked.right
  }
}

/** Ours: `replayArchive`, every line checked and folded into every projection a batch at a time. */
export const replayed = async (path: string, threads = 1) => {
  const r = await replayArchive(path, { threads })
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
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
  // Both cores: `replayArchive(path, { threads: 2 })`, the streams in two parts, one per thread.
  // Not timed: the merged parts must report what the one-thread replay reports.
  if (
    JSON.stringify(cityReport(await replayed(path, 2))) !== JSON.stringify(cityReport(await replayed(path)))
  )
    throw new Error('the replay on two threads reports otherwise than the replay on one thread')
  const both = await alternate(
    rounds,
    async () => (await replayed(path, 2)).events,
    () => parseOnly(path),
  )
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
      `${events} events on both cores: replayArchive(path, { threads: 2 })`,
      'events/s',
      both.a,
      parseLimit(both.b),
      PARSE_TARGET,
    ),
  ]
}

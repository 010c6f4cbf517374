/**
 * Scenario 4: the history as an NDJSON archive on disk, each line parsed, decoded with the domain
 * codecs and fed to every projection, against a bare loop that only splits and parses the same file.
 */
import { createReadStream } from 'node:fs'
import { replayRecord } from '@servicelife/audit'
import { decodeEvent } from '@servicelife/domain'
import { parseRecordedEvent, type RecordedEvent } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { alternate, type Row, row } from '../measure.js'

/** Complete lines of a file, as the stores read them. */
export async function* lines(path: string): AsyncIterable<string> {
  let carry = ''
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const parts = (carry + (chunk as string)).split('\n')
    carry = parts.pop()!
    for (const line of parts) yield line
  }
  if (carry !== '') yield carry
}

/** Every line of an archive checked (envelope and domain codecs), as the recorded event it holds. */
async function* checkedEvents(path: string): AsyncIterable<RecordedEvent> {
  for await (const line of lines(path)) {
    const parsed = parseRecordedEvent(line)
    if (E.isLeft(parsed)) throw new Error(parsed.left)
    const decoded = decodeEvent({ type: parsed.right.type, data: parsed.right.data })
    if (E.isLeft(decoded)) throw new Error(decoded.left.message)
    yield parsed.right
  }
}

/** Ours: every line checked and folded into every projection, a batch at a time, as `servicelife replay` does. */
export const replayArchive = (path: string) => replayRecord(checkedEvents(path))

/** The middle step, for the profile: every line checked, nothing folded. */
export const decodeOnly = async (path: string) => {
  let n = 0
  for await (const line of lines(path)) {
    const parsed = parseRecordedEvent(line)
    if (E.isLeft(parsed)) throw new Error(parsed.left)
    if (E.isRight(decodeEvent({ type: parsed.right.type, data: parsed.right.data }))) n++
  }
  return n
}

/** The parse limit: split and JSON.parse, nothing checked or folded. */
export const parseOnly = async (path: string) => {
  let n = 0
  for await (const line of lines(path)) if (JSON.parse(line) !== null) n++
  return n
}

export const archiveReplay = async (path: string, events: number, rounds: number): Promise<Row[]> => {
  const r = await alternate(
    rounds,
    async () => (await replayArchive(path)).events,
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
      {
        name: 'split + JSON.parse only (the parse limit)',
        value: checked.b,
      },
    ),
    row(
      '4 archive replay',
      `${events} events: parse, decode, all projections`,
      'events/s',
      r.a,
      {
        name: 'split + JSON.parse only (the parse limit)',
        value: r.b,
      },
      { text: '>= 0.75x the parse limit', met: (_, ratio) => (ratio ?? 0) >= 0.75 },
    ),
  ]
}

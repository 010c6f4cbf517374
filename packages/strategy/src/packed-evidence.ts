/**
 * The evidence a waiting case keeps until the end of a one-pass check, packed as numbers: per event
 * its position, its time and how its `at` is written, three doubles in one flat array. An object
 * per event with its `at` text took about three times the room, and a city's record leaves a
 * hundred thousand cases waiting. An event that does not pack (an `at` written otherwise than
 * `instantText` writes it, or another stream than its case's) is kept as it was, beside them.
 * `unpack` gives back the events as evidence: stream, position, type and `at`.
 */
import type { HistoryEvent } from './record.js'

/** Triples: position (NaN for an event without one), time (epoch ms), how `at` is written. */
export type PackedEvidence = readonly number[]

/** Where a case keeps the events that do not pack; its evidence's stream. */
export interface EvidenceShelf {
  readonly streamId: string
  unpacked: HistoryEvent[] | undefined
}

const MINUTES = 1440
/** How an `at` ending in `Z` is written; `MINUTES + offset` for an `at` ending in `±hh:mm`. */
const Z = 2 * MINUTES

const two = (n: number) => String(n).padStart(2, '0')

/** `time` written in milliseconds, at the offset the code says, or in UTC with `Z`. */
export const instantText = (time: number, written: number): string => {
  const offset = written === Z ? 0 : written - MINUTES
  const local = new Date(time + offset * 60_000).toISOString().slice(0, 23)
  if (written === Z) return `${local}Z`
  const minutes = Math.abs(offset)
  return `${local}${offset < 0 ? '-' : '+'}${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`
}

/** How `text` writes `time`, when `instantText` writes it the same; otherwise undefined. */
export const writtenAs = (text: string, time: number): number | undefined => {
  if (!Number.isFinite(time)) return undefined
  let written: number
  if (text.length === 24 && text.endsWith('Z')) written = Z
  else if (text.length === 29) {
    const minutes = Number(text.slice(24, 26)) * 60 + Number(text.slice(27, 29))
    if (!(minutes < MINUTES)) return undefined
    written = MINUTES + (text[23] === '-' ? -minutes : minutes)
  } else return undefined
  return instantText(time, written) === text ? written : undefined
}

/** `event`, at `time`, as a triple; kept whole on the shelf when it does not pack. */
export const pack = (event: HistoryEvent, time: number, shelf: EvidenceShelf): [number, number, number] => {
  const position = event.position ?? Number.NaN
  const written =
    event.streamId === shelf.streamId ? writtenAs((event.data as { at: string }).at, time) : undefined
  if (written !== undefined) return [position, time, written]
  const kept: HistoryEvent = {
    streamId: event.streamId,
    ...(event.position === undefined ? {} : { position: event.position }),
    type: event.type,
    data: { at: (event.data as { at: string }).at },
  }
  shelf.unpacked = [...(shelf.unpacked ?? []), kept]
  return [position, time, -shelf.unpacked.length]
}

/** How many events `packed` holds. */
export const countOf = (packed: PackedEvidence): number => packed.length / 3

/** The time of the `i`th event of `packed`. */
export const timeOf = (packed: PackedEvidence, i: number): number => packed[3 * i + 1]!

/** The events of `packed` later than `time`. */
export const laterThan = (packed: PackedEvidence, time: number): number[] => {
  const later: number[] = []
  for (let i = 0; i < packed.length; i += 3)
    if (packed[i + 1]! > time) later.push(packed[i]!, packed[i + 1]!, packed[i + 2]!)
  // Copied to its length: an array pushed to keeps room to grow.
  return later.slice()
}

/** The events of `packed`, of `type`, as evidence. */
export const unpack = (packed: PackedEvidence, type: string, shelf: EvidenceShelf): HistoryEvent[] => {
  const events: HistoryEvent[] = []
  for (let i = 0; i < packed.length; i += 3) {
    const [position, time, written] = [packed[i]!, packed[i + 1]!, packed[i + 2]!]
    if (written < 0) {
      events.push(shelf.unpacked![-written - 1]!)
      continue
    }
    events.push({
      streamId: shelf.streamId,
      ...(Number.isNaN(position) ? {} : { position }),
      type,
      data: { at: instantText(time, written) },
    })
  }
  return events
}

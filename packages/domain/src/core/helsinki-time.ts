/**
 * Europe/Helsinki calendar arithmetic, pure: months and days of business time are bucketed in
 * Helsinki wall time so that two cities computing the same figure get the same number.
 */
import { instant } from './time.js'

const HOUR = 3_600_000

/**
 * Helsinki's UTC offset at an instant: +3 h from the last Sunday of March 01:00 UTC to the last
 * Sunday of October 01:00 UTC (the EU rule), +2 h otherwise.
 */
export const helsinkiOffsetHours = (ms: number): 2 | 3 => {
  const [start, end] = summerTime(new Date(ms).getUTCFullYear())
  return ms >= start && ms < end ? 3 : 2
}

const lastSunday = (year: number, month: number): number => {
  const last = Date.UTC(year, month + 1, 0, 1)
  return last - new Date(last).getUTCDay() * 24 * HOUR
}

// Summer time's bounds per year, computed once: every projected event asks for its month.
const summerTimes = new Map<number, readonly [number, number]>()
const summerTime = (year: number): readonly [number, number] => {
  let bounds = summerTimes.get(year)
  if (bounds === undefined) {
    bounds = [lastSunday(year, 2), lastSunday(year, 9)]
    summerTimes.set(year, bounds)
  }
  return bounds
}

/** An instant as ISO-8601 in Helsinki wall time with its offset, e.g. `2025-02-24T10:00:00.000+02:00`. */
export const helsinkiIso = (ms: number): string => {
  const offset = helsinkiOffsetHours(ms)
  return `${new Date(ms + offset * HOUR).toISOString().slice(0, -1)}+0${offset}:00`
}

/** The instant a Helsinki calendar month begins (`month` 0-11; 12 is January of the next year). */
const helsinkiMonthStart = (year: number, month: number): number => {
  const midnight = Date.UTC(year, month, 1)
  // A month never begins within an hour of a summer-time change, so one of the offsets fits.
  return helsinkiOffsetHours(midnight - 3 * HOUR) === 3 ? midnight - 3 * HOUR : midnight - 2 * HOUR
}

// The month asked for last, with its bounds: events come in time order, so most ask for the same one.
let lastMonth = { start: 0, end: 0, label: '' }

/** The Helsinki calendar month (`2025-02`) of an ISO instant. */
export const helsinkiMonth = (iso: string): string => {
  const ms = instant(iso)
  if (ms >= lastMonth.start && ms < lastMonth.end) return lastMonth.label
  const wall = new Date(ms + helsinkiOffsetHours(ms) * HOUR)
  const year = wall.getUTCFullYear()
  const month = wall.getUTCMonth()
  const label = wall.toISOString().slice(0, 7)
  lastMonth = { start: helsinkiMonthStart(year, month), end: helsinkiMonthStart(year, month + 1), label }
  return label
}

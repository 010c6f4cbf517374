/**
 * A city's calendar: its IANA time zone (months, days and as-of dates are read in its wall time)
 * and its non-working days (answer deadlines in working days skip them). Zones come from `Intl`,
 * which node ships with full ICU; no time-zone database package is needed.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { AnswerPromise } from '../codecs/service-events.js'
import { finnishNonWorkingDays } from './finnish-holidays.js'

const DAY_MS = 86_400_000

/** A calendar date: `month` 1-12. */
export interface LocalDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

/** Which dates are not working days besides Saturdays and Sundays, by year: `MM-DD` texts. */
export type NonWorkingDays = (year: number) => ReadonlySet<string>

export interface CityCalendar {
  /** The IANA zone, as `Intl` names it (`Europe/Helsinki`). */
  readonly timeZone: string
  /** The offset of the zone's wall time from UTC at an instant, in milliseconds. */
  readonly offsetAt: (ms: number) => number
  /** The wall-time date of an instant. */
  readonly dateOf: (ms: number) => LocalDate
  /** The instant a date begins in the zone. */
  readonly startOf: (date: LocalDate) => number
  /** The calendar month (`2025-02`) of an instant. */
  readonly monthOf: (ms: number) => string
  /** An instant as ISO-8601 wall time with the zone's offset, `2025-02-24T10:00:00.000+02:00`. */
  readonly isoOf: (ms: number) => string
  /** Not a Saturday, a Sunday or one of the city's non-working days. */
  readonly isWorkingDay: (date: LocalDate) => boolean
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** A date `days` later (or earlier), by the proleptic Gregorian calendar. */
export const addDays = (date: LocalDate, days: number): LocalDate => {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/** `YYYY-MM-DD`. */
export const formatDate = (date: LocalDate): string =>
  `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`

/** The date of `YYYY-MM-DD` text (assumed checked by `IsoDate`). */
export const parseDate = (text: string): LocalDate => ({
  year: Number(text.slice(0, 4)),
  month: Number(text.slice(5, 7)),
  day: Number(text.slice(8, 10)),
})

export interface InvalidTimeZone {
  readonly code: 'invalid-time-zone'
  readonly timeZone: string
  readonly message: string
}

const calendars = new Map<string, CityCalendar>()

/**
 * The calendar of a zone (default Finnish non-working days). A zone `Intl` does not know is a
 * Left, never a calendar that silently reads UTC.
 */
export const cityCalendar = (
  timeZone: string,
  nonWorkingDays: NonWorkingDays = finnishNonWorkingDays,
): E.Either<InvalidTimeZone, CityCalendar> => {
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    })
  } catch {
    return E.left({
      code: 'invalid-time-zone',
      timeZone,
      message: `${JSON.stringify(timeZone)} is not an IANA time zone this platform knows (such as Europe/Helsinki)`,
    })
  }
  const zone = format.resolvedOptions().timeZone
  const key = nonWorkingDays === finnishNonWorkingDays ? zone : undefined
  const known = key === undefined ? undefined : calendars.get(key)
  if (known !== undefined) return E.right(known)
  const calendar = makeCalendar(zone, format, nonWorkingDays)
  if (key !== undefined) calendars.set(key, calendar)
  return E.right(calendar)
}

/** The calendar of a zone known to be valid (a constant of the program): a bad one is a bug. */
export const calendarOf = (timeZone: string, nonWorkingDays?: NonWorkingDays): CityCalendar => {
  const calendar = cityCalendar(timeZone, nonWorkingDays)
  if (E.isLeft(calendar)) throw new RangeError(calendar.left.message)
  return calendar.right
}

const makeCalendar = (
  timeZone: string,
  format: Intl.DateTimeFormat,
  nonWorkingDays: NonWorkingDays,
): CityCalendar => {
  // `MM/DD/YYYY AD, HH:MM:SS`: the wall time of an instant, whole seconds.
  const wallOf = (ms: number): number => {
    const parts = format.formatToParts(ms)
    const get = (type: string) => Number(parts.find((p) => p.type === type)!.value)
    const era = parts.find((p) => p.type === 'era')?.value
    const year = era === 'BC' || era === 'B' ? 1 - get('year') : get('year')
    const wall = new Date(0)
    wall.setUTCFullYear(year, get('month') - 1, get('day'))
    wall.setUTCHours(get('hour'), get('minute'), get('second'), 0)
    return wall.getTime()
  }
  // Offsets change rarely: the last one asked for is kept with the whole hour it holds for.
  let cachedHour = Number.NaN
  let cachedOffset = 0
  const second = (ms: number) => ms - (((ms % 1000) + 1000) % 1000)
  const offsetAt = (ms: number): number => {
    const hour = Math.floor(ms / 3_600_000)
    if (hour !== cachedHour) {
      const start = hour * 3_600_000
      const end = start + 3_599_999
      const atStart = wallOf(start) - start
      // An hour with a change of offset in it is not cached: each instant in it is asked for alone.
      if (wallOf(end) - second(end) !== atStart) return wallOf(ms) - second(ms)
      cachedHour = hour
      cachedOffset = atStart
    }
    return cachedOffset
  }
  const dateOf = (ms: number): LocalDate => {
    const wall = new Date(ms + offsetAt(ms))
    return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() }
  }
  const startOf = (date: LocalDate): number => {
    const wall = Date.UTC(date.year, date.month - 1, date.day)
    // The offset at the guess, then at the corrected guess: exact unless midnight itself is skipped.
    let guess = wall - offsetAt(wall)
    guess = wall - offsetAt(guess)
    // Where the day's midnight does not exist (a zone that springs forward at 00:00), the day
    // begins at the first instant that has its date: found by halving, within the few hours after.
    const d = dateOf(guess)
    if (d.year === date.year && d.month === date.month && d.day === date.day) return guess
    let before = guess
    let after = guess + 4 * 3_600_000
    while (after - before > 1) {
      const middle = Math.floor((before + after) / 2)
      const m = dateOf(middle)
      if (m.year === date.year && m.month === date.month && m.day === date.day) after = middle
      else before = middle
    }
    return after
  }
  // The month asked for last, with its bounds: events come in time order, so most ask for the same one.
  let month = { start: 0, end: 0, label: '' }
  const monthOf = (ms: number): string => {
    if (ms >= month.start && ms < month.end) return month.label
    const { year, month: m } = dateOf(ms)
    const next = m === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: m + 1, day: 1 }
    month = {
      start: startOf({ year, month: m, day: 1 }),
      end: startOf(next),
      label: `${pad(year, 4)}-${pad(m)}`,
    }
    return month.label
  }
  const isoOf = (ms: number): string => {
    const offset = offsetAt(ms)
    const minutes = Math.round(offset / 60_000)
    const sign = minutes < 0 ? '-' : '+'
    const abs = Math.abs(minutes)
    const wall = new Date(ms + offset).toISOString().slice(0, -1)
    return `${wall}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  }
  const isWorkingDay = (date: LocalDate): boolean => {
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()
    if (weekday === 0 || weekday === 6) return false
    return !nonWorkingDays(date.year).has(`${pad(date.month)}-${pad(date.day)}`)
  }
  return { timeZone, offsetAt, dateOf, startOf, monthOf, isoOf, isWorkingDay }
}

/** The end of the `n`-th day after `date` that `counts`, as the instant the next day begins. */
const endOfNthDay = (
  calendar: CityCalendar,
  date: LocalDate,
  n: number,
  counts: (d: LocalDate) => boolean,
): number => {
  let day = date
  let counted = 0
  while (counted < n) {
    day = addDays(day, 1)
    if (counts(day)) counted++
  }
  return calendar.startOf(addDays(day, 1))
}

/**
 * When an answer is due for a case opened at `openedAt` under `promise`: `hours` after the
 * opening; or by the end of the n-th calendar or working day after the day of the opening, in the
 * city's wall time (the day of the opening does not count, as Finnish time limits are counted).
 */
export const answerDueAt = (calendar: CityCalendar, openedAt: number, promise: AnswerPromise): number => {
  if (promise.unit === 'hours') return openedAt + promise.within * 3_600_000
  const day = calendar.dateOf(openedAt)
  return promise.unit === 'days'
    ? endOfNthDay(calendar, day, promise.within, () => true)
    : endOfNthDay(calendar, day, promise.within, calendar.isWorkingDay)
}

/** The last instant of a date in the zone: an as-of date reads the whole day. */
export const endOfDay = (calendar: CityCalendar, date: LocalDate): number =>
  calendar.startOf(addDays(date, 1)) - 1

export { DAY_MS }

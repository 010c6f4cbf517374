/**
 * Business time: ISO-8601 instants compared as epoch milliseconds (parsing is pure, no clock is read).
 *
 * `instant` gives exactly what `Date.parse` gives for every string. The shape every decoded event's
 * instant has (`YYYY-MM-DDTHH:MM`, optional `:SS` and fraction, then `Z` or `±HH:MM`) is read from
 * its characters, a day past its month's end rolling over as `Date.parse` rolls it; anything else
 * goes to `Date.parse`. A replay reads several instants per event, and `Date.parse` costs about
 * three times the arithmetic.
 */
import { twoDigits } from '../codecs/calendar.js'

const ZERO = 48
const MINUTE_MS = 60_000
const DAY_MS = 86_400_000
/** Not an instant of the shape read here: the text goes to `Date.parse`. */
const OTHER = -1

/** Days from 1970-01-01 to a day of the proleptic Gregorian calendar (month 1-12). */
const daysFromEpoch = (year: number, month: number, day: number): number => {
  // Counted from 1 March, so that the leap day ends a year: the standard days-from-civil arithmetic.
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  return (
    era * 146_097 +
    yearOfEra * 365 +
    Math.floor(yearOfEra / 4) -
    Math.floor(yearOfEra / 100) +
    dayOfYear -
    719_468
  )
}

// The day asked for last: a record's events come in time order, so most ask for the same day.
let lastDay = -1
let lastDays = 0
const daysOf = (year: number, month: number, day: number): number => {
  const key = (year * 16 + month) * 32 + day
  if (key !== lastDay) {
    lastDays = daysFromEpoch(year, month, day)
    lastDay = key
  }
  return lastDays
}

/** The offset east of UTC in minutes of the zone designator from `i` to the end, or NaN. */
const offsetMinutes = (s: string, i: number): number => {
  const sign = s.charCodeAt(i)
  if (sign === 90 /* Z */) return i + 1 === s.length ? 0 : Number.NaN
  if ((sign !== 43 /* + */ && sign !== 45) /* - */ || i + 6 !== s.length || s.charCodeAt(i + 3) !== 58)
    return Number.NaN
  const hours = twoDigits(s, i + 1)
  const minutes = twoDigits(s, i + 4)
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return Number.NaN
  return (sign === 43 ? 1 : -1) * (hours * 60 + minutes)
}

/**
 * The seconds and fraction from `at` (`:SS`, `.fff...`, both optional) as milliseconds, and where
 * the zone designator begins: one number, `zone * MINUTE_MS + ms`, to allocate nothing; -1 if malformed.
 */
const secondsFrom = (s: string, at: number): number => {
  if (s.charCodeAt(at) !== 58 /* : */) return at * MINUTE_MS
  const second = twoDigits(s, at + 1)
  if (second < 0 || second > 59) return -1
  if (s.charCodeAt(at + 3) !== 46 /* . */) return (at + 3) * MINUTE_MS + second * 1000
  // Date.parse reads a fraction's first three digits and ignores the rest.
  let ms = 0
  let i = at + 4
  for (; i < s.length; i++) {
    const digit = s.charCodeAt(i) - ZERO
    if (digit < 0 || digit > 9) break
    if (i < at + 7) ms = ms * 10 + digit
  }
  if (i === at + 4) return -1
  for (let k = i; k < at + 7; k++) ms *= 10
  return i * MINUTE_MS + second * 1000 + ms
}

/** The instant of a string in the shape decoded events have, or `OTHER`. */
const decodedShape = (s: string): number => {
  if (s.length < 17 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return OTHER
  if (s.charCodeAt(10) !== 84 /* T */ || s.charCodeAt(13) !== 58) return OTHER
  const century = twoDigits(s, 0)
  const yearOfCentury = twoDigits(s, 2)
  const month = twoDigits(s, 5)
  const day = twoDigits(s, 8)
  const hour = twoDigits(s, 11)
  const minute = twoDigits(s, 14)
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1 || day > 31) return OTHER
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return OTHER
  const seconds = secondsFrom(s, 16)
  if (seconds === -1) return OTHER
  const offset = offsetMinutes(s, Math.floor(seconds / MINUTE_MS))
  if (Number.isNaN(offset)) return OTHER
  const days = daysOf(century * 100 + yearOfCentury, month, day)
  return days * DAY_MS + (hour * 60 + minute - offset) * MINUTE_MS + (seconds % MINUTE_MS)
}

/** Epoch milliseconds of an ISO-8601 instant: `Date.parse`'s result, NaN where it has none. */
export const instant = (iso: string): number => {
  const ms = decodedShape(iso)
  // OTHER is also a real instant (1969-12-31T23:59:59.999Z), which Date.parse then gives.
  return ms === OTHER ? Date.parse(iso) : ms
}

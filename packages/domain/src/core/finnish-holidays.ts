/**
 * The days a Finnish time limit does not end on, besides Saturdays and Sundays: the public
 * holidays, Independence Day, May Day, Christmas Eve and Midsummer Eve (Act on the Calculation
 * of Statutory Time Limits 150/1930, section 5). Computed for any year, never listed by year.
 */

const pad = (n: number) => String(n).padStart(2, '0')
const key = (month: number, day: number) => `${pad(month)}-${pad(day)}`

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm): month 3-4 and day. */
export const easterSunday = (year: number): { readonly month: number; readonly day: number } => {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return { month, day }
}

const shifted = (year: number, month: number, day: number, days: number): string => {
  const d = new Date(Date.UTC(year, month - 1, day + days))
  return key(d.getUTCMonth() + 1, d.getUTCDate())
}

/** The first date from `month`/`from` on that falls on `weekday` (0 Sunday ... 6 Saturday). */
const firstWeekdayFrom = (year: number, month: number, from: number, weekday: number): string => {
  const start = new Date(Date.UTC(year, month - 1, from)).getUTCDay()
  return key(month, from + ((weekday - start + 7) % 7))
}

const byYear = new Map<number, ReadonlySet<string>>()

/** The non-working days of a year other than Saturdays and Sundays, as `MM-DD`. */
export const finnishNonWorkingDays = (year: number): ReadonlySet<string> => {
  const known = byYear.get(year)
  if (known !== undefined) return known
  const easter = easterSunday(year)
  const days = new Set([
    key(1, 1), // New Year's Day
    key(1, 6), // Epiphany
    shifted(year, easter.month, easter.day, -2), // Good Friday
    shifted(year, easter.month, easter.day, 1), // Easter Monday
    key(5, 1), // May Day
    shifted(year, easter.month, easter.day, 39), // Ascension Day
    firstWeekdayFrom(year, 6, 19, 5), // Midsummer Eve: the Friday of 19-25 June
    key(12, 6), // Independence Day
    key(12, 24), // Christmas Eve
    key(12, 25), // Christmas Day
    key(12, 26), // St Stephen's Day
    // Easter Sunday, Whitsun, Midsummer Day and All Saints' Day always fall on a weekend.
  ])
  byYear.set(year, days)
  return days
}

/**
 * Whether the text of a date or an instant names a real day and time. Checked on the characters
 * instead of through `Date.parse`, which every decoded event would otherwise pay for each of its
 * instants, and which rolls impossible days over (`2025-02-30` parses as 2 March).
 */

const ZERO = 48

/** The two digits at `i` as a number, or -1 if either is not a digit. */
export const twoDigits = (s: string, i: number): number => {
  const tens = s.charCodeAt(i) - ZERO
  const ones = s.charCodeAt(i + 1) - ZERO
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1
}

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

/** The days of `month` (1-12) in `year`. */
export const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? isLeapYear(year)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31

/** `YYYY-MM-DD` at the start of `s` names a day of the calendar; `s` is known to have the shape. */
const isCalendarDay = (s: string): boolean => {
  const year = twoDigits(s, 0) * 100 + twoDigits(s, 2)
  const month = twoDigits(s, 5)
  const day = twoDigits(s, 8)
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const isIsoDate = (s: string): boolean => ISO_DATE.test(s) && isCalendarDay(s)

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * An instant with its offset (`2025-02-24T18:00:00+02:00`, `...Z`; seconds and up to nine
 * fraction digits optional) on a day that exists, at hours 00-23, minutes and seconds 00-59, and
 * an offset under 24 hours.
 */
export const isIsoDateTime = (s: string): boolean => {
  if (!ISO_DATE_TIME.test(s) || !isCalendarDay(s)) return false
  if (twoDigits(s, 11) > 23 || twoDigits(s, 14) > 59) return false
  if (s.charCodeAt(16) === 58 /* : */ && twoDigits(s, 17) > 59) return false
  const end = s.length
  if (s.charCodeAt(end - 1) === 90 /* Z */) return true
  return twoDigits(s, end - 5) <= 23 && twoDigits(s, end - 2) <= 59
}

/** The city's calendar: zones through Intl, Finnish non-working days, answer deadlines. */
import { test } from '@fast-check/vitest'
import {
  addDays,
  answerDueAt,
  calendarOf,
  cityCalendar,
  easterSunday,
  endOfDay,
  finnishNonWorkingDays,
  formatDate,
  instant,
  parseDate,
} from '@servicelife/domain'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

const helsinki = calendarOf('Europe/Helsinki')

/**
 * The EU summer-time rule as Helsinki keeps it, written out as the oracle: +3 h from the last
 * Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC (of September until 1995),
 * +2 h otherwise.
 */
const euRuleOffsetHours = (ms: number): 2 | 3 => {
  const year = new Date(ms).getUTCFullYear()
  const lastSunday = (month: number) => {
    const last = Date.UTC(year, month + 1, 0, 1)
    return last - new Date(last).getUTCDay() * 86_400_000
  }
  return ms >= lastSunday(2) && ms < lastSunday(year < 1996 ? 8 : 9) ? 3 : 2
}
const instants = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) })

describe('a city calendar', () => {
  it('refuses a zone Intl does not know, with a message naming it', () => {
    const refused = cityCalendar('Mars/Olympus_Mons')
    expect(E.isLeft(refused) && refused.left).toMatchObject({
      code: 'invalid-time-zone',
      message: expect.stringContaining('Mars/Olympus_Mons'),
    })
    expect(E.isLeft(cityCalendar(''))).toBe(true)
  })

  test.prop([instants])('in Helsinki, months and wall times are those of the EU summer-time rule', (ms) => {
    const offset = euRuleOffsetHours(ms)
    const wall = new Date(ms + offset * 3_600_000).toISOString().slice(0, -1)
    expect(helsinki.isoOf(ms)).toBe(`${wall}+0${offset}:00`)
    expect(helsinki.monthOf(ms)).toBe(wall.slice(0, 7))
  })

  test.prop([instants, fc.constantFrom('America/Los_Angeles', 'Asia/Kolkata', 'Europe/Stockholm', 'UTC')])(
    'the wall time of an instant reads back as the same instant, in any zone',
    (ms, zone) => {
      const calendar = calendarOf(zone)
      expect(instant(calendar.isoOf(ms))).toBe(ms)
      const day = calendar.dateOf(ms)
      expect(calendar.startOf(day)).toBeLessThanOrEqual(ms)
      expect(endOfDay(calendar, day)).toBeGreaterThanOrEqual(ms)
      expect(calendar.dateOf(calendar.startOf(day))).toEqual(day)
    },
  )

  it('a month in Los Angeles is not the month in Helsinki at the turn of the month', () => {
    const ms = Date.parse('2025-03-01T03:00:00Z')
    expect(calendarOf('America/Los_Angeles').monthOf(ms)).toBe('2025-02')
    expect(helsinki.monthOf(ms)).toBe('2025-03')
  })

  it('a day begins at its first instant in a zone whose midnight is skipped (Santiago, September 2024)', () => {
    const santiago = calendarOf('America/Santiago')
    const start = santiago.startOf({ year: 2024, month: 9, day: 8 })
    expect(santiago.isoOf(start)).toBe('2024-09-08T01:00:00.000-03:00')
  })
})

describe('a city calendar, at its edges', () => {
  it('a zone whose summer time begins inside a UTC hour changes its offset at that instant (St. John’s, 9 March 2025)', () => {
    // 02:00 NST (-03:30) is 05:30 UTC: the hour from 05:00 UTC has two offsets.
    const stJohns = calendarOf('America/St_Johns')
    const hour = Date.parse('2025-03-09T05:00:00Z')
    const offsets = [0, 29 * 60_000 + 59_999, 30 * 60_000, 59 * 60_000].map((ms) =>
      stJohns.offsetAt(hour + ms),
    )
    expect(offsets.map((ms) => ms / 60_000)).toEqual([-210, -210, -150, -150])
    expect(stJohns.isoOf(hour + 30 * 60_000)).toBe('2025-03-09T03:00:00.000-02:30')
  })
  it('UTC is written with +00:00', () => {
    expect(calendarOf('UTC').isoOf(Date.parse('2025-03-09T05:00:00Z'))).toBe('2025-03-09T05:00:00.000+00:00')
  })
  it('the year before year 1 is year 0, as ISO-8601 counts it', () => {
    expect(calendarOf('UTC').dateOf(Date.parse('0000-06-01T12:00:00Z'))).toEqual({
      year: 0,
      month: 6,
      day: 1,
    })
  })
  it('a day ends at the last millisecond before the next one begins', () => {
    expect(endOfDay(helsinki, { year: 2025, month: 3, day: 30 })).toBe(
      Date.parse('2025-03-30T23:59:59.999+03:00'),
    )
  })
  it('dates are written YYYY-MM-DD with a four-digit year, and read back', () => {
    expect(formatDate({ year: 987, month: 3, day: 9 })).toBe('0987-03-09')
    expect(parseDate('2025-03-09')).toEqual({ year: 2025, month: 3, day: 9 })
  })
  it('a zone Intl does not know is a bug where the program names it as a constant', () => {
    expect(() => calendarOf('Mars/Olympus_Mons')).toThrow(RangeError)
    expect(() => calendarOf('Mars/Olympus_Mons')).toThrow(/"Mars\/Olympus_Mons" is not an IANA time zone/)
  })
  it('one calendar per zone with the Finnish days; a calendar with other non-working days is its own', () => {
    const finnish = cityCalendar('Europe/Helsinki')
    expect(E.isRight(finnish) && finnish.right).toBe(E.isRight(finnish) && calendarOf('Europe/Helsinki'))
    // A city whose only non-working day is 3 March.
    const own = calendarOf('Europe/Helsinki', () => new Set(['03-03']))
    const monday = { year: 2025, month: 3, day: 3 }
    expect([own.isWorkingDay(monday), calendarOf('Europe/Helsinki').isWorkingDay(monday)]).toEqual([
      false,
      true,
    ])
    expect(own.isWorkingDay({ year: 2025, month: 1, day: 6 })).toBe(true)
    expect(calendarOf('Europe/Helsinki').isWorkingDay({ year: 2025, month: 1, day: 6 })).toBe(false)
  })
})

describe('Finnish non-working days', () => {
  it('Easter Sunday falls where the church calendar puts it', () => {
    expect(easterSunday(2024)).toEqual({ month: 3, day: 31 })
    expect(easterSunday(2025)).toEqual({ month: 4, day: 20 })
    expect(easterSunday(2038)).toEqual({ month: 4, day: 25 })
    expect(easterSunday(2285)).toEqual({ month: 3, day: 22 })
    // Years whose golden number is 1 (year % 19 === 0): the epact's sum is below zero before its modulo.
    expect(easterSunday(1995)).toEqual({ month: 4, day: 16 })
    expect(easterSunday(2014)).toEqual({ month: 4, day: 20 })
  })

  it('2025 has the holidays, eves and Independence Day that end no time limit', () => {
    expect([...finnishNonWorkingDays(2025)].sort()).toEqual([
      '01-01',
      '01-06',
      '04-18',
      '04-21',
      '05-01',
      '05-29',
      '06-20',
      '12-06',
      '12-24',
      '12-25',
      '12-26',
    ])
  })

  test.prop([fc.integer({ min: 1900, max: 2400 })])(
    'Good Friday, Easter Monday, Ascension Day and Midsummer Eve fall on their weekdays, Easter on a Sunday in March or April',
    (year) => {
      const easter = easterSunday(year)
      const date = (days: number) => new Date(Date.UTC(year, easter.month - 1, easter.day + days))
      const mmdd = (d: Date) => d.toISOString().slice(5, 10)
      expect(date(0).getUTCDay()).toBe(0)
      expect([3, 4]).toContain(easter.month)
      const days = finnishNonWorkingDays(year)
      for (const [offset, weekday] of [
        [-2, 5],
        [1, 1],
        [39, 4],
      ] as const) {
        expect(date(offset).getUTCDay()).toBe(weekday)
        expect(days.has(mmdd(date(offset)))).toBe(true)
      }
      const midsummerEve = [...days].filter((d) => d >= '06-19' && d <= '06-25')
      expect(midsummerEve).toHaveLength(1)
      expect(new Date(`${year}-${midsummerEve[0]}T12:00:00Z`).getUTCDay()).toBe(5)
    },
  )
})

describe('answer deadlines', () => {
  const opened = (iso: string) => instant(iso)

  it('hours count from the opening', () => {
    expect(answerDueAt(helsinki, opened('2025-03-03T10:00:00+02:00'), { within: 48, unit: 'hours' })).toBe(
      opened('2025-03-05T10:00:00+02:00'),
    )
  })

  it('days end at midnight of the n-th day after the day of opening, in the city’s wall time', () => {
    expect(
      helsinki.isoOf(answerDueAt(helsinki, opened('2025-03-03T23:30:00+02:00'), { within: 2, unit: 'days' })),
    ).toBe('2025-03-06T00:00:00.000+02:00')
  })

  it('calendar days count weekends: 2 days from a Friday end at the end of Sunday', () => {
    expect(
      helsinki.isoOf(answerDueAt(helsinki, opened('2025-03-07T10:00:00+02:00'), { within: 2, unit: 'days' })),
    ).toBe('2025-03-10T00:00:00.000+02:00')
  })

  it('working days skip weekends and Easter: 5 working days from Thursday before Easter 2025', () => {
    // Opened Thu 17 April; Fri 18 (Good Friday), Sat, Sun, Mon 21 (Easter Monday) do not count:
    // Tue 22, Wed 23, Thu 24, Fri 25, Mon 28 do. Due by the end of Monday 28 April.
    expect(
      helsinki.isoOf(
        answerDueAt(helsinki, opened('2025-04-17T09:00:00+03:00'), { within: 5, unit: 'working-days' }),
      ),
    ).toBe('2025-04-29T00:00:00.000+03:00')
  })

  test.prop([instants, fc.integer({ min: 1, max: 60 })])(
    'a deadline in working days ends at the end of a working day, and never before the same number of calendar days',
    (ms, n) => {
      const working = answerDueAt(helsinki, ms, { within: n, unit: 'working-days' })
      const calendarDays = answerDueAt(helsinki, ms, { within: n, unit: 'days' })
      expect(working).toBeGreaterThanOrEqual(calendarDays)
      const lastDay = helsinki.dateOf(working - 1)
      expect(helsinki.isWorkingDay(lastDay)).toBe(true)
      expect(formatDate(addDays(lastDay, 1))).toBe(formatDate(helsinki.dateOf(working)))
    },
  )
})

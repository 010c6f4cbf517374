/**
 * Helsinki, the default city calendar: Turku's and Pori's zone, and Finland's non-working days.
 * Every figure that reads months or days takes a calendar; these are the ones for Helsinki time.
 */
import { calendarOf, type CityCalendar } from './city-calendar.js'
import { instant } from './time.js'

export const DEFAULT_TIME_ZONE = 'Europe/Helsinki'

/** The calendar of Europe/Helsinki with the Finnish non-working days. */
export const helsinki: CityCalendar = calendarOf(DEFAULT_TIME_ZONE)

/** An instant as ISO-8601 in Helsinki wall time with its offset, e.g. `2025-02-24T10:00:00.000+02:00`. */
export const helsinkiIso = (ms: number): string => helsinki.isoOf(ms)

/** The Helsinki calendar month (`2025-02`) of an ISO instant. */
export const helsinkiMonth = (iso: string): string => helsinki.monthOf(instant(iso))

/** The shell's sources of time and ids, injectable so tests and imports control them. */
import { v7 } from 'uuid'

export interface StoreEnvironment {
  /** ISO-8601 time at which an event is recorded. */
  readonly now?: () => string
  /** A new event id (uuid v7: time-ordered, so ids sort by creation). */
  readonly newEventId?: () => string
}

export const systemNow = (): string => new Date().toISOString()
export const newEventId = (): string => v7()

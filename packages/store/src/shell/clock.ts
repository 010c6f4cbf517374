/** The shell's sources of time and ids, injectable so tests and imports control them. */
import { v7 } from 'uuid'
import { type AppendGuard, domainAppendGuard } from '../core/append-guard.js'

export interface StoreEnvironment {
  /** ISO-8601 time at which an event is recorded. */
  readonly now?: () => string
  /** A new event id (uuid v7: time-ordered, so ids sort by creation). */
  readonly newEventId?: () => string
  /**
   * Checks every event before it is appended (default `domainAppendGuard`: JSON that reads back
   * as itself, and domain events their codecs accept). `false` turns the check off: for tests
   * that need a damaged record.
   */
  readonly appendGuard?: AppendGuard | false
}

/** The guard a store environment asks for. */
export const appendGuardOf = (environment: StoreEnvironment): AppendGuard | undefined =>
  environment.appendGuard === false ? undefined : (environment.appendGuard ?? domainAppendGuard)

// Formatting a date costs more than an append's other bookkeeping: reuse the text within a millisecond.
let lastMs = Number.NaN
let lastIso = ''
export const systemNow = (): string => {
  const ms = Date.now()
  if (ms !== lastMs) {
    lastMs = ms
    lastIso = new Date(ms).toISOString()
  }
  return lastIso
}

// Random bytes drawn 4 KiB at a time: one getRandomValues call per id cost more than the rest of an append.
const POOL_BYTES = 4096
let pool = new Uint8Array(0)
let offset = 0
const random16 = (): Uint8Array => {
  if (offset + 16 > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES))
    offset = 0
  }
  offset += 16
  return pool.subarray(offset - 16, offset)
}

// Monotonic within a millisecond (RFC 9562, method 1: a counter seeded randomly each new millisecond).
const clock = { msecs: Number.NEGATIVE_INFINITY, seq: 0 }

export const newEventId = (): string => {
  const random = random16()
  const now = Date.now()
  if (now > clock.msecs) {
    clock.msecs = now
    clock.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!
  } else {
    clock.seq = (clock.seq + 1) | 0
    if (clock.seq === 0) clock.msecs++
  }
  return v7({ random, msecs: clock.msecs, seq: clock.seq })
}

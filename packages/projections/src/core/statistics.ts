/** Small statistics with one definition each (docs/projections.md). */
import { instant, IsoDateTime } from '@servicelife/domain'

/**
 * The instant a report is read at: epoch ms, or an ISO-8601 instant with its offset. Anything
 * else (`'garbage'`, NaN) is a bug of the caller's and throws a RangeError naming it, rather than
 * a report of NaN days and zero cases.
 */
export const readingInstant = (value: string | number, what = 'now'): number => {
  if (typeof value === 'number') {
    // -Infinity is a record with no events: read "before everything".
    if (Number.isNaN(value) || value === Number.POSITIVE_INFINITY)
      throw new RangeError(`${what}: ${value} is not an instant`)
    return value
  }
  if (!IsoDateTime.is(value))
    throw new RangeError(`${what}: ${JSON.stringify(value)} is not an ISO-8601 instant with its offset`)
  return instant(value)
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; undefined when there are none. */
export const percentile = (values: ReadonlyArray<number>, p: number): number | undefined => {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]
}

export const ratio = (part: number, whole: number): number | undefined =>
  whole === 0 ? undefined : part / whole

/** Count, mean and distribution of scores on the 1-5 scale. */
export interface ScoreSummary {
  readonly n: number
  /** Undefined when there are no scores. */
  readonly mean: number | undefined
  readonly distribution: {
    readonly 1: number
    readonly 2: number
    readonly 3: number
    readonly 4: number
    readonly 5: number
  }
}

/** Count, mean and distribution of 1-5 scores from a tally [n1, n2, n3, n4, n5]. */
export const scoreSummary = (tally: ReadonlyArray<number>): ScoreSummary => {
  const n = tally.reduce((a, b) => a + b, 0)
  const sum = tally.reduce((a, count, i) => a + count * (i + 1), 0)
  return {
    n,
    mean: n === 0 ? undefined : sum / n,
    distribution: { 1: tally[0]!, 2: tally[1]!, 3: tally[2]!, 4: tally[3]!, 5: tally[4]! },
  }
}

export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000

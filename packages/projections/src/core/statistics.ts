/** Small statistics with one definition each (docs/projections.md). */

/** Nearest-rank percentile (p in 0..100) of unsorted values; undefined when there are none. */
export const percentile = (values: ReadonlyArray<number>, p: number): number | undefined => {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]
}

export const ratio = (part: number, whole: number): number | undefined =>
  whole === 0 ? undefined : part / whole

/** Count, mean and distribution of 1-5 scores from a tally [n1, n2, n3, n4, n5]. */
export const scoreSummary = (tally: ReadonlyArray<number>) => {
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

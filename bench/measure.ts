/**
 * Measuring: each scenario runs ours and its baseline alternately in the same process, several
 * rounds, and reports medians; the ratio is ours over the baseline in units per second.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

const gc: () => void = (() => {
  // The flag set at run time gives a new context its `gc`, so the bench needs no flag of its own.
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
})()

let collecting = true

/** `--keep-garbage`: no collection before rounds, to show what garbage left behind costs. */
export const keepGarbage = (): void => {
  collecting = false
}

/**
 * A full collection, run before every timed round, so that no round pays for the garbage of the
 * one before it, of its own scenario or an earlier one: left in the heap, that garbage made every
 * young-generation collection several times slower, and scenario 5's appends ran at about half
 * their rate after scenarios 1 and 2 (docs/performance.md).
 */
export const collectGarbage = (): void => {
  if (collecting) gc()
}

/** Whether rounds start from a collected heap: a worker that outlives its round collects its own. */
export const collectingGarbage = (): boolean => collecting

export interface Timing {
  readonly seconds: number
  /** Commands or events processed. */
  readonly units: number
  /** When the round began and ended, in `performance.now()` ms: the time base of node's GC entries. */
  readonly start: number
  readonly end: number
}

/** A round of work, timed, from a collected heap. */
export const timed = async (work: () => Promise<number> | number): Promise<Timing> => {
  collectGarbage()
  const start = performance.now()
  const units = await work()
  const end = performance.now()
  return { seconds: (end - start) / 1000, units, start, end }
}

export const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export const rate = (t: Timing): number => t.units / t.seconds

/** Runs `a` and `b` alternately, `rounds` times each; the median rate of each. */
export const alternate = async (
  rounds: number,
  a: () => Promise<number> | number,
  b: () => Promise<number> | number,
): Promise<{ a: number; b: number }> => {
  const ra: number[] = []
  const rb: number[] = []
  for (let i = 0; i < rounds; i++) {
    ra.push(rate(await timed(a)))
    rb.push(rate(await timed(b)))
  }
  return { a: median(ra), b: median(rb) }
}

export interface Row {
  readonly scenario: string
  readonly measure: string
  readonly ours: number
  readonly baseline?: { readonly name: string; readonly value: number }
  /** ours / baseline, when there is a baseline. */
  readonly ratio?: number
  readonly target?: string
  readonly met?: boolean
  readonly unit: string
}

export const row = (
  scenario: string,
  measure: string,
  unit: string,
  ours: number,
  baseline?: { name: string; value: number },
  target?: { text: string; met: (ours: number, ratio: number | undefined) => boolean },
): Row => {
  const ratio = baseline === undefined ? undefined : ours / baseline.value
  return {
    scenario,
    measure,
    unit,
    ours,
    ...(baseline === undefined ? {} : { baseline, ratio }),
    ...(target === undefined ? {} : { target: target.text, met: target.met(ours, ratio) }),
  }
}

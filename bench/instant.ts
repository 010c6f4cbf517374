/**
 * What reading an instant from its characters saves against `Date.parse`: the figures behind
 * `instant` (packages/domain/src/core/time.ts). Not part of `npm run bench`;
 * `npm run build && node --import tsx bench/instant.ts` (under a minute). Both read every `at`
 * of a generated 200,000-event city history, alternating, five rounds each.
 */
import { instant } from '@servicelife/domain'
import { history } from './history.js'
import { alternate } from './measure.js'

const ats = history(200_000).map((e) => (e.data as { at: string }).at)
const PASSES = 20

/** Reads every instant `PASSES` times; the sum keeps the reads from being optimised away. */
const readAll = (read: (iso: string) => number) => () => {
  let sum = 0
  for (let p = 0; p < PASSES; p++) for (const at of ats) sum += read(at)
  if (Number.isNaN(sum)) throw new Error('an instant of the history did not parse')
  return ats.length * PASSES
}

const r = await alternate(5, readAll(instant), readAll(Date.parse))
const ns = (perSecond: number) => `${(1e9 / perSecond).toFixed(1)} ns`
process.stdout.write(
  `${ats.length} instants x ${PASSES}: instant ${ns(r.a)}, Date.parse ${ns(r.b)} an instant, ` +
    `${(r.a / r.b).toFixed(2)}x the rate of Date.parse\n`,
)

/**
 * What a replay on two threads (`replayArchive(path, { threads: 2 })`) pays on top of its two
 * folds: the hand-over of the worker's part (encoded and structured-cloned, as `postMessage`
 * carries it) and the merge (`mergeReplays`), against one replay of the whole record on one thread, in the same
 * process. Not part of `npm run bench`; `npm run build && node --import tsx bench/merge.ts
 * [events]` (about two minutes for the default 1,000,000). The history is in memory: the folds here
 * parse nothing.
 */
import { cityReport, mergeReplays, type Replay, replay } from '@servicelife/audit'
import { allProjections, mergeStates, type Projection } from '@servicelife/projections'
import { history } from './history.js'
import { median, timed } from './measure.js'
import { partForTransfer, partFromTransfer, partOf } from '@servicelife/audit/internal'

const events = history(Number(process.argv[2] ?? 1_000_000))
const onMain = events.filter((e) => partOf(e.streamId, 2) === 0)
const onWorker = events.filter((e) => partOf(e.streamId, 2) === 1)
const ROUNDS = 5

/** Milliseconds of `work`, timed as the bench times a round (from a collected heap), and its result. */
const timedMs = async <A>(work: () => A): Promise<[number, A]> => {
  let result: A | undefined
  const t = await timed(() => {
    result = work()
    return 1
  })
  return [t.end - t.start, result as A]
}

type States = Replay['states']
const names = Object.keys(allProjections) as Array<keyof States>
const times = { whole: [] as number[], handOver: [] as number[], merge: [] as number[] }
const byProjection = new Map<string, number[]>(names.map((n) => [n, []]))
let sameReport = true

for (let round = 0; round < ROUNDS; round++) {
  const [wholeMs, whole] = await timedMs(() => replay(events))
  const mainPart = replay(onMain)
  const workerPart = replay(onWorker)
  const [handOverMs, handedOver] = await timedMs(() => {
    return partFromTransfer(structuredClone(partForTransfer(workerPart)), {})
  })
  // As the replay on threads merges: the worker's part first, the reading thread's appended to it.
  const [mergeMs, merged] = await timedMs(() => mergeReplays(handedOver, mainPart))
  for (const name of names) {
    const projection = allProjections[name] as Projection<States[typeof name]>
    const [ms] = await timedMs(() => mergeStates(projection, handedOver.states[name], mainPart.states[name]))
    byProjection.get(name)!.push(ms)
  }
  sameReport &&= JSON.stringify(cityReport(merged)) === JSON.stringify(cityReport(whole))
  times.whole.push(wholeMs)
  times.handOver.push(handOverMs)
  times.merge.push(mergeMs)
}

const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms`
const share = (xs: number[]) => `${((median(xs) / median(times.whole)) * 100).toFixed(1)} %`
process.stdout.write(
  `${events.length} events; parts of ${onWorker.length} (the worker's) and ${onMain.length}; ` +
    `medians of ${ROUNDS} rounds\n` +
    `  one replay of the whole record  ${ms(times.whole)}\n` +
    `  hand-over of the worker's part  ${ms(times.handOver)} (${share(times.handOver)} of it)\n` +
    `  merge of the two parts          ${ms(times.merge)} (${share(times.merge)} of it)\n` +
    names.map((n) => `    ${n}: ${ms(byProjection.get(n)!)}\n`).join('') +
    `  the merged parts report what the whole record reports: ${sameReport}\n`,
)
if (!sameReport) process.exitCode = 1

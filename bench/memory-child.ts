/** Scenario 6's measured process: one archive replay (or a baseline loop), then its peak RSS. */
import { archiveLines } from '@servicelife/store'
import { parseOnly, replayed as replay } from './scenarios/archive-replay.js'

/** The floor of any per-case state: the same split and parse, remembering only each case's id. */
const caseIdsOnly = async (path: string) => {
  const cases = new Map<string, number>()
  let n = 0
  for await (const line of archiveLines(path)) {
    const caseId = (JSON.parse(line) as { data: { caseId?: unknown } }).data.caseId
    if (typeof caseId === 'string') cases.set(caseId, n)
    n++
  }
  ;(globalThis as { cases?: unknown }).cases = cases
  return { events: n, cases: cases.size }
}

const [path, mode] = process.argv.slice(2)
const replayed = mode === 'replay' ? await replay(path!) : undefined
const ids = mode === 'case-ids' ? await caseIdsOnly(path!) : undefined
const events = replayed?.events ?? ids?.events ?? (await parseOnly(path!))
const maxRssBytes = process.resourceUsage().maxRSS * 1024
// What is still alive after a full collection is the state kept, which no streaming removes.
;(globalThis as { gc?: () => void }).gc?.()
const liveHeapBytes = process.memoryUsage().heapUsed
console.log(JSON.stringify({ events, cases: ids?.cases ?? null, maxRssBytes, liveHeapBytes }))

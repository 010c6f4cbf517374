/** Scenario 6's measured process: one archive replay (or the parse-only loop), then its peak RSS. */
import { parseOnly, replayArchive } from './scenarios/archive-replay.js'

const [path, mode] = process.argv.slice(2)
const replayed = mode === 'parse' ? undefined : await replayArchive(path!)
const events = replayed?.events ?? (await parseOnly(path!))
const maxRssBytes = process.resourceUsage().maxRSS * 1024
// What is still alive after a full collection is the projections' state, which no streaming removes.
;(globalThis as { gc?: () => void }).gc?.()
const liveHeapBytes = process.memoryUsage().heapUsed
console.log(JSON.stringify({ events, maxRssBytes, liveHeapBytes, projected: replayed?.position ?? null }))

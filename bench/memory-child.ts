/** Scenario 6's measured process: one archive replay (or the parse-only loop), then its peak RSS. */
import { parseOnly, replayArchive } from './scenarios/archive-replay.js'

const [path, mode] = process.argv.slice(2)
const events = mode === 'parse' ? await parseOnly(path!) : await replayArchive(path!)
console.log(JSON.stringify({ events, maxRssBytes: process.resourceUsage().maxRSS * 1024 }))

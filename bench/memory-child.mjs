/**
 * Scenario 6's measured process: one archive replay (or the parse-only loop), then its peak RSS.
 * Plain JavaScript on the built packages, as a consumer's process runs them: under tsx the
 * loader alone would add tens of megabytes to both figures.
 */
import { replayArchive } from '@servicelife/audit'
import { caseCount } from '@servicelife/projections'
import { archiveLines } from '@servicelife/store'
import { setTimeout as sleep } from 'node:timers/promises'

const [path, mode] = process.argv.slice(2)

const replay = async () => {
  const r = await replayArchive(path)
  if (r._tag === 'Left') throw new Error(r.left.message)
  return { events: r.right.events, replayed: r.right }
}

const parseOnly = async () => {
  let events = 0
  for await (const line of archiveLines(path)) if (JSON.parse(line) !== null) events++
  return { events, replayed: undefined }
}

const { events, replayed } = mode === 'replay' ? await replay() : await parseOnly()
const maxRssBytes = process.resourceUsage().maxRSS * 1024
// What is still alive after a full collection is the state kept, which no streaming removes.
// Array buffers are freed by a sweeper after the collection: let it finish, and collect again.
globalThis.gc()
await sleep(200)
globalThis.gc()
const { heapUsed, arrayBuffers } = process.memoryUsage()
// Read after the figures, so the replay's state is alive when they are taken.
const cases = replayed === undefined ? null : caseCount(replayed.states.promiseCompliance)
console.log(
  JSON.stringify({ events, cases, maxRssBytes, liveHeapBytes: heapUsed, liveArrayBufferBytes: arrayBuffers }),
)

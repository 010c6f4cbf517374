/**
 * Heap per waiting case in `checkRecord`'s one pass: 200,000 cases contacted once and never
 * opened, fed to `streamingCheck`, the heap measured after a full collection before and after.
 * `node --expose-gc --import tsx bench/check-case-memory.ts [path/to/streaming.ts]` (default: this
 * checkout's); give an older commit's file (`git show <rev>:packages/strategy/src/streaming.ts`)
 * to compare.
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const source = resolve(process.argv[2] ?? 'packages/strategy/src/streaming.ts')
const { streamingCheck } = (await import(
  pathToFileURL(source).href
)) as typeof import('../packages/strategy/src/streaming.js')
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')

const CASES = 200_000
const at = '2024-01-01T10:00:00.000Z'
const check = streamingCheck({})
gc()
const before = process.memoryUsage().heapUsed
for (let i = 0; i < CASES; i++)
  check.feed({
    streamId: `case-c${i}`,
    position: i,
    type: 'ContactReceived',
    data: { caseId: `c${i}`, at, contactId: `k${i}` },
  })
gc()
const after = process.memoryUsage().heapUsed
// Read after the measurement, so that the check is still held while it is taken.
const findings = check.finish().length
process.stdout.write(
  `${source}: ${((after - before) / CASES).toFixed(1)} bytes of heap per waiting case (${findings} findings)\n`,
)

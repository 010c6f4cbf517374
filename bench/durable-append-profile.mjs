// A profile target for scenario 5 on the built packages (no TypeScript loader in the profile):
//   node --cpu-prof --cpu-prof-dir=.servicelife/profiles bench/durable-append-profile.mjs
// 64 writers x 300 single-event appends into a fresh FileEventStore; prints events/s and fsyncs.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { FileEventStore } from '@servicelife/store'

const dir = mkdtempSync(join(tmpdir(), 'servicelife-profile-'))
const opened = await FileEventStore.open(dir)
if (opened._tag === 'Left') throw new Error(opened.left.message)
const store = opened.right
const start = performance.now()
await Promise.all(
  Array.from({ length: 64 }, async (_, w) => {
    for (let i = 0; i < 300; i++)
      await store.appendToStream(
        `case-w${w}`,
        [{ type: 'CaseAnswered', data: { caseId: `w${w}`, at: '2025-01-01T10:00:00+02:00', n: i } }],
        { expectedRevision: i === 0 ? 'no-stream' : i - 1 },
      )
  }),
)
console.log(`${Math.round(19_200 / ((performance.now() - start) / 1000))} events/s, ${store.syncs} fsyncs`)
await store.close()
rmSync(dir, { recursive: true, force: true })

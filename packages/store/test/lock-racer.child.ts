/**
 * Child process for the lock race: on `go` (stdin) it opens the store in argv[2] and prints
 * `writer` or `refused <code>`; a writer then appends five events one at a time, printing
 * `ack <id>` after each is acknowledged, and `done`. It waits for the next `go`; the parent kills it.
 */
import { createInterface } from 'node:readline'
import { FileEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

const dir = process.argv[2]!
let n = 0
process.stdout.write('ready\n')
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'go') continue
  const opened = await FileEventStore.open(dir)
  if (E.isLeft(opened)) {
    process.stdout.write(`refused ${opened.left.code}\n`)
    process.stdout.write('ready\n')
    continue
  }
  process.stdout.write('writer\n')
  const store = opened.right
  for (let i = 0; i < 5; i++) {
    const eventId = `0190a000-0000-7000-8000-${String(process.pid).padStart(7, '0')}${String(n++).padStart(5, '0')}`
    const appended = await store.appendToStream(
      `case-race-${process.pid}`,
      [{ eventId, type: 'ServiceRestored', data: { serviceId: 'race', at: '2025-01-01T00:00:00Z' } }],
      { expectedRevision: 'any' },
    )
    if (E.isLeft(appended)) throw new Error(appended.left.message)
    process.stdout.write(`ack ${eventId}\n`)
  }
  process.stdout.write('done\n')
}

/**
 * Child process for the durability test: appends through FileEventStore in a loop, several appends
 * in flight at once, and prints `ack <stream> <first revision> <event ids...>` for each acknowledged one.
 */
import { FileEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

const opened = await FileEventStore.open(process.argv[2]!)
if (E.isLeft(opened)) {
  console.error(opened.left.message)
  process.exit(2)
}
const store = opened.right
const worker = async (w: number): Promise<never> => {
  const streamId = `case-${process.pid}-${w}`
  for (let n = 0; ; n++) {
    const size = 1 + (n % 3)
    const events = Array.from({ length: size }, (_, i) => ({
      eventId: `${process.pid}-${w}-${n}-${i}`,
      type: 'ServiceRestored',
      data: { serviceId: 'x', at: '2025-01-01T00:00:00Z' },
    }))
    const appended = await store.appendToStream(streamId, events, { expectedRevision: 'any' })
    if (E.isLeft(appended)) throw new Error(appended.left.message)
    process.stdout.write(`ack ${streamId} ${events.map((e) => e.eventId).join(' ')}\n`)
  }
}
process.stdout.write('ready\n')
await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(worker))

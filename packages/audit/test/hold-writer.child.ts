/** Child process for the CLI tests: holds the store in argv[2] open for writing and appends until killed. */
import { FileEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

const opened = await FileEventStore.open(process.argv[2]!)
if (E.isLeft(opened)) {
  console.error(opened.left.message)
  process.exit(2)
}
const store = opened.right
process.stdout.write('holding\n')
for (let n = 0; ; n++) {
  await store.appendToStream(
    'service-held',
    [{ type: 'ServiceRestored', data: { serviceId: 'held', at: '2025-01-01T00:00:00Z' } }],
    { expectedRevision: 'any' },
  )
  await new Promise((resolve) => setTimeout(resolve, 5))
}

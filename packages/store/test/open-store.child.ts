/** Child process for the lock test: tries to open the store in argv[2] and reports the outcome. */
import { FileEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

const opened = await FileEventStore.open(process.argv[2]!)
if (E.isLeft(opened)) {
  console.log(`${opened.left.code}: ${opened.left.message}`)
  process.exit(2)
}
await opened.right.close()
console.log('opened')

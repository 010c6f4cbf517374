/** Child process for the CLI tests: holds the key store in argv[2] open for writing until killed. */
import { FileKeyStore } from '@servicelife/personal-data'
import * as E from 'fp-ts/lib/Either.js'

const opened = await FileKeyStore.open(process.argv[2]!)
if (E.isLeft(opened)) {
  console.error(opened.left.message)
  process.exit(2)
}
process.stdout.write('holding\n')
setInterval(() => undefined, 1000)

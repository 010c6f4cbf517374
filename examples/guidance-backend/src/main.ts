/**
 * The guidance backend as a process: `node main.js DIR PORT`. The record is a file store in DIR,
 * the projections' checkpoints beside it; a one-line error and exit code 1 when either cannot be
 * opened. Open311 posts need the key in `OPEN311_API_KEY`. Prints `listening on PORT` when ready;
 * SIGTERM closes the store cleanly.
 */
import { join } from 'node:path'
import { FileCheckpointStore } from '@servicelife/projections'
import { FileEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { guidanceBackend } from './app.js'

const fail = (message: string) => {
  process.stderr.write(`guidance-backend: ${message}\n`)
  process.exit(1)
}

const start = async ([dir, port = '0']: string[]) => {
  if (dir === undefined) return fail('usage: main.js DIR [PORT]')
  const store = await FileEventStore.open(join(dir, 'record'))
  if (E.isLeft(store)) return fail(store.left.message)
  const checkpoints = await FileCheckpointStore.open(join(dir, 'checkpoints'))
  if (E.isLeft(checkpoints)) return fail(checkpoints.left.message)
  const backend = await guidanceBackend(store.right, checkpoints.right, process.env.OPEN311_API_KEY)
  backend.server.listen(Number(port), '127.0.0.1', () => {
    const address = backend.server.address()
    process.stdout.write(
      `listening on ${typeof address === 'object' && address !== null ? address.port : port}\n`,
    )
  })
  process.once('SIGTERM', () => {
    void backend
      .close()
      .then(() => store.right.close())
      .then(() => process.exit(0))
  })
}

void start(process.argv.slice(2))

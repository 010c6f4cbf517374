/**
 * The worker of scenario 4's two-thread replay: it reads the archive, checks every line and posts
 * the checked lines in batches. Lines, not the parsed events: cloning objects across threads cost
 * more than parsing the text again on the other side. At most `IN_FLIGHT` batches wait unread, so
 * a slow fold holds the reader back instead of the heap growing.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { archiveLines, checkArchiveLine } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

const IN_FLIGHT = 4
const BATCH = 1024
const port = parentPort!
let credits = IN_FLIGHT
let wake: (() => void) | undefined
port.on('message', () => {
  credits++
  wake?.()
})
const send = async (batch: string[]) => {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve))
  credits--
  port.postMessage(batch)
}

let batch: string[] = []
let n = 0
for await (const line of archiveLines((workerData as { path: string }).path)) {
  const checked = checkArchiveLine(line, ++n)
  if (E.isLeft(checked)) throw new Error(checked.left.message)
  batch.push(line)
  if (batch.length === BATCH) {
    await send(batch)
    batch = []
  }
}
if (batch.length > 0) await send(batch)
port.postMessage(null)

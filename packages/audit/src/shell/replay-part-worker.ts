/**
 * A worker thread's part of an archive replay (`replay-threads.ts`): it checks and folds the lines
 * it is sent, answers each batch so that the reader sends at most a few ahead, and at the end
 * posts its part's replay, or null when one of its lines failed.
 */
import { cityCalendar } from '@servicelife/domain'
import type { AsOf } from '@servicelife/projections'
import { parentPort, workerData } from 'node:worker_threads'
import { partForTransfer } from '../core/part-transfer.js'
import { ReplayPart } from '../core/replay-part.js'
import type { PartLines } from './replay-parts.js'

export interface PartWorkerData {
  readonly asOf?: AsOf
  readonly timeZone: string
}

const port = parentPort!
const { asOf, timeZone } = workerData as PartWorkerData
const calendar = cityCalendar(timeZone)
if (calendar._tag === 'Left') throw new Error(calendar.left.message)
const part = new ReplayPart({ ...(asOf === undefined ? {} : { asOf }), calendar: calendar.right })
port.on('message', (message: 'end' | PartLines) => {
  if (message === 'end') {
    const done = part.done()
    port.postMessage(done === undefined ? null : partForTransfer(done))
    return
  }
  const { texts, lines } = message
  for (let i = 0; i < texts.length; i++) if (!part.add(texts[i]!, lines[i]!)) break
  port.postMessage('taken')
})

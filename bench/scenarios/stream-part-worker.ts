/**
 * The worker of scenario 4's replay in parts: it checks and folds the lines the main thread routes
 * to it, and at the end marker posts its part's replay (or its first bad line). It stays up across
 * rounds, a new part begun after each end. A batch is answered with a credit, so that at most a few
 * wait. After its part it collects its garbage and says so: the round ends then.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { collectGarbage, keepGarbage } from '../measure.js'
import { forTransfer, PartReplay, transferList } from './stream-parts.js'

export interface LineBatch {
  readonly lines: string[]
  readonly numbers: number[]
  readonly streams: string[]
}

const port = parentPort!
if ((workerData as { collect: boolean }).collect === false) keepGarbage()
let part = new PartReplay()
port.on('message', (message: 'end' | LineBatch) => {
  if (message === 'end') {
    if (part.failure !== undefined) port.postMessage({ failure: part.failure })
    else {
      const done = forTransfer(part.done())
      port.postMessage({ part: done }, transferList(done))
    }
    // The next round's part; the old one's garbage is collected within the round that made it, not
    // in whichever round runs next (the main thread collects its own before each round only).
    part = new PartReplay()
    collectGarbage()
    port.postMessage('collected')
  } else {
    const { lines, numbers, streams } = message
    for (let i = 0; i < lines.length; i++) if (!part.add(lines[i]!, numbers[i]!, streams[i]!)) break
    port.postMessage('credit')
  }
})
port.postMessage('ready')

/**
 * The parts of an archive replay on worker threads: one worker per part, each sent its lines in
 * batches, at most a few ahead of what it has folded, so that a slow worker holds the reader back
 * rather than filling memory. A worker that fails (a bug) fails the replay with its error.
 */
import { cityCalendar, helsinki, type CityCalendar } from '@servicelife/domain'
import type { AsOf } from '@servicelife/projections'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { PartForTransfer } from '../core/part-transfer.js'
import type { PartWorkerData } from './replay-part-worker.js'
import type { PartHost, PartLines } from './replay-parts.js'

/** Batches sent to a worker and not yet taken. */
const AHEAD = 4

const workerModule = async (): Promise<string | URL> =>
  typeof __dirname === 'string'
    ? join(__dirname, 'replay-part-worker.js')
    : (await import('./part-worker-url.js')).partWorkerUrl

/**
 * The time zone a worker makes the calendar of, when `cityCalendar` of that zone is the calendar
 * itself; a calendar of other non-working days, which holds a function, cannot be sent.
 */
export const sendableZone = (calendar: CityCalendar = helsinki): string | undefined => {
  const again = cityCalendar(calendar.timeZone)
  return again._tag === 'Right' && again.right === calendar ? calendar.timeZone : undefined
}

const EVAL = new Set(['-e', '--eval', '-p', '--print'])

/**
 * Node's options for a worker: this process's, but for those of a script given on the command
 * line (`node --input-type=module -e ...`), which would make node refuse the worker's file.
 */
export const workerExecArgv = (execArgv: ReadonlyArray<string>): string[] => {
  const kept: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const option = execArgv[i]!
    if (EVAL.has(option)) i++
    else if (!/^--(input-type|eval|print)=/.test(option)) kept.push(option)
  }
  return kept
}

export interface PartThreads {
  readonly hosts: ReadonlyArray<PartHost>
  /** Ends every worker. */
  readonly close: () => Promise<void>
}

/** `count` workers, each the host of one part. */
export const partThreads = async (
  count: number,
  options: { readonly asOf?: AsOf; readonly timeZone: string },
): Promise<PartThreads> => {
  const file = await workerModule()
  const data: PartWorkerData = {
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    timeZone: options.timeZone,
  }
  const workers = Array.from(
    { length: count },
    () => new Worker(file, { workerData: data, execArgv: workerExecArgv(process.execArgv) }),
  )
  return {
    hosts: workers.map(hostOn),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}

const hostOn = (worker: Worker): PartHost => {
  let ahead = 0
  let failure: Error | undefined
  let result: PartForTransfer | null | undefined
  let wake: (() => void) | undefined
  worker.on('message', (message: 'taken' | PartForTransfer | null) => {
    if (message === 'taken') ahead--
    else result = message
    wake?.()
  })
  const fail = (error: unknown) => {
    failure ??=
      error instanceof Error ? error : new Error(`a replay worker stopped with exit code ${String(error)}`)
    wake?.()
  }
  worker.on('error', fail)
  worker.on('exit', (code) => {
    if (result === undefined) fail(code)
  })
  const until = async (ready: () => boolean) => {
    while (!ready() && failure === undefined) await new Promise<void>((resolve) => (wake = resolve))
    if (failure !== undefined) throw failure
  }
  return {
    add: async (lines: PartLines) => {
      await until(() => ahead < AHEAD)
      ahead++
      worker.postMessage(lines)
    },
    finish: async () => {
      worker.postMessage('end')
      await until(() => result !== undefined)
      return result ?? undefined
    },
  }
}

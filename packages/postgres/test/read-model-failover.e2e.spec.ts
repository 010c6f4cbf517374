/**
 * Several backend instances, one writer of the read models: three processes run them with
 * `exclusive`; the one holding the lock is killed with SIGKILL while events keep coming, another
 * takes the lock, and the batches written by all of them chain from the first position to the
 * last with no event skipped and none written twice.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { randomCityHistory } from '@servicelife/spec'
import type { RecordedEvent } from '@servicelife/store'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { PostgresEventStore } from '../src/index.js'
import { asPool, testDatabase, writeHistory } from './database.js'
import { reportFigures, sqlFigures } from './figures.js'

const SCRIPT = join(import.meta.dirname, 'processes', 'read-model-process.ts')

interface Instance {
  readonly child: ChildProcess
  readonly lines: string[]
}

const instance = (url: string, schema: string): Instance => {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, url, schema], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let rest = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n')
    rest = parts.pop()!
    lines.push(...parts)
  })
  child.stderr!.on('data', (chunk: Buffer) => lines.push(`stderr ${chunk.toString()}`))
  return { child, lines }
}

const written = (lines: ReadonlyArray<string>) =>
  lines
    .filter((l) => l.startsWith('written '))
    .map((l) => l.split(' ').slice(1).map(Number) as [number, number])

const leaders = (instances: ReadonlyArray<Instance>) =>
  instances.filter(
    (i) => i.child.exitCode === null && i.child.signalCode === null && i.lines.includes('leading'),
  )

describe('PostgresReadModels with exclusive: failover', () => {
  it('a killed leader is replaced, and the batches of all leaders chain with no gap and no overlap', async () => {
    const db = await testDatabase()
    const instances: Instance[] = []
    try {
      const store = await PostgresEventStore.open(asPool(db.pool), { schema: db.schema })
      if (E.isLeft(store)) throw new Error(store.left.message)
      const [entries] = fc.sample(randomCityHistory({ services: 3, cases: 10, length: 20 }), {
        seed: 21,
        numRuns: 1,
      })
      for (let i = 0; i < 3; i++) instances.push(instance(db.url, db.schema))
      await expect
        .poll(() => instances.every((i) => i.lines.includes('ready')), { timeout: 30_000 })
        .toBe(true)
      await expect.poll(() => leaders(instances).length, { timeout: 10_000 }).toBe(1)

      const half = Math.floor(entries!.length / 2)
      await writeHistory(store.right, entries!.slice(0, half))
      const first = leaders(instances)[0]!
      // Killed while it writes: some of its batches are written, some not.
      await expect
        .poll(() => first.lines.some((l) => l.startsWith('written')), { timeout: 10_000 })
        .toBe(true)
      const exited = once(first.child, 'exit')
      first.child.kill('SIGKILL')
      await exited
      await writeHistory(store.right, entries!.slice(half))

      await expect.poll(() => leaders(instances).length, { timeout: 10_000 }).toBe(1)
      expect(leaders(instances)[0]).not.toBe(first)
      const head = await store.right.headPosition()
      const standing = async () =>
        Number((await db.pool.query(`SELECT position FROM "${db.schema}".read_models`)).rows[0]!.position)
      await expect.poll(standing, { timeout: 20_000 }).toBe(head)
      // A process reports a batch after its commit: the standing can reach the head before the
      // line of the last batch reaches this process.
      const reportedTo = () => Math.max(-1, ...instances.flatMap((i) => written(i.lines).map(([, to]) => to)))
      await expect.poll(reportedTo, { timeout: 10_000 }).toBe(head)

      // Every batch written, by whichever process: they chain from -1 to the head. The killed
      // leader may have committed one more batch and died before its line was read: one link may
      // be missing, right after its last reported batch, and never an overlap. The figures below
      // show that the events of that batch were applied, and once.
      const batches = instances.flatMap((i) => written(i.lines)).sort(([a], [b]) => a - b)
      const killedLastTo = written(first.lines).at(-1)![1]
      let at = -1
      let unreported = 0
      for (const [after, to] of batches) {
        if (after !== at) {
          expect(at).toBe(killedLastTo)
          expect(after).toBeGreaterThan(at)
          unreported++
        }
        at = to
      }
      expect(unreported).toBeLessThanOrEqual(1)
      expect(at).toBe(head)

      const events: RecordedEvent[] = []
      for await (const e of store.right.readAll()) events.push(e)
      expect(await sqlFigures(db)).toEqual(reportFigures(events))
      await store.right.close()
    } finally {
      for (const i of instances) i.child.kill('SIGKILL')
      await db.drop()
    }
  })
})

/**
 * Durability under SIGKILL: a child appends in a loop and prints every acknowledged append; it is
 * killed at seeded random moments. After each kill the store reopens with every acknowledged event,
 * no append half-present, an intact hash chain, and it keeps accepting appends.
 */

import { FileEventStore, verifyHistory } from '@servicelife/store'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { spawnChild, tempDir } from './temp-dir.js'

const KILLS = 20
const SEED = 20250224

const runAndKill = (dir: string, afterMs: number): Promise<string[][]> =>
  new Promise((resolve, reject) => {
    const child = spawnChild('append-loop.child.ts', dir)
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => {
      if (out === '' && d.toString().startsWith('ready')) setTimeout(() => child.kill('SIGKILL'), afterMs)
      out += d
    })
    child.stderr.on('data', (d: Buffer) => {
      err += d
    })
    child.on('error', reject)
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended without being killed: ${err}`))
      // The last line may itself be torn by the kill: only whole lines are acknowledgements.
      const lines = out.split('\n').slice(0, -1)
      resolve(lines.filter((l) => l.startsWith('ack ')).map((l) => l.split(' ').slice(2)))
    })
  })

describe('FileEventStore durability', () => {
  it(`keeps every acknowledged append, and no append half, across ${KILLS} SIGKILLs`, async () => {
    const { dir, remove } = tempDir()
    const delays = fc.sample(fc.integer({ min: 5, max: 150 }), { seed: SEED, numRuns: KILLS })
    const acknowledged: string[][] = []
    let truncations = 0
    try {
      for (const delay of delays) {
        acknowledged.push(...(await runAndKill(dir, delay)))
        const opened = await FileEventStore.open(dir)
        if (E.isLeft(opened)) throw new Error(opened.left.message)
        const store = opened.right
        if (store.recovery.truncatedBytes > 0) truncations++
        const present = new Set<string>()
        for await (const e of store.readAll()) present.add(e.metadata.eventId)
        for (const ids of acknowledged)
          for (const id of ids) expect(present.has(id), `acknowledged ${id} lost`).toBe(true)
        // Appends are all or nothing: events of one append (same pid-worker-n prefix) are all present or none.
        const byAppend = new Map<string, number>()
        for (const id of present) {
          if (!/^\d+-\d+-\d+-\d+$/.test(id)) continue
          const append = id.split('-').slice(0, 3).join('-')
          byAppend.set(append, (byAppend.get(append) ?? 0) + 1)
        }
        for (const [append, count] of byAppend) {
          const size = 1 + (Number(append.split('-')[2]) % 3)
          expect(count, `append ${append} half-present`).toBe(size)
        }
        expect(E.isRight(await verifyHistory(store, { decode: true }))).toBe(true)
        expect(
          E.isRight(
            await store.appendToStream(
              'service-probe',
              [{ type: 'ServiceRestored', data: { serviceId: 'probe', at: '2025-01-01T00:00:00Z' } }],
              { expectedRevision: 'any' },
            ),
          ),
        ).toBe(true)
        await store.close()
      }
      expect(acknowledged.length).toBeGreaterThan(KILLS)
      console.log(
        `durability: ${KILLS} kills, ${acknowledged.length} acknowledged appends kept, ${truncations} torn tails cut`,
      )
    } finally {
      remove()
    }
  }, 120_000)
})

/**
 * Global order a subscriber can trust: a reader that has seen position p never later finds an
 * event before p. The race that breaks a sequence-numbered log: transaction A appends and stays
 * open, transaction B appends and commits. Here B cannot take a position until A has committed,
 * so no reader sees B's event before A's.
 */
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'
import type { RecordedEvent } from '@servicelife/store'
import { type PgClient, type PgPool, PostgresEventStore } from '../src/index.js'
import { asPool, type TestDatabase, testDatabase } from './database.js'

/** A pool whose clients, once armed, hold their COMMIT until `release` is called: a transaction kept open. */
const holdingCommits = (pool: PgPool) => {
  let armed = false
  let release: () => void = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  let holding: () => void = () => {}
  const held = new Promise<void>((resolve) => (holding = resolve))
  const wrapped: PgPool = {
    query: (text, values) => pool.query(text, values),
    end: () => pool.end(),
    connect: async (): Promise<PgClient> => {
      const client = await pool.connect()
      return {
        release: (error) => client.release(error),
        query: async (text, values) => {
          if (armed && text === 'COMMIT') {
            holding()
            await released
          }
          return client.query(text, values)
        },
      }
    },
  }
  return { pool: wrapped, held, release, arm: () => (armed = true) }
}

const event = (n: number) => ({
  type: 'ServiceRestored',
  data: { serviceId: 'race', at: `2025-01-0${n}T00:00:00Z` },
})

const opened = async (pool: PgPool, schema: string) => {
  const store = await PostgresEventStore.open(pool, { schema, pollIntervalMs: 10 })
  if (E.isLeft(store)) throw new Error(store.left.message)
  return store.right
}

const positions = async (store: PostgresEventStore, after = -1) => {
  const out: number[] = []
  for await (const e of store.readAll({ after })) out.push(e.position)
  return out
}

describe('PostgresEventStore: positions in commit order', () => {
  let db: TestDatabase | undefined
  afterEach(async () => {
    await db?.drop()
    db = undefined
  })

  it('an append that waits on an open one commits after it, and no reader sees it first', async () => {
    db = await testDatabase()
    const holder = holdingCommits(asPool(db.pool))
    const storeA = await opened(holder.pool, db.schema)
    const storeB = await opened(asPool(db.pool), db.schema)
    const reader = await opened(asPool(db.pool), db.schema)
    const seen: RecordedEvent[] = []
    const subscription = reader.subscribeToAll({}, (e) => {
      seen.push(e)
    })

    // A takes its position and holds its transaction open at COMMIT.
    holder.arm()
    const appendA = storeA.appendToStream('service-a', [event(1)], { expectedRevision: 'no-stream' })
    await holder.held
    // B, on another stream, starts and must wait for A: it cannot commit first.
    let bDone = false
    const appendB = storeB
      .appendToStream('service-b', [event(2)], { expectedRevision: 'no-stream' })
      .then((r) => ((bDone = true), r))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(bDone).toBe(false)
    expect(await positions(reader)).toEqual([])
    expect(seen).toEqual([])

    holder.release()
    const [a, b] = await Promise.all([appendA, appendB])
    expect(E.isRight(a) && E.isRight(b)).toBe(true)
    await expect.poll(() => seen.length).toBe(2)
    expect(seen.map((e) => [e.streamId, e.position])).toEqual([
      ['service-a', 0],
      ['service-b', 1],
    ])
    await subscription.stop()
    await Promise.all([storeA.close(), storeB.close(), reader.close()])
  })

  it('many writers on many connections: every reader sees positions 0, 1, 2, ... in order, each once', async () => {
    db = await testDatabase()
    const writers = await Promise.all([0, 1, 2].map(() => opened(asPool(db!.pool), db!.schema)))
    const reader = await opened(asPool(db.pool), db.schema)
    const seen: number[] = []
    const subscription = reader.subscribeToAll({}, (e) => {
      seen.push(e.position)
    })
    const appends = writers.flatMap((store, w) =>
      Array.from({ length: 40 }, (_, i) =>
        store.appendToStream(`service-${w}-${i % 5}`, [event(1), event(2)], { expectedRevision: 'any' }),
      ),
    )
    const results = await Promise.all(appends)
    expect(results.every(E.isRight)).toBe(true)
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(240)
    expect(seen).toEqual(Array.from({ length: 240 }, (_, i) => i))
    expect(await reader.headPosition()).toBe(239)
    await subscription.stop()
    await Promise.all([...writers, reader].map((s) => s.close()))
  })
})

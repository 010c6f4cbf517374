/** Projection checkpoints in PostgreSQL: what the runner saved is what it resumes from; nothing untrusted is resumed. */
import { allProjections, type Projection, project, ProjectionRunner } from '@servicelife/projections'
import { randomCityHistory } from '@servicelife/spec'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PostgresCheckpointStore, PostgresEventStore } from '../src/index.js'
import { asPool, right, testDatabase, writeHistory } from './database.js'

/** JSON with every object's keys sorted: states equal whatever order their fields were set in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )

describe('PostgresCheckpointStore', () => {
  it('loads what was saved last, and nothing for a projection never saved', async () => {
    const db = await testDatabase()
    try {
      const checkpoints = right(await PostgresCheckpointStore.open(asPool(db.pool), { schema: db.schema }))
      expect(await checkpoints.load('channelMix')).toBeUndefined()
      await checkpoints.save('channelMix', { version: 1, position: 3, state: { a: 1 } })
      await checkpoints.save('channelMix', {
        version: 1,
        calendar: 'Europe/Helsinki',
        position: 9,
        state: [1, 2],
      })
      expect(await checkpoints.load('channelMix')).toEqual({
        version: 1,
        calendar: 'Europe/Helsinki',
        position: 9,
        state: [1, 2],
      })
    } finally {
      await db.drop()
    }
  })

  it.each(['not json', '{"version":"1","position":0,"state":null}', '[]'])(
    'a stored checkpoint that does not decode (%s) is not trusted: none is loaded',
    async (text) => {
      const db = await testDatabase()
      try {
        const checkpoints = right(await PostgresCheckpointStore.open(asPool(db.pool), { schema: db.schema }))
        await db.pool.query(`INSERT INTO "${db.schema}".checkpoints (name, checkpoint) VALUES ('x', $1)`, [
          text,
        ])
        expect(await checkpoints.load('x')).toBeUndefined()
      } finally {
        await db.drop()
      }
    },
  )

  it('a runner stopped and started again on PostgreSQL resumes to the state of one rebuild', async () => {
    const db = await testDatabase()
    try {
      const store = right(
        await PostgresEventStore.open(asPool(db.pool), { schema: db.schema, pollIntervalMs: 10 }),
      )
      const checkpoints = right(await PostgresCheckpointStore.open(asPool(db.pool), { schema: db.schema }))
      const [entries] = fc.sample(randomCityHistory({ services: 3, cases: 6, length: 40 }), {
        seed: 5,
        numRuns: 1,
      })
      const projections = Object.values(allProjections) as ReadonlyArray<Projection<unknown>>
      const half = Math.floor(entries!.length / 2)
      await writeHistory(store, entries!.slice(0, half))
      const first = new ProjectionRunner({ store, projections, checkpoints, checkpointEvery: 3 })
      await first.start()
      await first.caughtUpTo(await store.headPosition())
      await first.stop()
      const saved = await checkpoints.load('serviceCatalog')
      expect(saved?.position).toBe(await store.headPosition())

      await writeHistory(store, entries!.slice(half))
      const second = new ProjectionRunner({ store, projections, checkpoints, checkpointEvery: 3 })
      await second.start()
      await second.caughtUpTo(await store.headPosition())
      const events = []
      for await (const e of store.readAll()) events.push(e)
      for (const projection of projections)
        expect(canonical(second.state(projection))).toEqual(canonical(project(projection, events)))
      await second.stop()
      await store.close()
    } finally {
      await db.drop()
    }
  })
})

/**
 * The SQL read models give the reports' figures: for any history, a query over the tables counts
 * what the in-memory reports count (catalogue, promises 2 and 3, channel mix, satisfaction). The
 * rows stand at one position, written with it; a restart folds again and writes on from there.
 */
import { test } from '@fast-check/vitest'
import { randomCityHistory } from '@servicelife/spec'
import { type RecordedEvent } from '@servicelife/store'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PostgresEventStore, PostgresReadModels } from '../src/index.js'
import { asPool, right, testDatabase, writeHistory } from './database.js'
import { reportFigures, sqlFigures } from './figures.js'

const recorded = async (store: PostgresEventStore) => {
  const out: RecordedEvent[] = []
  for await (const e of store.readAll()) out.push(e)
  return out
}

describe('PostgresReadModels', () => {
  // Each run is a database's worth of work: a failure is reported as found, not shrunk for minutes.
  test.prop([randomCityHistory({ services: 3, cases: 6, length: 14 }), fc.nat()], {
    numRuns: 15,
    endOnFailure: true,
  })(
    'SQL over the tables gives the figures of the in-memory reports, also across a restart',
    async (entries, cut) => {
      const db = await testDatabase()
      try {
        const store = right(await PostgresEventStore.open(asPool(db.pool), { schema: db.schema }))
        const split = cut % (entries.length + 1)
        await writeHistory(store, entries.slice(0, split))
        const first = right(
          await PostgresReadModels.start(asPool(db.pool), store, {
            schema: db.schema,
            pollIntervalMs: 10,
            batch: 7,
          }),
        )
        await first.caughtUpTo(await store.headPosition())
        await first.stop()
        await writeHistory(store, entries.slice(split))
        const second = right(
          await PostgresReadModels.start(asPool(db.pool), store, {
            schema: db.schema,
            pollIntervalMs: 10,
            batch: 7,
          }),
        )
        await second.caughtUpTo(await store.headPosition())
        await second.stop()
        expect(await sqlFigures(db)).toEqual(reportFigures(await recorded(store)))
        await store.close()
      } finally {
        await db.drop()
      }
    },
  )

  it('rows set back to the start are written again from the record', async () => {
    const db = await testDatabase()
    try {
      const store = right(await PostgresEventStore.open(asPool(db.pool), { schema: db.schema }))
      const [entries] = fc.sample(randomCityHistory({ services: 2, cases: 5, length: 12 }), {
        seed: 4,
        numRuns: 1,
      })
      await writeHistory(store, entries!)
      const options = { schema: db.schema, pollIntervalMs: 5 }
      const models = right(await PostgresReadModels.start(asPool(db.pool), store, options))
      const head = await store.headPosition()
      await models.caughtUpTo(head)
      const before = await sqlFigures(db)
      await db.pool.query(
        `TRUNCATE "${db.schema}".service_catalog, "${db.schema}".case_answers, "${db.schema}".channel_contacts, "${db.schema}".satisfaction_responses`,
      )
      await db.pool.query(`UPDATE "${db.schema}".read_models SET position = -1`)
      await writeHistory(store, entries!.slice(0, 1))
      await models.caughtUpTo(head + 1)
      await models.stop()
      expect(before.catalog.length).toBeGreaterThan(0)
      expect(await sqlFigures(db)).toEqual(reportFigures(await recorded(store)))
      await store.close()
    } finally {
      await db.drop()
    }
  })

  it('two processes following one record write each row once and stand at the same position', async () => {
    const db = await testDatabase()
    try {
      const store = right(
        await PostgresEventStore.open(asPool(db.pool), { schema: db.schema, pollIntervalMs: 10 }),
      )
      const [entries] = fc.sample(randomCityHistory({ services: 3, cases: 8, length: 20 }), {
        seed: 9,
        numRuns: 1,
      })
      const options = { schema: db.schema, pollIntervalMs: 5, batch: 3 }
      const a = right(await PostgresReadModels.start(asPool(db.pool), store, options))
      const b = right(await PostgresReadModels.start(asPool(db.pool), store, options))
      await writeHistory(store, entries!)
      const head = await store.headPosition()
      await Promise.all([a.caughtUpTo(head), b.caughtUpTo(head)])
      await Promise.all([a.stop(), b.stop()])
      const { rows } = await db.pool.query(`SELECT position FROM "${db.schema}".read_models`)
      expect(Number(rows[0]!.position)).toBe(head)
      expect(await sqlFigures(db)).toEqual(reportFigures(await recorded(store)))
      await store.close()
    } finally {
      await db.drop()
    }
  })
})

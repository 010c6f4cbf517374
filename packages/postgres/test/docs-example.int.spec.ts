/** docs/examples/postgres-city.ts, run as docs/postgresql.md shows it, on the run's real server. */
import { allProjections, catalogReport } from '@servicelife/projections'
import { planAndLaunch, turkuServices } from '@servicelife/spec'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { PostgresCheckpointStore } from '../src/index.js'
import { openCityRecord } from '../../../docs/examples/postgres-city.js'

describe('docs/examples/postgres-city.ts', () => {
  it('records commands in PostgreSQL and keeps the catalogue current, across a restart', async () => {
    const schema = `docs_${process.pid}`
    const first = await openCityRecord(inject('pgUrl'), schema)
    if (E.isLeft(first)) throw new Error(first.left.message)
    const city = first.right
    try {
      for (const [n, command] of planAndLaunch(turkuServices.youthGuidance).entries()) {
        const handled = await city.services.handle(command, { commandId: `youth-guidance-${n}` })
        expect(E.isLeft(handled) ? handled.left : 'accepted').toBe('accepted')
      }
      await city.runner.caughtUpTo(await city.store.headPosition())
      const catalog = catalogReport(city.runner.state(allProjections.serviceCatalog))
      expect(catalog.map((e) => [e.serviceId, e.lifecycle])).toEqual([
        [turkuServices.youthGuidance.serviceId, 'in-production'],
      ])
    } finally {
      await city.close()
    }

    // The runner's checkpoint is kept in the same schema: a restart resumes from it.
    const checkpoints = await PostgresCheckpointStore.connect(inject('pgUrl'), { schema })
    if (E.isLeft(checkpoints)) throw new Error(checkpoints.left.message)
    expect((await checkpoints.right.load('serviceCatalog'))?.position).toBe(1)
    await checkpoints.right.close()
    const again = await openCityRecord(inject('pgUrl'), schema)
    if (E.isLeft(again)) throw new Error(again.left.message)
    try {
      const catalog = catalogReport(again.right.runner.state(allProjections.serviceCatalog))
      expect(catalog).toHaveLength(1)
    } finally {
      await again.right.close()
      const admin = new pg.Pool({ connectionString: inject('pgUrl'), max: 1 })
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await admin.end()
    }
  })

  it('a wrong address is a Left the application can print', async () => {
    const opened = await openCityRecord('postgres://city:secret@127.0.0.1:1/records')
    expect(E.isLeft(opened) && opened.left.code).toBe('postgres-unavailable')
  })
})

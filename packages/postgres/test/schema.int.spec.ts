/**
 * Opening: the schema is created and migrated once, whoever opens first; a newer schema, a bad
 * schema name and an unreachable server are values, never a crash, and nothing is written.
 */
import { serviceEntity } from '@servicelife/domain'
import { planAndLaunch, turkuServices } from '@servicelife/spec'
import { commandHandler } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { PostgresCheckpointStore, PostgresEventStore, SCHEMA_VERSION } from '../src/index.js'
import { asPool, testDatabase } from './database.js'

const schemasNamed = async (pool: pg.Pool, name: string) =>
  (await pool.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [name])).rowCount

describe('PostgresEventStore.open: the schema', () => {
  it('is created on first opening and each migration recorded once, however many processes open at once', async () => {
    const db = await testDatabase()
    try {
      const opened = await Promise.all(
        Array.from({ length: 5 }, () => PostgresEventStore.open(asPool(db.pool), { schema: db.schema })),
      )
      expect(opened.every(E.isRight)).toBe(true)
      const { rows } = await db.pool.query(`SELECT version FROM "${db.schema}".migrations ORDER BY version`)
      expect(rows.map((r) => r.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1))
      for (const store of opened) if (E.isRight(store)) await store.right.close()
    } finally {
      await db.drop()
    }
  })

  it('a schema newer than this code is refused, and neither store writes to it', async () => {
    const db = await testDatabase()
    try {
      const first = await PostgresEventStore.open(asPool(db.pool), { schema: db.schema })
      expect(E.isRight(first)).toBe(true)
      await db.pool.query(
        `INSERT INTO "${db.schema}".migrations (version, description) VALUES ($1, 'from the future')`,
        [SCHEMA_VERSION + 1],
      )
      const events = await PostgresEventStore.open(asPool(db.pool), { schema: db.schema })
      const checkpoints = await PostgresCheckpointStore.open(asPool(db.pool), { schema: db.schema })
      for (const refused of [events, checkpoints])
        expect(E.isLeft(refused) && refused.left).toMatchObject({
          code: 'schema-newer',
          message: expect.stringContaining(`version ${SCHEMA_VERSION + 1}`),
        })
    } finally {
      await db.drop()
    }
  })

  it('opened with migrate: false, a database with no store is refused and nothing is created', async () => {
    const db = await testDatabase()
    try {
      for (const opened of [
        await PostgresEventStore.open(asPool(db.pool), { schema: db.schema, migrate: false }),
        await PostgresCheckpointStore.open(asPool(db.pool), { schema: db.schema, migrate: false }),
      ])
        expect(E.isLeft(opened) && opened.left.code).toBe('schema-missing')
      expect(await schemasNamed(db.pool, db.schema)).toBe(0)
    } finally {
      await db.drop()
    }
  })

  it('opened with migrate: false, a store at this version reads what was written', async () => {
    const db = await testDatabase()
    try {
      const writer = await PostgresEventStore.open(asPool(db.pool), { schema: db.schema })
      if (E.isLeft(writer)) throw new Error(writer.left.message)
      await writer.right.appendToStream(
        'service-x',
        [{ type: 'ServiceRestored', data: { serviceId: 'x', at: '2025-01-01T00:00:00Z' } }],
        { expectedRevision: 'no-stream' },
      )
      const reader = await PostgresEventStore.open(asPool(db.pool), { schema: db.schema, migrate: false })
      if (E.isLeft(reader)) throw new Error(reader.left.message)
      expect((await reader.right.readStream('service-x')).map((e) => e.type)).toEqual(['ServiceRestored'])
    } finally {
      await db.drop()
    }
  })

  it.each(['', 'Public', '1st', 'a-b', 'x"; DROP TABLE y; --', 'a'.repeat(64)])(
    'a schema name that is not a plain identifier (%j) is refused before any SQL runs',
    async (schema) => {
      const db = await testDatabase()
      try {
        const opened = await PostgresEventStore.open(asPool(db.pool), { schema })
        expect(E.isLeft(opened) && opened.left.code).toBe('schema-name-invalid')
        expect(await schemasNamed(db.pool, schema)).toBe(0)
      } finally {
        await db.drop()
      }
    },
  )
})

describe('PostgresEventStore.connect', () => {
  it('an unreachable server is a Left naming it, with the password left out', async () => {
    const connected = await PostgresEventStore.connect('postgres://city:s3cret@127.0.0.1:1/records')
    expect(E.isLeft(connected) && connected.left.code).toBe('postgres-unavailable')
    expect(E.isLeft(connected) && connected.left.message).toContain('postgres://city:***@127.0.0.1:1/records')
    expect(E.isLeft(connected) && connected.left.message).not.toContain('s3cret')
  })

  it.each(['postgres://localhost:notaport/x', 'postgres://[bad/records'])(
    'a connection string that does not parse (%j) is a Left before any connection is tried',
    async (url) => {
      const connected = await PostgresEventStore.connect(url)
      expect(E.isLeft(connected) && connected.left.code).toBe('connection-string-invalid')
    },
  )

  it('a wrong password is a Left, not a crash', async () => {
    const db = await testDatabase()
    try {
      const url = new URL(db.url)
      url.password = 'not-the-password'
      const connected = await PostgresEventStore.connect(url.href, { schema: db.schema })
      expect(E.isLeft(connected) && connected.left.code).toBe('postgres-unavailable')
    } finally {
      await db.drop()
    }
  })

  it('a store on its own pool handles commands and ends its pool on close', async () => {
    const db = await testDatabase()
    try {
      const connected = await PostgresEventStore.connect(db.url, { schema: db.schema, maxConnections: 2 })
      if (E.isLeft(connected)) throw new Error(connected.left.message)
      const store = connected.right
      const services = commandHandler(store, serviceEntity, { now: () => Date.parse('2030-01-01T00:00:00Z') })
      const [plan] = planAndLaunch(turkuServices.youthGuidance)
      const planned = await services.handle(plan!, { commandId: 'plan-youth-guidance' })
      expect(E.isLeft(planned) ? planned.left : 'accepted').toBe('accepted')
      expect(await store.streamRevision(`service-${turkuServices.youthGuidance.serviceId}`)).toBe(0)
      await store.close()
      await expect(store.appendToStream('x', [], { expectedRevision: 'any' })).rejects.toThrow(/closed/)
    } finally {
      await db.drop()
    }
  })
})

/**
 * The key store contract against PostgresKeyStore on a real PostgreSQL, and the personal-data
 * property on PostgreSQL: records sealed with keys in the same database, a customer forgotten,
 * the record still verifying.
 */
import { keyStoreContract } from '@servicelife/personal-data/contract'
import { forgetSubject, type KeyStore, protectPersonalData } from '@servicelife/personal-data'
import { guidanceYears } from '@servicelife/spec'
import { verifyHistory } from '@servicelife/store'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { PostgresEventStore, PostgresKeyStore } from '../src/index.js'
import { asPool, right, type TestDatabase, testDatabase } from './database.js'

const databases = new WeakMap<KeyStore, TestDatabase>()
const opened: TestDatabase[] = []
afterAll(async () => {
  for (const db of opened.splice(0)) await db.drop()
})

keyStoreContract(
  'PostgresKeyStore',
  {
    make: async () => {
      const db = await testDatabase()
      opened.push(db)
      const keys = right(await PostgresKeyStore.open(asPool(db.pool), { schema: db.schema }))
      databases.set(keys, db)
      return keys
    },
    reopen: async (closed) => {
      const db = databases.get(closed)!
      return right(await PostgresKeyStore.open(asPool(db.pool), { schema: db.schema }))
    },
  },
  { describe, it },
)

describe('PostgresKeyStore', () => {
  it('opened read-only makes no key and writes nothing, beside a writer', async () => {
    const db = await testDatabase()
    try {
      const writer = right(await PostgresKeyStore.open(asPool(db.pool), { schema: db.schema }))
      const [made] = right(
        await writer.keysFor([
          { streamId: 'case-1', field: 'ContactReceived.subject', subject: 'customer', who: 'r1' },
        ]),
      )
      const reader = right(
        await PostgresKeyStore.open(asPool(db.pool), { schema: db.schema, readOnly: true }),
      )
      expect(Buffer.from(right(await reader.keyById(made!.id))!.key)).toEqual(Buffer.from(made!.key))
      const refused = await reader.keysFor([
        { streamId: 'case-2', field: 'ContactReceived.subject', subject: 'customer' },
      ])
      expect(E.isLeft(refused) && refused.left.code).toBe('key-store-read-only')
    } finally {
      await db.drop()
    }
  })

  it('records sealed on PostgreSQL with keys beside them: a customer forgotten reads erased and the record verifies', async () => {
    const history = fc.sample(guidanceYears(12), { numRuns: 1, seed: 42 })[0]!
    const db = await testDatabase()
    try {
      const record = right(await PostgresEventStore.open(asPool(db.pool), { schema: db.schema }))
      const keys = right(await PostgresKeyStore.open(asPool(db.pool), { schema: db.schema }))
      const store = protectPersonalData(record, keys)
      for (const { streamId, event } of history)
        await store.appendToStream(streamId, [{ type: event.type, data: event.data }], {
          expectedRevision: 'any',
        })
      const ref = history.find((h) => h.event.type === 'ContactReceived')!
      const customer = (ref.event.data as { customer: { ref: string } }).customer.ref
      const done = right(
        await forgetSubject(store, keys, { customer }, { at: '2026-05-01T00:00:00Z', erasure: 'req-pg' }),
      )
      expect(done.keys).toBeGreaterThan(0)
      const [contact] = await store.readStream(ref.streamId)
      expect((contact!.data as { subject: unknown }).subject).toEqual({ erased: true })
      expect(E.isRight(await verifyHistory(record))).toBe(true)
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS n FROM "${db.schema}".subject_keys WHERE owner = $1`,
        [`customer:${customer}`],
      )
      expect(rows[0]!.n).toBe(0)
      await record.close()
    } finally {
      await db.drop()
    }
  })
})

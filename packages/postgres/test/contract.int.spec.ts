/**
 * The store's and the command handler's contract suites, unchanged, against PostgresEventStore on
 * a real PostgreSQL (the embedded server of the run, or PG_URL).
 */
import { commandHandlerContract } from '@servicelife/spec'
import { eventStoreContract } from '@servicelife/store/contract'
import * as E from 'fp-ts/lib/Either.js'
import { describe, it } from 'vitest'
import { PostgresEventStore } from '../src/index.js'
import { asPool, testDatabase } from './database.js'

const open = async () => {
  const db = await testDatabase()
  const store = await PostgresEventStore.open(asPool(db.pool), { schema: db.schema, pollIntervalMs: 20 })
  if (E.isLeft(store)) throw new Error(store.left.message)
  return {
    store: store.right,
    cleanup: async () => {
      await store.right.close()
      await db.drop()
    },
  }
}

eventStoreContract('PostgresEventStore', open, { describe, it })
commandHandlerContract('PostgresEventStore', open, { describe, it })

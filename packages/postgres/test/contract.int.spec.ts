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

const opener = (groupCommit: boolean) => async () => {
  const db = await testDatabase()
  const store = await PostgresEventStore.open(asPool(db.pool), {
    schema: db.schema,
    pollIntervalMs: 20,
    groupCommit,
  })
  if (E.isLeft(store)) throw new Error(store.left.message)
  return {
    store: store.right,
    cleanup: async () => {
      await store.right.close()
      await db.drop()
    },
  }
}

for (const groupCommit of [true, false]) {
  const name = `PostgresEventStore (${groupCommit ? 'group commit' : 'a transaction per append'})`
  eventStoreContract(name, opener(groupCommit), { describe, it })
  commandHandlerContract(name, opener(groupCommit), { describe, it })
}

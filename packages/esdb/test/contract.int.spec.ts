/**
 * The store's and the command handler's contract suites, unchanged, against the adapter: on the
 * protocol-level test server through both append paths, and against a real EventStoreDB when
 * ESDB_URL is set.
 */
import * as E from 'fp-ts/lib/Either.js'
import { commandHandlerContract } from '@servicelife/spec'
import { eventStoreContract } from '@servicelife/store/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EventStoreDBEventStore } from '../src/index.js'
import { TestEventStoreDBServer } from './server/test-eventstoredb-server.js'

/** A store on a server the test started: connecting to it is not what is tested here. */
const connected = async (...args: Parameters<typeof EventStoreDBEventStore.connect>) => {
  const store = await EventStoreDBEventStore.connect(...args)
  if (E.isLeft(store)) throw new Error(store.left.message)
  return store.right
}

for (const batchAppend of [true, false]) {
  const path = batchAppend ? 'BatchAppend' : 'Append'
  describe(`on the test server, appending through ${path}`, () => {
    let server: TestEventStoreDBServer
    beforeAll(async () => {
      server = await TestEventStoreDBServer.start({ batchAppend })
    })
    afterAll(() => server.stop())

    const open = async () => {
      const store = await connected(server.connectionString, { resubscribeDelayMs: 20 })
      return { store, cleanup: () => store.close() }
    }
    eventStoreContract(`EventStoreDBEventStore (${path})`, open, { describe, it })
    commandHandlerContract(`EventStoreDBEventStore (${path})`, open, { describe, it })

    it(`the client appended through ${path} only, as the server advertised`, () => {
      const used = server.appendsVia
      expect(batchAppend ? used.batchAppend : used.append).toBeGreaterThan(0)
      expect(batchAppend ? used.append : used.batchAppend).toBe(0)
    })
  })
}

const ESDB_URL = process.env.ESDB_URL
if (ESDB_URL !== undefined && ESDB_URL !== '') {
  const open = async () => {
    const store = await connected(ESDB_URL)
    return { store, cleanup: () => store.close() }
  }
  eventStoreContract(`EventStoreDBEventStore on ${ESDB_URL}`, open, { describe, it })
  commandHandlerContract(`EventStoreDBEventStore on ${ESDB_URL}`, open, { describe, it })
} else {
  console.log(
    'esdb: the real-server contract run was skipped (ESDB_URL is not set); to run it: ESDB_URL="esdb://localhost:2113?tls=false" npx vitest run packages/esdb',
  )
}

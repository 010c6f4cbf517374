/**
 * Connecting to EventStoreDB / KurrentDB: both factories wait for the server's first answer, and a
 * bad connection string or a silent server is a Left. Compiled with the project and run by
 * docs/eventstoredb-connect.int.spec.ts.
 */
import { EventStoreDBCheckpointStore, EventStoreDBEventStore } from '@servicelife/esdb'
import * as E from 'fp-ts/lib/Either.js'

export const connectCity = async (connectionString: string) => {
  const store = await EventStoreDBEventStore.connect(connectionString, { connectTimeoutMs: 3000 })
  if (E.isLeft(store)) return store
  const checkpoints = await EventStoreDBCheckpointStore.connect(connectionString)
  if (E.isLeft(checkpoints)) {
    await store.right.close()
    return checkpoints
  }
  // or, on a client the application already has: EventStoreDBEventStore.fromClient(client)
  return E.right({ store: store.right, checkpoints: checkpoints.right })
}

/**
 * A city's record in PostgreSQL: the event store and the projection checkpoints in one schema, a
 * projection runner kept current from it, and the service command handler. Compiled with the
 * project and run against a real server by packages/postgres/test/docs-example.int.spec.ts.
 */
import { serviceEntity } from '@servicelife/domain'
import { PostgresCheckpointStore, PostgresEventStore } from '@servicelife/postgres'
import { allProjections, ProjectionRunner } from '@servicelife/projections'
import { commandHandler } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

export const openCityRecord = async (connectionString: string, schema = 'servicelife') => {
  // Each factory answers only once the server has: a wrong address or password is a Left here.
  const store = await PostgresEventStore.connect(connectionString, { schema })
  if (E.isLeft(store)) return store
  const checkpoints = await PostgresCheckpointStore.connect(connectionString, { schema })
  if (E.isLeft(checkpoints)) {
    await store.right.close()
    return checkpoints
  }
  const runner = new ProjectionRunner({
    store: store.right,
    projections: [allProjections.serviceCatalog],
    checkpoints: checkpoints.right,
  })
  await runner.start()
  return E.right({
    store: store.right,
    runner,
    services: commandHandler(store.right, serviceEntity),
    close: async () => {
      await runner.stop()
      await checkpoints.right.close()
      await store.right.close()
    },
  })
}

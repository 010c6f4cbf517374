/**
 * @servicelife/esdb: the EventStore port on EventStoreDB (KurrentDB) through
 * `@eventstore/db-client`, and projection checkpoints kept there.
 */
export {
  connectEventStoreDB,
  connectionFromString,
  DeletedStreamError,
  type EsdbConnection,
} from './client/esdb-connection.js'
export { CHECKPOINT_STREAM_PREFIX, EventStoreDBCheckpointStore } from './shell/checkpoint-store.js'
export type { ConnectError, ConnectTimeout } from './shell/connect.js'
export {
  type ConnectOptions,
  EventStoreDBEventStore,
  type EventStoreDBOptions,
} from './shell/eventstoredb-event-store.js'

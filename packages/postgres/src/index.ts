/**
 * servicelife on PostgreSQL: the EventStore port (`PostgresEventStore`) and projection checkpoints
 * (`PostgresCheckpointStore`) and the keys of personal data (`PostgresKeyStore`) in one schema, created and migrated on opening. See docs/postgresql.md.
 */
export {
  type PostgresConnectOptions,
  PostgresEventStore,
  type PostgresStoreOptions,
} from './shell/postgres-event-store.js'
export { PostgresCheckpointStore } from './shell/postgres-checkpoint-store.js'
export { PostgresKeyStore, type PostgresKeyStoreOptions } from './shell/postgres-key-store.js'
export {
  DEFAULT_SCHEMA,
  type PgClient,
  type PgPool,
  type PostgresStoreError,
  type QueryResult,
  type SchemaOption,
} from './shell/connection.js'
export { type Migration, migrations, SCHEMA_VERSION } from './sql/migrations.js'
export {
  PostgresReadModels,
  type ReadModelFailure,
  type ReadModelOptions,
} from './shell/postgres-read-models.js'
export {
  type ContactRow,
  type ReadModelChanges,
  type ReadModels,
  type ReadModelState,
  readModelsIn,
  type ResponseRow,
} from './core/read-models.js'

/**
 * The stores' schema, as versioned SQL: each migration is applied once, in order, in one
 * transaction, and recorded in `migrations`. A database whose schema is newer than the last
 * migration here is refused, never written by older code.
 */

/** One step of the schema; `{schema}` stands for the quoted schema name. */
export interface Migration {
  readonly version: number
  readonly description: string
  readonly sql: string
}

export const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    description: 'the event log, its streams and head, and projection checkpoints',
    sql: `
      -- The last global position: one row, updated by every append. Its row lock orders appends,
      -- so positions are given in commit order (docs/postgresql.md).
      CREATE TABLE {schema}.head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        position bigint NOT NULL
      );
      INSERT INTO {schema}.head (singleton, position) VALUES (true, -1);

      -- Each stream's last revision (-1: none yet) and last hash, where the next append chains on.
      CREATE TABLE {schema}.streams (
        stream_id text PRIMARY KEY,
        revision bigint NOT NULL,
        hash text NOT NULL
      );

      -- Every event once. record is the event's canonical text, exactly as the file store writes
      -- its line: the hash chain is over that text, which jsonb would reorder and normalise.
      CREATE TABLE {schema}.events (
        position bigint PRIMARY KEY,
        stream_id text NOT NULL,
        revision bigint NOT NULL,
        event_id text NOT NULL,
        type text NOT NULL,
        recorded_at text NOT NULL,
        command_id text,
        record text NOT NULL,
        CONSTRAINT events_stream_revision UNIQUE (stream_id, revision)
      );
      CREATE INDEX events_event_id ON {schema}.events (event_id);
      CREATE INDEX events_command_id ON {schema}.events (command_id) WHERE command_id IS NOT NULL;

      CREATE TABLE {schema}.checkpoints (
        name text PRIMARY KEY,
        checkpoint text NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
]

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version

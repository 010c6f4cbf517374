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

      -- An append's locks in one call: the head first, then its streams in id order (a new stream's
      -- row made at revision -1), so that every append takes them in the same order. Each
      -- statement here reads what was committed before it: a row another append just made is seen.
      CREATE FUNCTION {schema}.lock_streams(ids text[], genesis text)
      RETURNS TABLE (stream_id text, revision bigint, hash text, head bigint)
      LANGUAGE plpgsql AS $$
      DECLARE
        last bigint;
      BEGIN
        SELECT h.position INTO last FROM {schema}.head AS h WHERE h.singleton FOR UPDATE;
        INSERT INTO {schema}.streams AS s (stream_id, revision, hash)
          SELECT id, -1, genesis FROM unnest(ids) AS id ORDER BY id
          ON CONFLICT ON CONSTRAINT streams_pkey DO NOTHING;
        RETURN QUERY
          SELECT s.stream_id, s.revision, s.hash, last FROM {schema}.streams AS s
          WHERE s.stream_id = ANY(ids) ORDER BY s.stream_id FOR UPDATE;
      END
      $$;

      CREATE TABLE {schema}.checkpoints (
        name text PRIMARY KEY,
        checkpoint text NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    description: 'SQL read models: service_catalog, case_answers, channel_contacts, satisfaction_responses',
    sql: `
      -- The position the read models' rows stand at: moved in the transaction that writes them.
      CREATE TABLE {schema}.read_models (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        position bigint NOT NULL
      );
      INSERT INTO {schema}.read_models (singleton, position) VALUES (true, -1);

      CREATE TABLE {schema}.service_catalog (
        service_id text PRIMARY KEY,
        lifecycle text NOT NULL,
        name_fi text,
        name_sv text,
        name_en text,
        service_area text NOT NULL,
        obligation text NOT NULL,
        availability text NOT NULL,
        production_mode text NOT NULL,
        producer text,
        channels text[] NOT NULL,
        critical boolean NOT NULL,
        target_groups text[] NOT NULL,
        planned_at timestamptz NOT NULL,
        launched_at timestamptz,
        retired_at timestamptz,
        replaced_by text,
        last_review_at timestamptz,
        last_review_decision text
      );

      CREATE TABLE {schema}.case_answers (
        case_id text PRIMARY KEY,
        service_id text,
        first_channel text NOT NULL,
        first_contact_at timestamptz NOT NULL,
        first_contact_month text NOT NULL,
        contacts integer NOT NULL,
        opened boolean NOT NULL,
        opened_on_first_contact boolean NOT NULL,
        answer_due timestamptz,
        first_answer_at timestamptz,
        latest_answer_at timestamptz,
        awaiting_answer_since timestamptz,
        closed_as text
      );
      CREATE INDEX case_answers_service ON {schema}.case_answers (service_id);

      CREATE TABLE {schema}.channel_contacts (
        position bigint PRIMARY KEY,
        case_id text NOT NULL,
        contact_id text NOT NULL,
        channel text NOT NULL,
        contacted_at timestamptz NOT NULL,
        month text NOT NULL
      );

      CREATE TABLE {schema}.satisfaction_responses (
        position bigint PRIMARY KEY,
        case_id text NOT NULL,
        service_id text NOT NULL,
        needs_met smallint NOT NULL CHECK (needs_met BETWEEN 1 AND 5),
        communication smallint NOT NULL CHECK (communication BETWEEN 1 AND 5),
        given_at timestamptz NOT NULL,
        month text NOT NULL
      );
    `,
  },
  {
    version: 3,
    description: 'data keys of personal data (subject_keys) and erasures whose proof is owed (open_erasures)',
    sql: `
      -- One key per data subject per field per stream (@servicelife/personal-data). Deleting a row
      -- is destroying the key: its bytes stay in the table's pages until VACUUM reuses them, and
      -- in WAL and base backups until they age out (docs/personal-data.md).
      CREATE TABLE {schema}.subject_keys (
        id text PRIMARY KEY,
        stream_id text NOT NULL,
        field text NOT NULL,
        owner text NOT NULL,
        key bytea NOT NULL CHECK (length(key) = 32),
        CONSTRAINT subject_keys_scope UNIQUE (stream_id, field, owner)
      );
      CREATE INDEX subject_keys_owner ON {schema}.subject_keys (owner);

      -- Erasures whose keys are deleted and whose SubjectErased is not yet known to be recorded.
      CREATE TABLE {schema}.open_erasures (
        id text PRIMARY KEY,
        erasure text NOT NULL
      );
    `,
  },
]

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version

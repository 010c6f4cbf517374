/** Projection checkpoints in PostgreSQL, beside the events: one row per projection, replaced by each save. */
import { type Checkpoint, CheckpointCodec, type CheckpointStore } from '@servicelife/projections'
import * as E from 'fp-ts/lib/Either.js'
import {
  connectPool,
  type PgPool,
  type PostgresStoreError,
  type SchemaOption,
  schemaName,
} from './connection.js'
import { checkSchema, migrate } from './schema.js'

export class PostgresCheckpointStore implements CheckpointStore {
  private constructor(
    private readonly pool: PgPool,
    private readonly schema: string,
    private readonly ownsPool: boolean,
  ) {}

  /** Checkpoints on a pool the caller owns; the schema is created or brought up to date first. */
  static async open(
    pool: PgPool,
    options: SchemaOption = {},
  ): Promise<E.Either<PostgresStoreError, PostgresCheckpointStore>> {
    const schema = schemaName(options.schema)
    if (E.isLeft(schema)) return schema
    const applied = await (options.migrate === false ? checkSchema : migrate)(pool, schema.right)
    return E.isLeft(applied) ? applied : E.right(new PostgresCheckpointStore(pool, schema.right, false))
  }

  /** Checkpoints on a pool of their own; `close` ends it. */
  static async connect(
    connectionString: string,
    options: SchemaOption = {},
  ): Promise<E.Either<PostgresStoreError, PostgresCheckpointStore>> {
    const schema = schemaName(options.schema)
    if (E.isLeft(schema)) return schema
    const pool = await connectPool(connectionString, { max: 2 })
    if (E.isLeft(pool)) return pool
    const applied = await (options.migrate === false ? checkSchema : migrate)(pool.right, schema.right)
    if (E.isLeft(applied)) {
      await pool.right.end()
      return applied
    }
    return E.right(new PostgresCheckpointStore(pool.right, schema.right, true))
  }

  async load(name: string): Promise<Checkpoint | undefined> {
    const { rows } = await this.pool.query(
      `SELECT checkpoint FROM ${this.schema}.checkpoints WHERE name = $1`,
      [name],
    )
    if (rows.length === 0) return undefined
    // A checkpoint that does not decode is not trusted: the projection is rebuilt from zero.
    let json: unknown
    try {
      json = JSON.parse(rows[0]!.checkpoint as string)
    } catch {
      return undefined
    }
    const decoded = CheckpointCodec.decode(json)
    return E.isRight(decoded) ? decoded.right : undefined
  }

  async save(name: string, checkpoint: Checkpoint): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.schema}.checkpoints (name, checkpoint, saved_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET checkpoint = excluded.checkpoint, saved_at = excluded.saved_at`,
      [name, JSON.stringify(checkpoint)],
    )
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end()
  }
}

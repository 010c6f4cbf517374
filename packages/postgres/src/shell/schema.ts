/** Brings a database's schema up to this code's version, once, whoever opens it first. */
import * as E from 'fp-ts/lib/Either.js'
import { type Migration, migrations, SCHEMA_VERSION } from '../sql/migrations.js'
import { inTransaction, type PgPool, type PostgresStoreError } from './connection.js'

export interface AppliedSchema {
  /** The schema version before opening (0: none yet). */
  readonly from: number
  readonly to: number
}

/**
 * Applies the migrations the schema lacks, in one transaction under an advisory lock on the
 * schema's name, so that processes opening at once apply each step once. A schema newer than
 * this code is the Left: older code must not write a newer record.
 */
export const migrate = async (
  pool: PgPool,
  schema: string,
  steps: ReadonlyArray<Migration> = migrations,
): Promise<E.Either<PostgresStoreError, AppliedSchema>> =>
  inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`servicelife schema ${schema}`])
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.migrations (
         version integer PRIMARY KEY,
         description text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    )
    const { rows } = await client.query(
      `SELECT coalesce(max(version), 0) AS version FROM ${schema}.migrations`,
    )
    const from = Number(rows[0]!.version)
    const known = steps.length === 0 ? SCHEMA_VERSION : steps[steps.length - 1]!.version
    if (from > known)
      return E.left<PostgresStoreError>({
        code: 'schema-newer',
        message: `the schema ${schema} is at version ${from}, newer than ${known}, the newest this servicelife knows: upgrade servicelife`,
      })
    for (const step of steps.filter((s) => s.version > from)) {
      await client.query(step.sql.replaceAll('{schema}', schema))
      await client.query(`INSERT INTO ${schema}.migrations (version, description) VALUES ($1, $2)`, [
        step.version,
        step.description,
      ])
    }
    return E.right({ from, to: Math.max(from, known) })
  })

/**
 * The schema's version, read without writing anything: for a reader (an audit on a read-only
 * role, say) that must not create or change a schema. A missing, older or newer schema is the Left.
 */
export const checkSchema = async (
  pool: PgPool,
  schema: string,
): Promise<E.Either<PostgresStoreError, AppliedSchema>> => {
  let version: number
  try {
    const { rows } = await pool.query(`SELECT coalesce(max(version), 0) AS version FROM ${schema}.migrations`)
    version = Number(rows[0]!.version)
  } catch (error) {
    // 42P01 undefined_table, 3F000 invalid_schema_name: nothing of servicelife's here.
    const code = (error as { code?: string }).code
    if (code !== '42P01' && code !== '3F000') throw error
    version = 0
  }
  if (version === 0)
    return E.left({ code: 'schema-missing', message: `no servicelife store in the schema ${schema}` })
  if (version > SCHEMA_VERSION)
    return E.left({
      code: 'schema-newer',
      message: `the schema ${schema} is at version ${version}, newer than ${SCHEMA_VERSION}, the newest this servicelife knows: upgrade servicelife`,
    })
  if (version < SCHEMA_VERSION)
    return E.left({
      code: 'schema-older',
      message: `the schema ${schema} is at version ${version}, older than ${SCHEMA_VERSION}: migrate it first (servicelife migrate --store ...)`,
    })
  return E.right({ from: version, to: version })
}

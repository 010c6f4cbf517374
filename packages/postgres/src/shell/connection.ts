/**
 * What the PostgreSQL stores need of a `pg` pool, structurally: a `pg.Pool` fits, and so does any
 * pool that hands out clients with `query` and `release` (a wrapper that traces or delays, say).
 * The stores never import `pg` for its types, so a consumer needs no `@types/pg`.
 */
import * as E from 'fp-ts/lib/Either.js'

export interface QueryResult {
  readonly rows: ReadonlyArray<Record<string, unknown>>
  readonly rowCount?: number | null
}

export interface PgClient {
  query(text: string, values?: unknown[]): Promise<QueryResult>
  release(error?: Error | boolean): void
}

export interface PgPool {
  query(text: string, values?: unknown[]): Promise<QueryResult>
  connect(): Promise<PgClient>
  end(): Promise<void>
}

/** A PostgreSQL store that cannot be opened. */
export interface PostgresStoreError {
  /**
   * `connection-string-invalid`: the connection string does not parse;
   * `postgres-unavailable`: the server could not be reached or refused the login;
   * `schema-name-invalid`: the schema name is not a plain lower-case identifier;
   * `schema-newer`: the database holds a newer schema than this servicelife knows;
   * `schema-missing`, `schema-older`: opened with `migrate: false`, there is no store there, or
   * one that needs migrating first.
   */
  readonly code:
    | 'connection-string-invalid'
    | 'postgres-unavailable'
    | 'schema-name-invalid'
    | 'schema-newer'
    | 'schema-missing'
    | 'schema-older'
  readonly message: string
}

/** Where the stores keep their tables: a schema of their own (default `servicelife`). */
export interface SchemaOption {
  readonly schema?: string
  /**
   * Create the schema or bring it up to date on opening (default true). With false nothing is
   * written on opening: a missing or older schema is the Left (for audits on a read-only role).
   */
  readonly migrate?: boolean
}

export const DEFAULT_SCHEMA = 'servicelife'

const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/

/** The schema's quoted name, or why it is refused: it goes into SQL text, never from a user unchecked. */
export const schemaName = (schema: string = DEFAULT_SCHEMA): E.Either<PostgresStoreError, string> =>
  PLAIN_IDENTIFIER.test(schema)
    ? E.right(`"${schema}"`)
    : E.left({
        code: 'schema-name-invalid',
        message: `schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _ (at most 63), not starting with a digit`,
      })

/** Runs `work` in one transaction on a session the caller holds: committed when it resolves, rolled back when it throws. */
export const transactionOn = async <A>(
  client: PgClient,
  work: (client: PgClient) => Promise<A>,
): Promise<A> => {
  await client.query('BEGIN')
  try {
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
}

/** `transactionOn` a client of the pool, given back after it. */
export const inTransaction = async <A>(pool: PgPool, work: (client: PgClient) => Promise<A>): Promise<A> => {
  const client = await pool.connect()
  try {
    const result = await transactionOn(client, work)
    client.release()
    return result
  } catch (error) {
    // A client whose transaction failed may be in any state: the pool closes it rather than reuse it.
    client.release(error as Error)
    throw error
  }
}

/** A pool on `connectionString` that has answered a query, or why not. */
export const connectPool = async (
  connectionString: string,
  options: { readonly max?: number } = {},
): Promise<E.Either<PostgresStoreError, PgPool>> => {
  try {
    new URL(connectionString)
  } catch {
    return E.left({
      code: 'connection-string-invalid',
      message: `${redacted(connectionString)} is not a connection string (postgres://user@host:port/database)`,
    })
  }
  // pg is a peer dependency, loaded only by those who connect by string.
  const pg = (await import('pg')) as unknown as { Pool?: PgPoolClass; default?: { Pool: PgPoolClass } }
  const Pool = pg.Pool ?? pg.default!.Pool
  const pool = new Pool({ connectionString, max: options.max ?? 10 })
  // An idle client's error (the server restarted, say) is the pool's to handle, not the process's to die of.
  pool.on('error', () => {})
  try {
    await pool.query('SELECT 1')
    return E.right(pool)
  } catch (error) {
    await pool.end().catch(() => {})
    return E.left({
      code: 'postgres-unavailable',
      message: `PostgreSQL at ${redacted(connectionString)}: ${(error as Error).message}`,
    })
  }
}

type PgPoolClass = new (config: { connectionString: string; max: number }) => PgPool & {
  on(event: 'error', listener: (error: Error) => void): unknown
}

/** A connection string as messages show it: without its password, and on one line. */
export const redacted = (connectionString: string): string =>
  connectionString.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@').replace(/\p{Cc}/gu, '?')

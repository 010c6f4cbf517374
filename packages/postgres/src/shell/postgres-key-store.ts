/**
 * The key store in PostgreSQL, in the store's schema (`subject_keys`, `open_erasures`): keys made
 * in one transaction per call, a scope's key made once however many processes ask at once (the
 * scope's unique constraint decides), keys destroyed and the erasure kept open in one transaction.
 */
import { randomBytes } from 'node:crypto'
import {
  type DataKey,
  KEY_BYTES,
  type KeyInfo,
  type KeyScope,
  type KeyStore,
  type KeyStoreError,
  OpenErasure,
  ownerOf,
} from '@servicelife/personal-data'
import * as E from 'fp-ts/lib/Either.js'
import {
  connectPool,
  inTransaction,
  type PgClient,
  type PgPool,
  type PostgresStoreError,
  type SchemaOption,
  schemaName,
} from './connection.js'
import { checkSchema, migrate } from './schema.js'

export interface PostgresKeyStoreOptions extends SchemaOption {
  /** Open to read only: nothing is written, on opening or after (explain, subject export, a dry run). */
  readonly readOnly?: boolean
}

const ioError = (error: unknown): KeyStoreError => ({
  code: 'key-store-io',
  message: `the key store in PostgreSQL: ${(error as Error).message}`,
})

export class PostgresKeyStore implements KeyStore {
  private constructor(
    private readonly pool: PgPool,
    private readonly schema: string,
    private readonly ownsPool: boolean,
    private readonly readOnly: boolean,
  ) {}

  /** The key store on a pool the caller owns; the schema is created or brought up to date unless read-only. */
  static async open(
    pool: PgPool,
    options: PostgresKeyStoreOptions = {},
  ): Promise<E.Either<PostgresStoreError, PostgresKeyStore>> {
    const schema = schemaName(options.schema)
    if (E.isLeft(schema)) return schema
    const readOnly = options.readOnly === true
    const applied = await (readOnly || options.migrate === false ? checkSchema : migrate)(pool, schema.right)
    return E.isLeft(applied) ? applied : E.right(new PostgresKeyStore(pool, schema.right, false, readOnly))
  }

  /** The key store on a pool of its own; `close` ends it. */
  static async connect(
    connectionString: string,
    options: PostgresKeyStoreOptions = {},
  ): Promise<E.Either<PostgresStoreError, PostgresKeyStore>> {
    const pool = await connectPool(connectionString, { max: 4 })
    if (E.isLeft(pool)) return pool
    const opened = await PostgresKeyStore.open(pool.right, options)
    if (E.isLeft(opened)) {
      await pool.right.end()
      return opened
    }
    return E.right(new PostgresKeyStore(pool.right, opened.right.schema, true, opened.right.readOnly))
  }

  async keysFor(scopes: ReadonlyArray<KeyScope>): Promise<E.Either<KeyStoreError, ReadonlyArray<DataKey>>> {
    const refused = this.refusal()
    if (refused !== undefined) return E.left(refused)
    return this.attempt(() =>
      inTransaction(this.pool, async (client) => {
        // In one order for every transaction, so that two making the same keys wait, never deadlock.
        const order = scopes
          .map((scope, i) => ({
            scope,
            i,
            sort: JSON.stringify([scope.streamId, scope.field, scope.who ?? '']),
          }))
          .sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0))
        const keys: DataKey[] = new Array<DataKey>(scopes.length)
        for (const { scope, i } of order) keys[i] = await this.keyIn(client, scope)
        return keys
      }),
    )
  }

  async keyById(id: string): Promise<E.Either<KeyStoreError, DataKey | undefined>> {
    return this.attempt(async () => {
      const { rows } = await this.pool.query(`SELECT key FROM ${this.schema}.subject_keys WHERE id = $1`, [
        id,
      ])
      return rows.length === 0 ? undefined : { id, key: rows[0]!.key as Buffer }
    })
  }

  async keysOf(owner: string): Promise<E.Either<KeyStoreError, ReadonlyArray<KeyInfo>>> {
    return this.attempt(async () => {
      const { rows } = await this.pool.query(
        `SELECT id, stream_id, field, owner FROM ${this.schema}.subject_keys WHERE owner = $1 ORDER BY id`,
        [owner],
      )
      return rows.map((r) => ({
        id: r.id as string,
        streamId: r.stream_id as string,
        field: r.field as string,
        owner: r.owner as string,
      }))
    })
  }

  async destroy(erasure: OpenErasure): Promise<E.Either<KeyStoreError, void>> {
    const refused = this.refusal()
    if (refused !== undefined) return E.left(refused)
    return this.attempt(() =>
      inTransaction(this.pool, async (client) => {
        await client.query(`DELETE FROM ${this.schema}.subject_keys WHERE id = ANY($1)`, [
          [...erasure.keyIds],
        ])
        await client.query(
          `INSERT INTO ${this.schema}.open_erasures (id, erasure) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`,
          [erasure.id, JSON.stringify(OpenErasure.encode(erasure))],
        )
      }),
    )
  }

  async openErasures(): Promise<E.Either<KeyStoreError, ReadonlyArray<OpenErasure>>> {
    const read = await this.attempt(async () => {
      const { rows } = await this.pool.query(
        `SELECT id, erasure FROM ${this.schema}.open_erasures ORDER BY id`,
      )
      return rows
    })
    if (E.isLeft(read)) return read
    const erasures: OpenErasure[] = []
    for (const row of read.right) {
      let json: unknown
      try {
        json = JSON.parse(row.erasure as string)
      } catch {
        json = undefined
      }
      const decoded = OpenErasure.decode(json)
      if (E.isLeft(decoded))
        return E.left({
          code: 'key-store-corrupt',
          message: `open erasure ${String(row.id)}: not what servicelife wrote; the key store was changed outside it`,
        })
      erasures.push(decoded.right)
    }
    return E.right(erasures)
  }

  async closeErasure(id: string): Promise<E.Either<KeyStoreError, void>> {
    const refused = this.refusal()
    if (refused !== undefined) return E.left(refused)
    return this.attempt(async () => {
      await this.pool.query(`DELETE FROM ${this.schema}.open_erasures WHERE id = $1`, [id])
    })
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end()
  }

  private refusal(): KeyStoreError | undefined {
    return this.readOnly
      ? { code: 'key-store-read-only', message: 'the key store is open to read only' }
      : undefined
  }

  private async attempt<A>(work: () => Promise<A>): Promise<E.Either<KeyStoreError, A>> {
    try {
      return E.right(await work())
    } catch (error) {
      return E.left(ioError(error))
    }
  }

  /** The key of a scope, made if missing; another transaction making it at once waits on the scope's constraint. */
  private async keyIn(client: PgClient, scope: KeyScope): Promise<DataKey> {
    const owner = await this.ownerIn(client, scope)
    await client.query(
      `INSERT INTO ${this.schema}.subject_keys (id, stream_id, field, owner, key) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT subject_keys_scope DO NOTHING`,
      [randomBytes(16).toString('base64url'), scope.streamId, scope.field, owner, randomBytes(KEY_BYTES)],
    )
    // A statement of its own: it sees the row a concurrent transaction committed before the insert gave way.
    const { rows } = await client.query(
      `SELECT id, key FROM ${this.schema}.subject_keys WHERE stream_id = $1 AND field = $2 AND owner = $3`,
      [scope.streamId, scope.field, owner],
    )
    if (rows.length === 0) throw new Error(`no key for ${scope.field} of ${scope.streamId} after making it`)
    return { id: rows[0]!.id as string, key: rows[0]!.key as Buffer }
  }

  /** The owner of a scope's key, by the one rule every key store keeps (`ownerOf`). */
  private async ownerIn(client: PgClient, scope: KeyScope): Promise<string> {
    if (scope.subject === 'staff' || scope.who !== undefined) return ownerOf(scope, undefined)
    const { rows } = await client.query(
      `SELECT owner FROM ${this.schema}.subject_keys WHERE stream_id = $1 AND owner LIKE 'customer:%' ORDER BY id LIMIT 1`,
      [scope.streamId],
    )
    return ownerOf(scope, rows[0]?.owner as string | undefined)
  }
}

/**
 * The EventStore port on PostgreSQL. Every append is one transaction that locks its stream's row,
 * then the one `head` row, and takes its global positions from the head: appends to one stream
 * wait for each other (optimistic concurrency on the stream's revision), and positions are given
 * in commit order, so a reader that has seen position p has seen every position before it. Each
 * event is kept as its canonical text, so the hash chain and the record's digest are the file
 * store's for the same record.
 */
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreEnvironment,
  type Subscription,
  type WrongExpectedRevision,
} from '@servicelife/store'
import {
  type AppendGuard,
  AppendSignal,
  appendGuardOf,
  catchUpSubscription,
  decideAppend,
  GENESIS_HASH,
  guardAppend,
  newEventId,
  parseRecordedEvent,
  recordEvents,
  serializeRecordedEvent,
  systemNow,
} from '@servicelife/store/adapter'
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

export interface PostgresStoreOptions extends SchemaOption, StoreEnvironment {
  /**
   * How often a live subscription looks for events appended by other processes, in ms (default
   * 100). Appends through this store wake its subscribers at once.
   */
  readonly pollIntervalMs?: number
  /** Events read per query by `readAll` and subscriptions (default 1,000). */
  readonly readBatch?: number
}

export interface PostgresConnectOptions extends PostgresStoreOptions {
  /** Connections in the pool `connect` makes (default 10). */
  readonly maxConnections?: number
}

const MAX_REVISION = Number.MAX_SAFE_INTEGER

export class PostgresEventStore implements EventStore {
  readonly contiguousPositions = true
  private readonly signal = new AppendSignal()
  private readonly now: () => string
  private readonly newEventId: () => string
  private readonly guard: AppendGuard | undefined
  private readonly pollIntervalMs: number
  private readonly readBatch: number
  private poller: NodeJS.Timeout | undefined
  private subscribers = 0
  private closed = false

  private constructor(
    private readonly pool: PgPool,
    /** The quoted schema name. */
    private readonly schema: string,
    /** Whether `close` ends the pool: only one the store made itself. */
    private readonly ownsPool: boolean,
    options: PostgresStoreOptions,
  ) {
    this.now = options.now ?? systemNow
    this.newEventId = options.newEventId ?? newEventId
    this.guard = appendGuardOf(options)
    this.pollIntervalMs = options.pollIntervalMs ?? 100
    this.readBatch = options.readBatch ?? 1000
  }

  /**
   * A store on a pool the caller owns (and ends): the schema is created or brought up to date
   * first. A schema newer than this code, or a bad schema name, is the Left.
   */
  static async open(
    pool: PgPool,
    options: PostgresStoreOptions = {},
  ): Promise<E.Either<PostgresStoreError, PostgresEventStore>> {
    return PostgresEventStore.openOn(pool, false, options)
  }

  /** A store on a pool of its own, to `connectionString`; `close` ends it. An unreachable server is the Left. */
  static async connect(
    connectionString: string,
    options: PostgresConnectOptions = {},
  ): Promise<E.Either<PostgresStoreError, PostgresEventStore>> {
    const schema = schemaName(options.schema)
    if (E.isLeft(schema)) return schema
    const pool = await connectPool(connectionString, { max: options.maxConnections })
    if (E.isLeft(pool)) return pool
    const store = await PostgresEventStore.openOn(pool.right, true, options)
    if (E.isLeft(store)) await pool.right.end()
    return store
  }

  private static async openOn(
    pool: PgPool,
    ownsPool: boolean,
    options: PostgresStoreOptions,
  ): Promise<E.Either<PostgresStoreError, PostgresEventStore>> {
    const schema = schemaName(options.schema)
    if (E.isLeft(schema)) return schema
    const applied = await (options.migrate === false ? checkSchema : migrate)(pool, schema.right)
    if (E.isLeft(applied)) return applied
    return E.right(new PostgresEventStore(pool, schema.right, ownsPool, options))
  }

  async appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<E.Either<WrongExpectedRevision, AppendResult>> {
    if (this.closed) throw new Error('PostgresEventStore is closed')
    guardAppend(this.guard, streamId, events)
    const result = await inTransaction(this.pool, (client) =>
      this.appendIn(client, streamId, events, options.expectedRevision),
    )
    if (E.isRight(result) && result.right.events.length > 0) this.signal.notify()
    return result
  }

  private async appendIn(
    client: PgClient,
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    expected: ExpectedRevision,
  ): Promise<E.Either<WrongExpectedRevision, AppendResult>> {
    const s = this.schema
    const stream = await this.lockStream(client, streamId)
    const last = stream.revision
    // The stream's event ids are read only when the caller brought its own: a retry is decided by them.
    const needIds = events.some((e) => e.eventId !== undefined) && last >= 0
    const storedIds = needIds ? await this.eventIds(client, streamId) : []
    const decision = decideAppend(
      streamId,
      expected,
      last,
      events.map((e) => e.eventId),
      (r) => storedIds[r],
    )
    if (decision.kind === 'wrong') return E.left(decision.error)
    if (decision.kind === 'idempotent') {
      const { rows } = await client.query(
        `SELECT record FROM ${s}.events WHERE stream_id = $1 AND revision >= $2 AND revision < $3 ORDER BY revision`,
        [streamId, decision.firstRevision, decision.firstRevision + events.length],
      )
      return E.right({ nextExpectedRevision: last, events: rows.map(readRow) })
    }
    if (events.length === 0) return E.right({ nextExpectedRevision: last, events: [] })
    // The head's row lock is taken last, by every append: positions follow commit order.
    const { rows } = await client.query(
      `UPDATE ${s}.head SET position = position + $1 WHERE singleton RETURNING position`,
      [events.length],
    )
    const head = Number(rows[0]!.position)
    const recorded = recordEvents(events, {
      streamId,
      firstRevision: last + 1,
      firstPosition: head - events.length + 1,
      previousHash: stream.hash,
      recordedAt: this.now(),
      newEventId: this.newEventId,
    })
    await client.query(
      `INSERT INTO ${s}.events (position, stream_id, revision, event_id, type, recorded_at, command_id, record)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
      [
        recorded.map((e) => e.position),
        recorded.map((e) => e.streamId),
        recorded.map((e) => e.revision),
        recorded.map((e) => e.metadata.eventId),
        recorded.map((e) => e.type),
        recorded.map((e) => e.metadata.recordedAt),
        recorded.map((e) => e.metadata.commandId ?? null),
        recorded.map(serializeRecordedEvent),
      ],
    )
    const lastEvent = recorded[recorded.length - 1]!
    await client.query(`UPDATE ${s}.streams SET revision = $2, hash = $3 WHERE stream_id = $1`, [
      streamId,
      lastEvent.revision,
      lastEvent.metadata.hash,
    ])
    return E.right({ nextExpectedRevision: lastEvent.revision, events: recorded })
  }

  /** The stream's row, locked for this transaction; made (at revision -1) when the stream is new. */
  private async lockStream(client: PgClient, streamId: string): Promise<{ revision: number; hash: string }> {
    const s = this.schema
    const select = `SELECT revision, hash FROM ${s}.streams WHERE stream_id = $1 FOR UPDATE`
    let { rows } = await client.query(select, [streamId])
    if (rows.length === 0) {
      // Two first appends at once: the second waits here for the first, then finds its row.
      await client.query(
        `INSERT INTO ${s}.streams (stream_id, revision, hash) VALUES ($1, -1, $2) ON CONFLICT (stream_id) DO NOTHING`,
        [streamId, GENESIS_HASH],
      )
      ;({ rows } = await client.query(select, [streamId]))
    }
    return { revision: Number(rows[0]!.revision), hash: rows[0]!.hash as string }
  }

  private async eventIds(client: PgClient, streamId: string): Promise<string[]> {
    const { rows } = await client.query(
      `SELECT event_id FROM ${this.schema}.events WHERE stream_id = $1 ORDER BY revision`,
      [streamId],
    )
    return rows.map((r) => r.event_id as string)
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadonlyArray<RecordedEvent>> {
    const backwards = options.direction === 'backwards'
    const limit = options.maxCount ?? null
    const { rows } = backwards
      ? await this.pool.query(
          `SELECT record FROM ${this.schema}.events
           WHERE stream_id = $1 AND revision <= $2 AND revision >= $3 ORDER BY revision DESC LIMIT $4`,
          [streamId, options.fromRevision ?? MAX_REVISION, Math.max(options.toRevision ?? 0, 0), limit],
        )
      : await this.pool.query(
          `SELECT record FROM ${this.schema}.events
           WHERE stream_id = $1 AND revision >= $2 AND revision <= $3 ORDER BY revision LIMIT $4`,
          [streamId, Math.max(options.fromRevision ?? 0, 0), options.toRevision ?? MAX_REVISION, limit],
        )
    return rows.map(readRow)
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    const { rows } = await this.pool.query(
      `SELECT revision FROM ${this.schema}.streams WHERE stream_id = $1`,
      [streamId],
    )
    const revision = rows.length === 0 ? -1 : Number(rows[0]!.revision)
    return revision < 0 ? undefined : revision
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.pool.query(`SELECT position FROM ${this.schema}.head`)
    return Number(rows[0]!.position)
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let after = options.after ?? -1
    for (;;) {
      const { rows } = await this.pool.query(
        `SELECT record FROM ${this.schema}.events WHERE position > $1 ORDER BY position LIMIT $2`,
        [after, this.readBatch],
      )
      for (const row of rows) {
        const event = readRow(row)
        after = event.position
        yield event
      }
      if (rows.length < this.readBatch) return
    }
  }

  subscribeToAll(
    options: ReadAllOptions,
    handler: (event: RecordedEvent) => void | Promise<void>,
  ): Subscription {
    this.watch(+1)
    const subscription = catchUpSubscription(
      (o) => this.readAll(o),
      this.signal,
      options,
      handler,
      () => this.closed,
    )
    void subscription.done.then(
      () => this.watch(-1),
      () => this.watch(-1),
    )
    return subscription
  }

  /** Polls for other processes' appends while anyone subscribes: the wake-up that always works, poolers or not. */
  private watch(change: number): void {
    this.subscribers += change
    if (this.subscribers > 0 && this.poller === undefined && !this.closed) {
      this.poller = setInterval(() => this.signal.notify(), this.pollIntervalMs)
      this.poller.unref()
    } else if (this.subscribers === 0 && this.poller !== undefined) {
      clearInterval(this.poller)
      this.poller = undefined
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.poller !== undefined) clearInterval(this.poller)
    this.poller = undefined
    this.signal.close()
    if (this.ownsPool) await this.pool.end()
  }
}

/** A stored event read back: its text is decoded at the boundary like any line of a log. */
const readRow = (row: Record<string, unknown>): RecordedEvent => {
  const parsed = parseRecordedEvent(row.record as string)
  // The store wrote this text itself: one that does not read is a damaged database, not an input.
  if (E.isLeft(parsed)) throw new Error(`a stored event does not read: ${parsed.left.message}`)
  return parsed.right
}

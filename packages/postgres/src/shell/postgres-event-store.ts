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
  /**
   * Group commit (default true): appends called while a transaction is in flight go together in
   * the next one, so that many concurrent appends share one commit. With false, each append is a
   * transaction of its own.
   */
  readonly groupCommit?: boolean
}

interface PendingAppend {
  readonly streamId: string
  readonly events: ReadonlyArray<EventToAppend>
  readonly expected: ExpectedRevision
}

interface QueuedAppend extends PendingAppend {
  readonly resolve: (result: E.Either<WrongExpectedRevision, AppendResult>) => void
  readonly reject: (error: unknown) => void
}

/** Appends in one group commit at most. */
const MAX_GROUP = 256

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
  private readonly groupCommit: boolean
  private queue: QueuedAppend[] = []
  private draining = false

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
    this.groupCommit = options.groupCommit ?? true
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
    const append: PendingAppend = { streamId, events, expected: options.expectedRevision }
    if (!this.groupCommit) {
      const [result] = await this.commit([append])
      if (E.isRight(result!) && result!.right.events.length > 0) this.signal.notify()
      return result!
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ ...append, resolve, reject })
      this.drain()
    })
  }

  /**
   * Group commit: while a transaction is in flight, the appends called meanwhile wait, then go
   * in the next one together, one append per stream (a second one to a stream waits for the
   * transaction after, since it is decided against the first).
   */
  private drain(): void {
    if (this.draining) return
    this.draining = true
    void (async () => {
      while (this.queue.length > 0) {
        const batch: QueuedAppend[] = []
        const later: QueuedAppend[] = []
        const streams = new Set<string>()
        for (const append of this.queue)
          if (streams.has(append.streamId) || batch.length === MAX_GROUP) later.push(append)
          else {
            streams.add(append.streamId)
            batch.push(append)
          }
        this.queue = later
        try {
          const results = await this.commit(batch)
          if (results.some((r) => E.isRight(r) && r.right.events.length > 0)) this.signal.notify()
          batch.forEach((append, i) => append.resolve(results[i]!))
        } catch (error) {
          for (const append of batch) append.reject(error)
        }
      }
      this.draining = false
    })()
  }

  /** Appends to distinct streams in one transaction; a deadlock with another process is tried again. */
  private async commit(
    appends: ReadonlyArray<PendingAppend>,
  ): Promise<Array<E.Either<WrongExpectedRevision, AppendResult>>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTransaction(this.pool, (client) => this.appendAll(client, appends))
      } catch (error) {
        // 40P01: PostgreSQL chose this transaction to end a deadlock; nothing of it was written.
        if ((error as { code?: string }).code !== '40P01' || attempt === 5) throw error
      }
    }
  }

  /**
   * The appends' transaction: the head's row and their streams' rows locked, in that order and
   * the streams in id order, as every append takes them (`lock_streams`); each append decided
   * against its stream; then the events, the streams' new heads and the head written in one
   * statement. The head stays locked until the commit: positions are given in commit order.
   */
  private async appendAll(
    client: PgClient,
    appends: ReadonlyArray<PendingAppend>,
  ): Promise<Array<E.Either<WrongExpectedRevision, AppendResult>>> {
    const s = this.schema
    const ids = [...new Set(appends.map((a) => a.streamId))].sort()
    const locked = await client.query(`SELECT * FROM ${s}.lock_streams($1, $2)`, [ids, GENESIS_HASH])
    const head = Number(locked.rows[0]!.head)
    const streams = new Map(
      locked.rows.map((r) => [
        r.stream_id as string,
        { revision: Number(r.revision), hash: r.hash as string },
      ]),
    )
    // The stream's event ids are read only when the caller brought its own: a retry is decided by them.
    const needIds = appends
      .filter((a) => a.events.some((e) => e.eventId !== undefined) && streams.get(a.streamId)!.revision >= 0)
      .map((a) => a.streamId)
    const storedIds = new Map<string, string[]>()
    if (needIds.length > 0) {
      const { rows } = await client.query(
        `SELECT stream_id, event_id FROM ${s}.events WHERE stream_id = ANY($1) ORDER BY stream_id, revision`,
        [needIds],
      )
      for (const r of rows) {
        const list = storedIds.get(r.stream_id as string) ?? []
        list.push(r.event_id as string)
        storedIds.set(r.stream_id as string, list)
      }
    }
    const decisions = appends.map((a) => {
      const last = streams.get(a.streamId)!.revision
      const stored = storedIds.get(a.streamId) ?? []
      return decideAppend(
        a.streamId,
        a.expected,
        last,
        a.events.map((e) => e.eventId),
        (r) => stored[r],
      )
    })
    let nextPosition = head + 1
    const recordedAt = this.now()
    const results: Array<E.Either<WrongExpectedRevision, AppendResult>> = []
    const written: RecordedEvent[] = []
    for (const [i, a] of appends.entries()) {
      const decision = decisions[i]!
      const last = streams.get(a.streamId)!.revision
      if (decision.kind === 'wrong') results.push(E.left(decision.error))
      else if (decision.kind === 'idempotent') {
        const { rows } = await client.query(
          `SELECT record FROM ${s}.events WHERE stream_id = $1 AND revision >= $2 AND revision < $3 ORDER BY revision`,
          [a.streamId, decision.firstRevision, decision.firstRevision + a.events.length],
        )
        results.push(E.right({ nextExpectedRevision: last, events: rows.map(readRow) }))
      } else if (a.events.length === 0) results.push(E.right({ nextExpectedRevision: last, events: [] }))
      else {
        const recorded = recordEvents(a.events, {
          streamId: a.streamId,
          firstRevision: last + 1,
          firstPosition: nextPosition,
          previousHash: streams.get(a.streamId)!.hash,
          recordedAt,
          newEventId: this.newEventId,
        })
        nextPosition += recorded.length
        written.push(...recorded)
        results.push(
          E.right({ nextExpectedRevision: recorded[recorded.length - 1]!.revision, events: recorded }),
        )
      }
    }
    if (written.length > 0) {
      // Each stream's last event, once: the batch holds one append per stream.
      const heads = results.flatMap((r) =>
        E.isRight(r) && r.right.events.length > 0 ? [r.right.events.at(-1)!] : [],
      )
      await client.query(
        `WITH appended AS (
           INSERT INTO ${s}.events (position, stream_id, revision, event_id, type, recorded_at, command_id, record)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         ), streams AS (
           UPDATE ${s}.streams AS t SET revision = u.revision, hash = u.hash
           FROM unnest($9::text[], $10::bigint[], $11::text[]) AS u(stream_id, revision, hash)
           WHERE t.stream_id = u.stream_id
         )
         UPDATE ${s}.head SET position = $12 WHERE singleton`,
        [
          written.map((e) => e.position),
          written.map((e) => e.streamId),
          written.map((e) => e.revision),
          written.map((e) => e.metadata.eventId),
          written.map((e) => e.type),
          written.map((e) => e.metadata.recordedAt),
          written.map((e) => e.metadata.commandId ?? null),
          written.map(serializeRecordedEvent),
          heads.map((e) => e.streamId),
          heads.map((e) => e.revision),
          heads.map((e) => e.metadata.hash),
          nextPosition - 1,
        ],
      )
    }
    return results
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
    // Appends already called are committed (or fail) before the pool can end.
    while (this.draining) await new Promise((resolve) => setTimeout(resolve, 5))
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

/**
 * The SQL read models kept current from any event store: each batch of events is folded by the
 * pure read models (`core/read-models.ts`) and its rows are written in one transaction with the
 * position they stand at, so a reader of the tables always sees them as of one position. On
 * start the state is folded again from the record up to that position (nothing written), then
 * the loop follows the record. Two processes may run it: a batch is written only where the rows
 * still stand where this process left them; otherwise it folds forward to where they stand.
 * With `exclusive`, one process at a time writes: the one holding a session advisory lock, which
 * PostgreSQL releases the moment that process's connection ends (a crash, a kill -9), and which
 * the others try to take every `leaseMs`. Its writes go through the locked session itself, so a
 * process that lost the session cannot write on.
 */
import { type CityCalendar, helsinki } from '@servicelife/domain'
import type { CaseFacts, CatalogEntry } from '@servicelife/projections'
import { type EventStore, readRecorded, type RecordedEvent } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import {
  type ContactRow,
  type ReadModelChanges,
  type ReadModels,
  type ReadModelState,
  readModelsIn,
  type ResponseRow,
} from '../core/read-models.js'
import {
  inTransaction,
  transactionOn,
  type PgClient,
  type PgPool,
  type PostgresStoreError,
  type SchemaOption,
  schemaName,
} from './connection.js'
import { checkSchema, migrate } from './schema.js'

export interface ReadModelOptions extends SchemaOption {
  /** The calendar months are read in (default Helsinki). */
  readonly calendar?: CityCalendar
  /** How long the loop waits when it has read everything, in ms (default 100). */
  readonly pollIntervalMs?: number
  /** Events folded and written per transaction (default 1,000). */
  readonly batch?: number
  /** One writing process at a time, by a session advisory lock (default false: every process writes, guarded by the position). */
  readonly exclusive?: boolean
  /** With `exclusive`: how often a waiting process tries to take the lock, in ms (default 1,000). */
  readonly leaseMs?: number
  /** Told after each batch this process wrote, with the positions it covered: for monitoring. */
  readonly onWritten?: (after: number, to: number) => void
}

/** Why the read models stopped following the record: an event today's model cannot read. */
export interface ReadModelFailure {
  readonly code: 'read-model-failed'
  readonly position: number
  readonly message: string
}

export class PostgresReadModels {
  private stopped = false
  private wake: () => void = () => {}
  private failure: ReadModelFailure | undefined
  private waiters: Array<{ position: number; resolve: () => void; reject: (f: ReadModelFailure) => void }> =
    []
  /** With `exclusive`: the session holding the lock while this process leads. */
  private lock: PgClient | undefined
  /** Where the tables stood when this process last looked (written by it or another). */
  private tablePosition: number
  /** Resolves when the loop has stopped; rejects with the failure that stopped it. */
  readonly done: Promise<void>

  private constructor(
    private readonly pool: PgPool,
    private readonly store: EventStore,
    private readonly schema: string,
    private readonly models: ReadModels,
    private state: ReadModelState,
    private readonly pollIntervalMs: number,
    private readonly batch: number,
    private readonly options: ReadModelOptions,
  ) {
    this.tablePosition = state.position
    this.done = this.follow()
    this.done.catch(() => {})
  }

  /** Opens the tables (creating or migrating the schema unless `migrate: false`) and starts following `store`. */
  static async start(
    pool: PgPool,
    store: EventStore,
    options: ReadModelOptions = {},
  ): Promise<E.Either<PostgresStoreError | ReadModelFailure, PostgresReadModels>> {
    const schema = schemaName(options.schema)
    if (E.isLeft(schema)) return schema
    const applied = await (options.migrate === false ? checkSchema : migrate)(pool, schema.right)
    if (E.isLeft(applied)) return applied
    const models = readModelsIn(options.calendar ?? helsinki)
    const { rows } = await pool.query(`SELECT position FROM ${schema.right}.read_models`)
    const standing = Number(rows[0]!.position)
    const state = await foldUpTo(store, models, models.initial, standing)
    if (E.isLeft(state)) return state
    return E.right(
      new PostgresReadModels(
        pool,
        store,
        schema.right,
        models,
        state.right,
        options.pollIntervalMs ?? 100,
        options.batch ?? 1000,
        options,
      ),
    )
  }

  /** The position the tables stand at, as this process last saw them. */
  get position(): number {
    return Math.max(this.state.position, this.tablePosition)
  }

  /** With `exclusive`: whether this process holds the lock and writes. */
  get leading(): boolean {
    return this.lock !== undefined
  }

  /** Resolves once the tables stand at `position` or later; rejects if the loop failed first. */
  caughtUpTo(position: number): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    if (this.position >= position) return Promise.resolve()
    return new Promise((resolve, reject) => this.waiters.push({ position, resolve, reject }))
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.wake()
    await this.done.catch(() => {})
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      this.wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }

  /** The lock's session if this process could take the lock, else undefined (the session given back). */
  private async tryLead(): Promise<PgClient | undefined> {
    const client = await this.pool.connect()
    try {
      const { rows } = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        `servicelife read models ${this.schema}`,
      ])
      if (rows[0]!.locked === true) return client
      client.release()
      return undefined
    } catch (error) {
      client.release(error as Error)
      return undefined
    }
  }

  private async standing(): Promise<number> {
    const { rows } = await this.pool.query(`SELECT position FROM ${this.schema}.read_models`)
    return Number(rows[0]!.position)
  }

  private async follow(): Promise<void> {
    try {
      await this.followRecord()
    } finally {
      if (this.lock !== undefined) {
        // Ending the session releases its lock; the pool makes a new one when needed.
        this.lock.release(true)
        this.lock = undefined
      }
    }
  }

  private async followRecord(): Promise<void> {
    while (!this.stopped) {
      if (this.options.exclusive === true && this.lock === undefined) {
        this.lock = await this.tryLead()
        if (this.lock === undefined) {
          this.tablePosition = await this.standing().catch(() => this.tablePosition)
          this.settle()
          await this.sleep(this.options.leaseMs ?? 1000)
          continue
        }
        // Taking the lead: the tables may stand past what this process folded.
        const caughtUp = await this.foldTo(await this.standing())
        if (E.isLeft(caughtUp)) return this.fail(caughtUp.left)
      }
      const events = await this.nextBatch()
      if (E.isLeft(events)) return this.fail(events.left)
      if (events.right.length === 0) {
        await this.sleep(this.pollIntervalMs)
        continue
      }
      const { state, changes } = this.models.step(this.state, events.right)
      const from = this.state.position
      let written: number | undefined
      try {
        written =
          this.lock === undefined
            ? await inTransaction(this.pool, (client) => this.write(client, from, state.position, changes))
            : await transactionOn(this.lock, (client) => this.write(client, from, state.position, changes))
      } catch (error) {
        if (this.lock === undefined) throw error
        // The locked session is gone (the server or the network dropped it): lead again or wait.
        this.lock.release(error as Error)
        this.lock = undefined
        continue
      }
      if (written === undefined) {
        this.state = state
        this.options.onWritten?.(from, state.position)
      } else {
        const caughtUp = await this.foldTo(written)
        if (E.isLeft(caughtUp)) return this.fail(caughtUp.left)
      }
      this.settle()
    }
  }

  /**
   * Folds on to where another process left the tables (or from the start, when the rows were set
   * back to be written again).
   */
  private async foldTo(position: number): Promise<E.Either<ReadModelFailure, void>> {
    const from = position < this.state.position ? this.models.initial : this.state
    const caughtUp = await foldUpTo(this.store, this.models, from, position)
    if (E.isLeft(caughtUp)) return caughtUp
    this.state = caughtUp.right
    this.tablePosition = position
    return E.right(undefined)
  }

  /** The next events after the state's position, read as today's model reads them. */
  private async nextBatch(): Promise<E.Either<ReadModelFailure, RecordedEvent[]>> {
    const out: RecordedEvent[] = []
    let read = 0
    for await (const event of this.store.readAll({ after: this.state.position })) {
      const current = readRecorded(event)
      if (E.isLeft(current)) return E.left(failed(event, current.left.message))
      out.push(...current.right)
      if (++read === this.batch) break
    }
    return E.right(out)
  }

  /**
   * Writes a batch's rows if the rows still stand at `from`; undefined when written, else the
   * position another process moved them to (nothing written).
   */
  private async write(
    client: PgClient,
    from: number,
    to: number,
    changes: ReadModelChanges,
  ): Promise<number | undefined> {
    const s = this.schema
    const { rows } = await client.query(`SELECT position FROM ${s}.read_models FOR UPDATE`)
    const standing = Number(rows[0]!.position)
    if (standing !== from) return standing
    await putRows(client, `${s}.service_catalog`, 'service_id', changes.services.map(serviceRow), 'replace')
    await putRows(client, `${s}.case_answers`, 'case_id', changes.cases.map(caseRow), 'replace')
    await putRows(client, `${s}.channel_contacts`, 'position', changes.contacts.map(contactRow), 'keep')
    await putRows(
      client,
      `${s}.satisfaction_responses`,
      'position',
      changes.responses.map(responseRow),
      'keep',
    )
    await client.query(`UPDATE ${s}.read_models SET position = $1`, [to])
    return undefined
  }

  private settle(): void {
    const waiting = this.waiters
    this.waiters = []
    for (const w of waiting)
      if (this.state.position >= w.position) w.resolve()
      else this.waiters.push(w)
  }

  private fail(failure: ReadModelFailure): never {
    this.failure = failure
    for (const w of this.waiters) w.reject(failure)
    this.waiters = []
    throw failure
  }
}

const failed = (event: RecordedEvent, message: string): ReadModelFailure => ({
  code: 'read-model-failed',
  position: event.position,
  message: `the read models stop at position ${event.position}: ${message}`,
})

/** The state folded on from `state` up to `position` (inclusive), nothing written. */
const foldUpTo = async (
  store: EventStore,
  models: ReadModels,
  state: ReadModelState,
  position: number,
): Promise<E.Either<ReadModelFailure, ReadModelState>> => {
  let s = state
  let batch: RecordedEvent[] = []
  if (position <= s.position) return E.right(s)
  for await (const event of store.readAll({ after: s.position })) {
    if (event.position > position) break
    const current = readRecorded(event)
    if (E.isLeft(current)) return E.left(failed(event, current.left.message))
    batch.push(...current.right)
    if (batch.length >= 1000) {
      s = models.step(s, batch).state
      batch = []
    }
  }
  if (batch.length > 0) s = models.step(s, batch).state
  return E.right(s)
}

/**
 * Rows into a table, each an object of its columns: a row whose `key` is there already is
 * replaced (a service's or a case's latest facts) or kept (a contact or a response, once).
 */
const putRows = async (
  client: PgClient,
  table: string,
  key: string,
  rows: ReadonlyArray<Record<string, unknown>>,
  existing: 'replace' | 'keep',
): Promise<void> => {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!).filter((c) => c !== key)
  const onConflict =
    existing === 'keep'
      ? 'DO NOTHING'
      : `DO UPDATE SET (${columns.join(', ')}) = ROW(${columns.map((c) => `excluded.${c}`).join(', ')})`
  await client.query(
    `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(null::${table}, $1::jsonb)
     ON CONFLICT (${key}) ${onConflict}`,
    [JSON.stringify(rows)],
  )
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString())

const serviceRow = (e: CatalogEntry) => ({
  service_id: e.serviceId,
  lifecycle: e.lifecycle,
  name_fi: e.name.fi ?? null,
  name_sv: e.name.sv ?? null,
  name_en: e.name.en ?? null,
  service_area: e.serviceArea,
  obligation: e.obligation,
  availability: e.availability,
  production_mode: e.productionMode,
  producer: e.producer ?? null,
  channels: e.channels,
  critical: e.critical,
  target_groups: e.targetGroups,
  planned_at: e.plannedAt,
  launched_at: e.launchedAt ?? null,
  retired_at: e.retiredAt ?? null,
  replaced_by: e.replacedBy ?? null,
  last_review_at: e.lastReview?.at ?? null,
  last_review_decision: e.lastReview?.decision ?? null,
})

const caseRow = (c: CaseFacts) => ({
  case_id: c.caseId,
  service_id: c.serviceId ?? null,
  first_channel: c.firstChannel,
  first_contact_at: iso(c.firstContactAt),
  first_contact_month: c.month,
  contacts: c.contacts,
  opened: c.opened,
  opened_on_first_contact: c.openedOnFirstContact,
  answer_due: iso(c.answerDue),
  first_answer_at: iso(c.firstAnswerAt),
  latest_answer_at: iso(c.latestAnswerAt),
  awaiting_answer_since: iso(c.unansweredSince),
  closed_as: c.closedAs ?? null,
})

const contactRow = (c: ContactRow) => ({
  position: c.position,
  case_id: c.caseId,
  contact_id: c.contactId,
  channel: c.channel,
  contacted_at: c.at,
  month: c.month,
})

const responseRow = (r: ResponseRow) => ({
  position: r.position,
  case_id: r.caseId,
  service_id: r.serviceId,
  needs_met: r.needsMet,
  communication: r.communication,
  given_at: r.at,
  month: r.month,
})

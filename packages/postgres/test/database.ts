/** Each test its own schema on the run's server, dropped at the end: tests never see each other's records. */
import { encodeEvent } from '@servicelife/domain'
import type { HistoryEntry } from '@servicelife/spec'
import type { EventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { inject } from 'vitest'
import type { PgPool } from '../src/index.js'

let counter = 0

export interface TestDatabase {
  readonly pool: pg.Pool
  readonly schema: string
  readonly url: string
  drop(): Promise<void>
}

export const testDatabase = async (): Promise<TestDatabase> => {
  const url = inject('pgUrl')
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`
  const pool = new pg.Pool({ connectionString: url, max: 6 })
  pool.on('error', () => {})
  return {
    pool,
    schema,
    url,
    drop: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await pool.end()
    },
  }
}

/** The pool as the stores see it. */
export const asPool = (pool: pg.Pool): PgPool => pool as unknown as PgPool

/** The Right of an expected success; a Left fails the test with its message. */
export const right = <A>(either: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(either)) throw new Error(either.left.message)
  return either.right
}

/** A generated history appended to a store, each event at the end of its stream. */
export const writeHistory = async (
  store: EventStore,
  entries: ReadonlyArray<HistoryEntry>,
): Promise<void> => {
  for (const { streamId, event } of entries)
    await store.appendToStream(streamId, [{ type: event.type, data: encodeEvent(event).data }], {
      expectedRevision: 'any',
    })
}

/** Each test its own schema on the run's server, dropped at the end: tests never see each other's records. */
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

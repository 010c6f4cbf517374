/**
 * One backend process running the read models exclusively, for the failover test: it prints
 * `leading` when it takes the lock and `written <after> <to>` for each batch it writes, and
 * runs until it is killed. Arguments: the server's URL and the schema.
 */
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { type PgPool, PostgresEventStore, PostgresReadModels } from '../../src/index.js'

const [url, schema] = process.argv.slice(2) as [string, string]
const pool = new pg.Pool({ connectionString: url, max: 4 })
pool.on('error', () => {})
const store = await PostgresEventStore.open(pool as unknown as PgPool, { schema })
if (E.isLeft(store)) throw new Error(store.left.message)
const models = await PostgresReadModels.start(pool as unknown as PgPool, store.right, {
  schema,
  exclusive: true,
  leaseMs: 200,
  pollIntervalMs: 10,
  batch: 5,
  onWritten: (after, to) => process.stdout.write(`written ${after} ${to}\n`),
})
if (E.isLeft(models)) throw new Error(models.left.message)
let leading = false
setInterval(() => {
  if (models.right.leading && !leading) process.stdout.write('leading\n')
  leading = models.right.leading
}, 10)
process.stdout.write('ready\n')

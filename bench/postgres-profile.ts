/**
 * Where scenario 8's time goes: the command handling of ours and of Emmett's PostgreSQL store, each
 * alone, with the CPU time of this process and of the server's processes over the same wall time.
 * On a machine of 2 cores, node + server CPU near 2 s per second means the machine is the limit.
 * `npm run build && node --import tsx bench/postgres-profile.ts [commands]` (not part of `npm run bench`).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql'
import { caseEntity, caseStreamId, type RoutedCaseCommand } from '@servicelife/domain'
import { type PgPool, PostgresEventStore } from '@servicelife/postgres'
import { commandHandler } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { startTestServer } from '../packages/postgres/test/server/embedded-server.js'
import { contacts, emmettHandler } from './scenarios/command-handling.js'

const COMMANDS = Number(process.argv[2] ?? 8000)
const WORKERS = 8
const TICKS = 100

/** CPU seconds of this server: its postmaster (started with -p <port>) and the processes it started. */
const serverCpu = (port: number): number => {
  const procs = readdirSync('/proc').filter((p) => /^\d+$/.test(p))
  const read = (pid: string, file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, 'utf8')
    } catch {
      return '' // a process that ended meanwhile
    }
  }
  const postmaster = procs.find((pid) => read(pid, 'cmdline').includes(`-p\0${port}\0`))
  let ticks = 0
  for (const pid of procs) {
    const stat = read(pid, 'stat')
    if (stat === '') continue
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields[1] is the parent's pid; utime and stime are fields 14 and 15 of stat (11 and 12 here).
    if (pid === postmaster || fields[1] === postmaster) ticks += Number(fields[11]) + Number(fields[12])
  }
  return ticks / TICKS
}

const server = await startTestServer()
const port = Number(new URL(server.url).port)
const pool = new pg.Pool({ connectionString: server.url, max: WORKERS })
pool.on('error', () => {})
const store = await PostgresEventStore.open(pool as unknown as PgPool, { schema: 'profile' })
if (E.isLeft(store)) throw new Error(store.left.message)
const emmettPool = new pg.Pool({ connectionString: server.url, max: WORKERS })
emmettPool.on('error', () => {})
const emmett = getPostgreSQLEventStore(server.url, { connectionOptions: { pooled: true, pool: emmettPool } })
const [warm] = contacts(1, 1, 'warm-c')
await emmettHandler(emmett, caseStreamId(warm!.data.caseId), warm as RoutedCaseCommand)

const split = <A extends { data: { caseId: string } }>(xs: A[]) => {
  const parts: A[][] = Array.from({ length: WORKERS }, () => [])
  for (const x of xs) parts[Number(/(\d+)$/.exec(x.data.caseId)![1]) % WORKERS]!.push(x)
  return parts
}

const measure = async (name: string, run: () => Promise<void>) => {
  const cpu0 = process.cpuUsage()
  const server0 = serverCpu(port)
  const t0 = performance.now()
  await run()
  const wall = (performance.now() - t0) / 1000
  const node = (process.cpuUsage().user + process.cpuUsage().system - cpu0.user - cpu0.system) / 1e6
  const db = serverCpu(port) - server0
  process.stdout.write(
    `${name}: ${Math.round(COMMANDS / wall)} commands/s; per second of wall time, node ${(node / wall).toFixed(2)} s CPU, ` +
      `server ${(db / wall).toFixed(2)} s CPU (${((node + db) / wall).toFixed(2)} of 2 cores); ` +
      `per command, node ${((node / COMMANDS) * 1e6).toFixed(0)} µs, server ${((db / COMMANDS) * 1e6).toFixed(0)} µs\n`,
  )
}

for (let round = 0; round < 2; round++) {
  await measure('ours  ', async () => {
    const cases = commandHandler(store.right, caseEntity)
    await Promise.all(
      split(contacts(COMMANDS, 800, `o${round}-c`)).map(async (part) => {
        for (const c of part) {
          const r = await cases.handle(c, { commandId: `${c.data.caseId}/${c.data.at}` })
          if (E.isLeft(r)) throw new Error(r.left.message)
        }
      }),
    )
  })
  await measure('Emmett', async () => {
    await Promise.all(
      split(contacts(COMMANDS, 800, `e${round}-c`)).map(async (part) => {
        for (const c of part) await emmettHandler(emmett, caseStreamId(c.data.caseId), c as RoutedCaseCommand)
      }),
    )
  })
}
await emmett.close()
await store.right.close()
await pool.end()
await emmettPool.end()
await server.stop()

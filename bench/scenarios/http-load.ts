/**
 * Scenario 11: the HTTP API under load, on localhost, bounded in count and in time. Durable
 * commands over HTTP from 50 keep-alive connections, each connection the only sender of its cases,
 * against the same commands handed to the command handler in the process (the baseline: what
 * HTTP, decoding, problems and waiting for the reports cost); on the file store and on PostgreSQL.
 * After each run the store is verified and every acknowledged command is looked for in it. Then
 * report reads from 50 connections, against rendering the report for every read.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { caseEntity, type CaseCommand } from '@servicelife/domain'
import { nodeListener, openServicelifeApi } from '@servicelife/http'
import { type PgPool, PostgresEventStore } from '@servicelife/postgres'
import {
  allProjections,
  complianceReport,
  InMemoryCheckpointStore,
  ProjectionRunner,
} from '@servicelife/projections'
import { commandHandler, type EventStore, FileEventStore, verifyHistory } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { startTestServer } from '../../packages/postgres/test/server/embedded-server.js'
import { median, type Row, row } from '../measure.js'
import { contacts } from './command-handling.js'

const CONNECTIONS = 50

/** A contact's id: each command's idempotency key. */
const keyOf = (command: CaseCommand): string => (command.data as { contactId: string }).contactId
const TIME_LIMIT_MS = 60_000

const percentile = (xs: ReadonlyArray<number>, p: number) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

/** The commands of each connection: whole cases, so that connections never contend for a stream. */
const byConnection = (commands: ReadonlyArray<CaseCommand>): CaseCommand[][] => {
  const parts: CaseCommand[][] = Array.from({ length: CONNECTIONS }, () => [])
  for (const c of commands) parts[Number(/(\d+)$/.exec(c.data.caseId)![1]) % CONNECTIONS]!.push(c)
  return parts
}

const post = (agent: Agent, port: number, path: string, key: string, body: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: {
          'content-type': 'application/json',
          'idempotency-key': key,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })

const get = (agent: Agent, port: number, path: string, headers: Record<string, string> = {}) =>
  new Promise<number>((resolve, reject) => {
    const req = request({ agent, host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end()
  })

interface Run {
  readonly acknowledged: ReadonlyArray<string>
  readonly seconds: number
  readonly latencies: ReadonlyArray<number>
}

/** The commands sent over HTTP from 50 connections until done or out of time. */
const overHttp = async (
  store: EventStore,
  commands: ReadonlyArray<CaseCommand>,
  readYourWrites: boolean,
): Promise<Run> => {
  const api = await openServicelifeApi({ store, readYourWrites })
  const server = createServer(nodeListener(api))
  server.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  const acknowledged: string[] = []
  const latencies: number[] = []
  const start = performance.now()
  await Promise.all(
    byConnection(commands).map(async (part) => {
      for (const command of part) {
        if (performance.now() - start > TIME_LIMIT_MS) return
        const sent = performance.now()
        const status = await post(
          agent,
          port,
          `/cases/commands/${command.type}`,
          keyOf(command),
          JSON.stringify(command.data),
        )
        latencies.push(performance.now() - sent)
        if (status === 201) acknowledged.push(keyOf(command))
      }
    }),
  )
  const seconds = (performance.now() - start) / 1000
  agent.destroy()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await api.close()
  return { acknowledged, seconds, latencies }
}

/** The same commands handed to the command handler in the process, 50 at a time. */
const inProcess = async (store: EventStore, commands: ReadonlyArray<CaseCommand>): Promise<number> => {
  const cases = commandHandler(store, caseEntity)
  const start = performance.now()
  await Promise.all(
    byConnection(commands).map(async (part) => {
      for (const command of part) {
        const handled = await cases.handle(command, { commandId: keyOf(command) })
        if (E.isLeft(handled)) throw new Error(handled.left.message)
      }
    }),
  )
  return commands.length / ((performance.now() - start) / 1000)
}

/** Verified, and how many acknowledged commands the store does not hold. */
const audit = async (store: EventStore, acknowledged: ReadonlyArray<string>) => {
  const verified = await verifyHistory(store)
  const held = new Set<string>()
  for await (const event of store.readAll())
    if (event.metadata.commandId !== undefined) held.add(event.metadata.commandId)
  return { verified: E.isRight(verified), missing: acknowledged.filter((id) => !held.has(id)).length }
}

export const httpLoad = async (options: {
  readonly commands: number
  readonly rounds: number
}): Promise<Row[]> => {
  const scratch = mkdtempSync(join(tmpdir(), 'servicelife-http-bench-'))
  const rows: Row[] = []
  let round = 0
  const fresh = () => contacts(options.commands, options.commands, `r${round++}-c`)
  const fileStore = async () => {
    const opened = await FileEventStore.open(join(scratch, `store-${round}`))
    if (E.isLeft(opened)) throw new Error(opened.left.message)
    return opened.right
  }
  try {
    // ---- file store ----
    const rates: number[] = []
    const relaxed: number[] = []
    const baseline: number[] = []
    const p99: number[] = []
    const audits: Array<{ verified: boolean; missing: number }> = []
    for (let r = 0; r < options.rounds; r++) {
      for (const readYourWrites of [true, false]) {
        const store = await fileStore()
        const run = await overHttp(store, fresh(), readYourWrites)
        ;(readYourWrites ? rates : relaxed).push(run.acknowledged.length / run.seconds)
        if (readYourWrites) p99.push(percentile(run.latencies, 99))
        audits.push(await audit(store, run.acknowledged))
        await store.close()
      }
      const store = await fileStore()
      baseline.push(await inProcess(store, fresh()))
      await store.close()
    }
    const direct = { name: 'the command handler in the process, 50 at a time', value: median(baseline) }
    rows.push(
      row(
        '11 HTTP commands, file store',
        'durable commands/s over HTTP, 50 connections (reads include each write)',
        'commands/s',
        median(rates),
        direct,
        {
          text: '>= 2,000 durable commands/s with 50 connections',
          met: (ours) => ours >= 2_000,
        },
      ),
      row(
        '11 HTTP commands, file store',
        'the same without waiting for the reports (readYourWrites: false)',
        'commands/s',
        median(relaxed),
        direct,
      ),
      row(
        '11 HTTP commands, file store',
        'p99 latency of a command (reads include each write)',
        'ms',
        median(p99),
      ),
      row(
        '11 HTTP commands, file store',
        'acknowledged commands missing from the store after the runs (every run verified)',
        'commands',
        audits.every((a) => a.verified) ? audits.reduce((n, a) => n + a.missing, 0) : NaN,
      ),
    )

    // ---- report reads ----
    {
      const store = await fileStore()
      const cases = commandHandler(store, caseEntity)
      for (const command of fresh()) await cases.handle(command, { commandId: keyOf(command) })
      const api = await openServicelifeApi({ store })
      await api.caughtUp()
      const server = createServer(nodeListener(api))
      server.listen(0, '127.0.0.1')
      await new Promise((resolve) => server.once('listening', resolve))
      const { port } = server.address() as AddressInfo
      const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })
      const reads = Math.max(2_000, Math.floor(options.commands / 2))
      const readAll = async (headers: Record<string, string>) => {
        const start = performance.now()
        await Promise.all(
          Array.from({ length: CONNECTIONS }, async () => {
            for (let i = 0; i < reads / CONNECTIONS; i++)
              await get(agent, port, '/reports/compliance', headers)
          }),
        )
        return reads / ((performance.now() - start) / 1000)
      }
      await readAll({})
      const plain = await readAll({})
      const tag = `"${await store.headPosition()}"`
      const conditional = await readAll({ 'if-none-match': tag })
      agent.destroy()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await api.close()
      // The baseline: the report rendered from the projection's state for every read.
      const runner = new ProjectionRunner({
        store,
        projections: [allProjections.promiseCompliance],
        checkpoints: new InMemoryCheckpointStore(),
      })
      await runner.start()
      const state = runner.state(allProjections.promiseCompliance)
      const start = performance.now()
      const renders = 200
      for (let i = 0; i < renders; i++) complianceReport(state)
      const rendered = {
        name: `compliance rendered for every read (${options.commands} cases), no HTTP`,
        value: renders / ((performance.now() - start) / 1000),
      }
      await runner.stop()
      await store.close()
      rows.push(
        row(
          '11 HTTP report reads',
          `GET /reports/compliance over ${options.commands} cases, 50 connections`,
          'reads/s',
          plain,
          rendered,
        ),
        row(
          '11 HTTP report reads',
          'the same with If-None-Match of the current tag (304)',
          'reads/s',
          conditional,
          rendered,
        ),
      )
    }

    // ---- PostgreSQL ----
    const server = await startTestServer()
    const pool = new pg.Pool({ connectionString: server.url, max: 16 })
    pool.on('error', () => {})
    try {
      const pgRates: number[] = []
      const pgBaseline: number[] = []
      const pgP99: number[] = []
      const pgAudits: Array<{ verified: boolean; missing: number }> = []
      const pgStore = async () => {
        const opened = await PostgresEventStore.open(pool as unknown as PgPool, {
          schema: `bench_http_${round}`,
        })
        if (E.isLeft(opened)) throw new Error(opened.left.message)
        return opened.right
      }
      for (let r = 0; r < options.rounds; r++) {
        const store = await pgStore()
        const run = await overHttp(store, fresh(), true)
        pgRates.push(run.acknowledged.length / run.seconds)
        pgP99.push(percentile(run.latencies, 99))
        pgAudits.push(await audit(store, run.acknowledged))
        await store.close()
        const direct = await pgStore()
        pgBaseline.push(await inProcess(direct, fresh()))
        await direct.close()
      }
      const pgDirect = { name: 'the command handler in the process, 50 at a time', value: median(pgBaseline) }
      rows.push(
        row(
          '11 HTTP commands, PostgreSQL',
          'durable commands/s over HTTP, 50 connections, a pool of 16 (reads include each write)',
          'commands/s',
          median(pgRates),
          pgDirect,
        ),
        row('11 HTTP commands, PostgreSQL', 'p99 latency of a command', 'ms', median(pgP99)),
        row(
          '11 HTTP commands, PostgreSQL',
          'acknowledged commands missing from the store after the runs (every run verified)',
          'commands',
          pgAudits.every((a) => a.verified) ? pgAudits.reduce((n, a) => n + a.missing, 0) : NaN,
        ),
      )
    } finally {
      await pool.end()
      await server.stop()
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  return rows
}

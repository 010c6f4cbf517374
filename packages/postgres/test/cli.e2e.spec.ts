/**
 * The audit CLI on PostgreSQL, as a user runs it (the built CLI under plain node): a demo year
 * recorded straight into PostgreSQL, verified, checked, explained, exported and imported into a
 * file store, which verifies to the same digest and replays to the same report. Reading commands
 * write nothing: on a database with no store they say so and create no schema.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

const BIN = join(import.meta.dirname, '..', '..', 'audit', 'bin', 'servicelife.js')
const servicelife = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    ),
  )

/** A database of its own on the run's server, by URL. */
const newDatabase = async (admin: pg.Pool, name: string): Promise<string> => {
  await admin.query(`DROP DATABASE IF EXISTS ${name}`)
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(inject('pgUrl'))
  url.pathname = `/${name}`
  return url.href
}

describe('servicelife with --store postgres://', () => {
  let admin: pg.Pool
  let dir: string
  const databases: string[] = []
  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: inject('pgUrl'), max: 1 })
    dir = await mkdtemp(join(tmpdir(), 'servicelife-pg-cli-'))
  })
  afterAll(async () => {
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
    await rm(dir, { recursive: true, force: true })
  })
  const database = async () => {
    const name = `cli_${process.pid}_${databases.length}`
    databases.push(name)
    return newDatabase(admin, name)
  }

  it('a demo year recorded into PostgreSQL verifies, checks and replays as the same year in a file store', async () => {
    const url = await database()
    const demo = await servicelife('demo', '--store', url, '--services', '8', '--contacts', '150', '--json')
    expect(demo.stderr).toBe('')
    expect(demo.code).toBe(0)
    expect(demo.stdout).not.toContain(new URL(url).password)

    const again = await servicelife('demo', '--store', url, '--services', '8', '--contacts', '150')
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/already holds a store of \d+ events/)

    const archive = join(dir, 'year.ndjson')
    const files = join(dir, 'store')
    expect((await servicelife('export', '--store', url, '--out', archive)).code).toBe(0)
    expect((await servicelife('import', '--archive', archive, '--store', files)).code).toBe(0)

    const verify = async (store: string) =>
      JSON.parse((await servicelife('verify', '--store', store, '--json')).stdout)
    const [inPostgres, inFiles] = [await verify(url), await verify(files)]
    expect(inPostgres).toMatchObject({ ok: true, events: inFiles.events, streams: inFiles.streams })
    expect(inPostgres.digest).toBe(inFiles.digest)

    const replay = async (store: string) =>
      JSON.parse((await servicelife('replay', '--store', store, '--as-of', '2025-09-30', '--json')).stdout)
    expect(await replay(url)).toEqual(await replay(files))

    const check = async (store: string) => {
      const r = await servicelife('check', '--store', store, '--json')
      return { code: r.code, findings: JSON.parse(r.stdout) }
    }
    expect(await check(url)).toEqual(await check(files))

    const service = (await replay(url)).catalog[0].serviceId as string
    const explain = await servicelife('explain', 'service', service, '--store', url)
    expect(explain.code).toBe(0)
    expect(explain.stdout).toContain(service)
  })

  it('an archive imported into PostgreSQL verifies to the file store’s digest', async () => {
    const url = await database()
    const files = join(dir, 'source')
    const archive = join(dir, 'source.ndjson')
    expect((await servicelife('demo', '--dir', files, '--services', '6', '--contacts', '80')).code).toBe(0)
    expect((await servicelife('export', '--store', files, '--out', archive)).code).toBe(0)
    const imported = await servicelife('import', '--archive', archive, '--store', url)
    expect(imported.stderr).toBe('')
    expect(imported.code).toBe(0)
    const digest = async (store: string) =>
      JSON.parse((await servicelife('verify', '--store', store, '--json')).stdout).digest as string
    expect(await digest(url)).toBe(await digest(files))
  })

  it('a reading command on a database with no store says so (exit 2) and creates nothing', async () => {
    const url = await database()
    for (const command of ['verify', 'replay', 'check', 'anchor']) {
      const r = await servicelife(command, '--store', url)
      expect({ command, code: r.code, stdout: r.stdout }).toEqual({ command, code: 2, stdout: '' })
      expect(r.stderr).toMatch(/^servicelife: .*no servicelife store in the schema "servicelife"\n$/)
    }
    const probe = new pg.Pool({ connectionString: url, max: 1 })
    const { rowCount } = await probe.query(
      `SELECT 1 FROM information_schema.schemata WHERE schema_name = 'servicelife'`,
    )
    await probe.end()
    expect(rowCount).toBe(0)
  })

  it.each([
    ['an unreachable server', 'postgres://city:s3cret@127.0.0.1:1/records', 1],
    ['a port that is not a number', 'postgres://city:s3cret@localhost:notaport/records', 2],
    ['a line break in the string', 'postgres://city:s3cret@127.0.0.1:1/rec\nords', 1],
  ])('%s: one line, exit %i, no stack trace and no password', async (_, url, code) => {
    for (const args of [
      ['verify', '--store', url],
      ['demo', '--store', url, '--services', '2', '--contacts', '2'],
    ]) {
      const r = await servicelife(...args)
      expect(r.code).toBe(code)
      expect(r.stdout).toBe('')
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toContain('city:***@')
      expect(r.stderr).not.toMatch(/s3cret|\n\s+at /)
    }
  })
})

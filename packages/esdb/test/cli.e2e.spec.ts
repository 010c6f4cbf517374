/**
 * The audit CLI on EventStoreDB, as a user runs it: a demo year exported from a file store,
 * imported into EventStoreDB (the protocol-level test server) by connection string, then verified
 * and replayed there. The hash chain is the store's own, so both stores verify to the same digest.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestEventStoreDBServer } from './server/test-eventstoredb-server.js'

const BIN = join(import.meta.dirname, '..', '..', 'audit', 'bin', 'servicelife.js')
const servicelife = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    ),
  )

describe('servicelife with --store esdb://', () => {
  let server: TestEventStoreDBServer
  let dir: string
  beforeAll(async () => {
    server = await TestEventStoreDBServer.start()
    dir = mkdtempSync(join(tmpdir(), 'servicelife-esdb-cli-'))
  })
  afterAll(async () => {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('imports an archive, verifies to the file store’s digest and replays the same catalogue', async () => {
    const files = join(dir, 'store')
    const archive = join(dir, 'year.ndjson')
    expect(
      (await servicelife('demo', '--dir', files, '--services', '16', '--contacts', '120', '--json')).code,
    ).toBe(0)
    expect((await servicelife('export', '--store', files, '--out', archive)).code).toBe(0)
    const imported = await servicelife(
      'import',
      '--archive',
      archive,
      '--store',
      server.connectionString,
      '--json',
    )
    expect(imported.stderr).toBe('')
    expect(imported.code).toBe(0)

    const verify = async (store: string) =>
      JSON.parse((await servicelife('verify', '--store', store, '--json')).stdout)
    const [onFiles, onServer] = [await verify(files), await verify(server.connectionString)]
    expect(onServer).toMatchObject({ ok: true, events: onFiles.events, streams: onFiles.streams })
    expect(onServer.digest).toBe(onFiles.digest)

    const catalog = async (store: string) =>
      JSON.parse((await servicelife('replay', '--store', store, '--as-of', '2025-09-30', '--json')).stdout)
        .catalog
    expect(await catalog(server.connectionString)).toEqual(await catalog(files))
  }, 60_000)
})

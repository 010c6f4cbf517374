/**
 * The record a user can trust, through the `servicelife` binary: read-only audits beside a
 * writer, anchors checked after the store grew, repair of a damaged end, atomic imports and
 * exports under SIGKILL, and every bad input answered with one line and an exit code, never a
 * stack trace, with nothing written.
 */
import { spawn } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import fc from 'fast-check'
import { currentVersion, domainSchema } from '@servicelife/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, servicelife } from './servicelife-bin.js'

let root: string
let store: string
let archive: string

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'servicelife-trust-'))
  store = join(root, 'store')
  archive = join(root, 'all.ndjson')
  expect(
    (await servicelife('demo', '--dir', store, '--services', '10', '--contacts', '200', '--json')).code,
  ).toBe(0)
  expect((await servicelife('export', '--store', store, '--out', archive)).code).toBe(0)
}, 120_000)
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** A copy of the demo store, to damage. */
const copyOf = (name: string) => {
  const dir = join(root, name)
  mkdirSync(dir)
  copyFileSync(join(store, 'events.ndjson'), join(dir, 'events.ndjson'))
  return dir
}

describe('read-only audits', () => {
  it('verify, replay, explain, check and export run while a writer holds the store', async () => {
    const dir = copyOf('held')
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions',
        '@servicelife/source',
        join(import.meta.dirname, 'hold-writer.child.ts'),
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    try {
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
      for (const args of [
        ['verify', '--store', dir],
        ['replay', '--store', dir, '--json'],
        ['explain', 'service', 'held', '--store', dir, '--json'],
        ['export', '--store', dir, '--out', join(root, 'held.ndjson')],
      ]) {
        const run = await servicelife(...args)
        expect(run.stderr, args.join(' ')).not.toMatch(/locked|open for writing/)
        expect([0, 1]).toContain(run.code)
        if (args[0] !== 'verify') expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0)
      }
    } finally {
      child.kill('SIGKILL')
    }
  }, 60_000)
})

describe('anchors', () => {
  it('a digest anchored at a position checks on the store after it grew, and fails after a change', async () => {
    const dir = copyOf('anchored')
    const anchored = await servicelife('anchor', '--store', dir, '--json')
    expect(anchored.code).toBe(0)
    const { position, digest, check } = JSON.parse(anchored.stdout) as {
      position: number
      digest: string
      check: string
    }
    expect(check).toBe(`servicelife verify --store ${dir} --at-position ${position} --expect ${digest}`)
    // The store grows: another year recorded after it.
    const grown = join(root, 'grown')
    mkdirSync(grown)
    const log = readFileSync(join(dir, 'events.ndjson'), 'utf8')
    writeFileSync(join(grown, 'events.ndjson'), log)
    const more = await servicelife(
      'verify',
      '--store',
      grown,
      '--at-position',
      String(position),
      '--expect',
      digest,
    )
    expect(more.code).toBe(0)
    // An answer's text changed and every hash made again would pass the chain, not the anchor.
    const lines = log.split('\n')
    const i = lines.findIndex((l) => l.includes('"CaseAnswered"'))
    lines[i] = lines[i]!.replace('"summary":"', '"summary":"x')
    writeFileSync(join(grown, 'events.ndjson'), lines.join('\n'))
    const changed = await servicelife(
      'verify',
      '--store',
      grown,
      '--at-position',
      String(position),
      '--expect',
      digest,
    )
    expect(changed.code).toBe(1)
    expect(changed.stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('servicelife repair', () => {
  const damagedEnd = (name: string, damage: (lastLine: string) => string) => {
    const dir = copyOf(name)
    const lines = readFileSync(join(dir, 'events.ndjson'), 'utf8').split('\n').slice(0, -1)
    lines[lines.length - 1] = damage(lines[lines.length - 1]!)
    writeFileSync(join(dir, 'events.ndjson'), `${lines.join('\n')}\n`)
    return { dir, events: lines.length - 1 }
  }

  it.each([
    ['zeroed by a power loss', (l: string) => '\0'.repeat(l.length)],
    ['garbage', (l: string) => `#!${l.slice(0, 40)}\u00ff\u00fe`],
  ])('cuts a last line %s back to the last whole append, after a backup', async (name, damage) => {
    const { dir, events } = damagedEnd(`repair-${name.split(' ')[0]}`, damage)
    const refused = await servicelife('verify', '--store', dir)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/servicelife repair/)
    const repaired = await servicelife('repair', '--store', dir, '--json')
    expect(repaired.code).toBe(0)
    const report = JSON.parse(repaired.stdout) as { events: number; cutLines: number; backup: string }
    expect(report).toMatchObject({ events, cutLines: 1 })
    expect(existsSync(report.backup)).toBe(true)
    expect((await servicelife('verify', '--store', dir)).code).toBe(0)
    expect(JSON.parse((await servicelife('repair', '--store', dir, '--json')).stdout)).toMatchObject({
      intact: true,
    })
  })

  it('refuses to touch a damaged middle, leaving the log as it was', async () => {
    const dir = copyOf('repair-middle')
    const lines = readFileSync(join(dir, 'events.ndjson'), 'utf8').split('\n')
    lines[5] = '\0'.repeat(lines[5]!.length)
    const damaged = lines.join('\n')
    writeFileSync(join(dir, 'events.ndjson'), damaged)
    const run = await servicelife('repair', '--store', dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/line 6 is damaged and events follow it/)
    expect(readFileSync(join(dir, 'events.ndjson'), 'utf8')).toBe(damaged)
    expect(readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual([])
  })
})

describe('atomic import and export under SIGKILL', () => {
  const killAfter = (ms: number, ...args: string[]) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' })
      const timer = setTimeout(() => child.kill('SIGKILL'), ms)
      child.on('exit', (code) => {
        clearTimeout(timer)
        resolve(code)
      })
    })

  it('a killed import leaves no store under the target name, or the whole archive; the next import clears what it left', async () => {
    const big = join(root, 'golden.ndjson')
    writeFileSync(
      big,
      gunzipSync(readFileSync(join(import.meta.dirname, 'fixtures', 'archives', 'demo-2025.v1.ndjson.gz'))),
    )
    // The whole import takes under a second: kills land before, during and after its rename.
    const delays = fc.sample(fc.integer({ min: 100, max: 600 }), { seed: 27, numRuns: 6 })
    let interrupted = 0
    for (const [i, delay] of delays.entries()) {
      const target = join(root, `killed-import-${i}`)
      await killAfter(delay, 'import', '--archive', big, '--store', target, '--allow-no-trailer')
      if (existsSync(target)) {
        // The rename is the import's last step: a store under the name is the whole archive.
        const verified = await servicelife('verify', '--store', target, '--json')
        expect(verified.code).toBe(0)
        expect(JSON.parse(verified.stdout)).toMatchObject({ events: 9017 })
      } else {
        interrupted++
        const again = await servicelife('import', '--archive', big, '--store', target, '--allow-no-trailer')
        expect(again.code).toBe(0)
      }
      expect(readdirSync(root).filter((f) => f.includes(`killed-import-${i}.importing`))).toEqual([])
    }
    expect(interrupted).toBeGreaterThan(0)
  }, 120_000)

  it('a killed export leaves the old archive or none, and the next export finishes', async () => {
    const out = join(root, 'killed-export.ndjson')
    await killAfter(200, 'export', '--store', store, '--out', out)
    if (existsSync(out)) expect(readFileSync(out, 'utf8')).toMatch(/\{"trailer":.*\}\n$/)
    expect((await servicelife('export', '--store', store, '--out', out)).code).toBe(0)
    expect(existsSync(`${out}.partial`)).toBe(false)
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(archive, 'utf8'))
  })
})

describe('servicelife migrate', () => {
  it('copies a record written by 0.1 into a new store at today’s versions, replaying to the same report, linked to the old digest', async () => {
    const big = join(root, 'golden-for-migrate.ndjson')
    writeFileSync(
      big,
      gunzipSync(readFileSync(join(import.meta.dirname, 'fixtures', 'archives', 'demo-2025.v1.ndjson.gz'))),
    )
    const old = join(root, 'old-record')
    expect((await servicelife('import', '--archive', big, '--store', old, '--allow-no-trailer')).code).toBe(0)
    const before = readFileSync(join(old, 'events.ndjson'), 'utf8')
    const migrated = join(root, 'migrated-record')
    const run = await servicelife('migrate', '--from', old, '--to', migrated, '--json')
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout) as {
      from: { digest: string; position: number; events: number }
      events: number
      check: string
    }
    expect(report.from.events).toBe(9017)
    expect(report.events).toBe(9017)
    // The old store is only read.
    expect(readFileSync(join(old, 'events.ndjson'), 'utf8')).toBe(before)
    // The new record verifies, and replays to the old one's report.
    expect((await servicelife('verify', '--store', migrated)).code).toBe(0)
    const replay = async (dir: string) =>
      JSON.parse((await servicelife('replay', '--store', dir, '--json')).stdout) as unknown
    expect(await replay(migrated)).toEqual(await replay(old))
    // Every event is at today's version, chained at version 2; the link names the old digest.
    const lines = readFileSync(join(migrated, 'events.ndjson'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l))
    expect(lines.every((l) => l.metadata.chain === 2)).toBe(true)
    expect(
      lines
        .filter((l) => l.type === 'CaseOpened')
        .every((l) => l.metadata.schemaVersion === currentVersion(domainSchema, 'CaseOpened')),
    ).toBe(true)
    expect(lines.at(-1)).toMatchObject({
      type: 'RecordMigrated',
      data: { fromDigest: report.from.digest, fromPosition: 9016 },
    })
    // The link checks: the old record's digest at its last position is the one the new record names.
    const [, ...args] = report.check.split(' ')
    expect((await servicelife(...args)).code).toBe(0)
    // And a migration into a store that exists is refused, nothing written.
    const again = await servicelife('migrate', '--from', old, '--to', migrated)
    expect(again.code).toBe(2)
  }, 120_000)
})

describe('every failure is one line and an exit code, never a stack trace, nothing written', () => {
  const FILE = () => join(root, 'a-file')
  beforeAll(() => writeFileSync(join(root, 'a-file'), 'not a store'))

  const cases: ReadonlyArray<[string, () => string[], number]> = [
    ['export --out a directory', () => ['export', '--store', store, '--out', root], 2],
    ['export --out empty', () => ['export', '--store', store, '--out', ''], 2],
    ['export --out under a file', () => ['export', '--store', store, '--out', join(FILE(), 'x.ndjson')], 2],
    [
      'export --out where nothing may be written',
      () => ['export', '--store', store, '--out', '/proc/self/no.ndjson'],
      1,
    ],
    ['import --store a file', () => ['import', '--archive', archive, '--store', FILE()], 2],
    ['import --store a store that exists', () => ['import', '--archive', archive, '--store', store], 2],
    ['import --archive a directory', () => ['import', '--archive', root, '--store', join(root, 'never')], 2],
    [
      'import --archive of binary garbage',
      () => ['import', '--archive', '/bin/sh', '--store', join(root, 'never')],
      1,
    ],
    [
      'import --archive without a trailer',
      () => ['import', '--archive', join(root, 'untrailed.ndjson'), '--store', join(root, 'never')],
      1,
    ],
    ['demo --dir a file', () => ['demo', '--dir', FILE()], 2],
    ['replay --archive a directory', () => ['replay', '--archive', root], 2],
    ['replay --archive of one huge line', () => ['replay', '--archive', join(root, 'one-line.ndjson')], 1],
    ['replay --store a file', () => ['replay', '--store', FILE()], 2],
    [
      'replay --store an unreachable EventStoreDB',
      () => ['replay', '--store', 'esdb://127.0.0.1:1?tls=false'],
      1,
    ],
    ['verify a corrupt store', () => ['verify', '--store', join(root, 'corrupt')], 1],
    ['verify --at-position past the end', () => ['verify', '--store', store, '--at-position', '99999999'], 2],
    ['verify --expect not a digest', () => ['verify', '--store', store, '--expect', 'abc'], 2],
    ['repair an EventStoreDB', () => ['repair', '--store', 'esdb://127.0.0.1:1?tls=false'], 2],
    ['repair a directory that holds no store', () => ['repair', '--store', join(root, 'never')], 2],
    ['check --answer-within-days -5', () => ['check', '--store', store, '--answer-within-days', '-5'], 2],
    ['anchor --store missing', () => ['anchor'], 2],
  ]

  beforeAll(() => {
    writeFileSync(
      join(root, 'untrailed.ndjson'),
      readFileSync(archive, 'utf8')
        .split('\n')
        .slice(0, 5)
        .map((l) => `${l}\n`)
        .join(''),
    )
    writeFileSync(join(root, 'one-line.ndjson'), 'x'.repeat(8 << 20))
    const corrupt = join(root, 'corrupt')
    mkdirSync(corrupt)
    writeFileSync(
      join(corrupt, 'events.ndjson'),
      `garbage\n${readFileSync(join(store, 'events.ndjson'), 'utf8')}`,
    )
  })

  it.each(cases)('%s', async (_, args, code) => {
    const before = readdirSync(root).sort()
    const run = await servicelife(...args())
    expect(run.code, run.stderr).toBe(code)
    expect(run.stderr).toMatch(/^servicelife: /)
    expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1)
    expect(`${run.stdout}${run.stderr}`).not.toContain('    at ')
    expect(readdirSync(root).sort()).toEqual(before)
    expect(statSync(store).isDirectory()).toBe(true)
  })
})

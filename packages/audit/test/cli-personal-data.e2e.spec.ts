/**
 * Personal data through the `servicelife` binary: a demo sealed under keys; a customer forgotten
 * (explain shows erased, verify passes, an archive after holds none of their text); forget killed
 * at any moment; retention dry run and apply; a subject export; every bad invocation one line.
 */
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileKeyStore } from '@servicelife/personal-data'
import { FileEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../src/index.js'
import { BIN, servicelife } from './servicelife-bin.js'

let root: string
let store: string
let keys: string

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'servicelife-personal-'))
  store = join(root, 'store')
  keys = join(root, 'keys')
  const demo = await servicelife(
    'demo',
    '--dir',
    store,
    '--keys',
    keys,
    '--services',
    '8',
    '--contacts',
    '300',
    '--json',
  )
  expect(demo.stderr).toBe('')
  expect(demo.code).toBe(0)
}, 120_000)
afterAll(() => rmSync(root, { recursive: true, force: true }))

let copies = 0
/** A copy of the demo's store and keys, to change. */
const copy = () => {
  const dir = join(root, `copy-${copies++}`)
  cpSync(join(store, 'events.ndjson'), join(dir, 'store', 'events.ndjson'))
  cpSync(join(keys, 'keys.ndjson'), join(dir, 'keys', 'keys.ndjson'))
  return { store: join(dir, 'store'), keys: join(dir, 'keys'), dir }
}

interface Explained {
  readonly events: ReadonlyArray<{ readonly type: string; readonly details: Record<string, unknown> }>
}
const contactOf = async (s: string, k: string | undefined, caseId: string) => {
  const run = await servicelife(
    'explain',
    'case',
    caseId,
    '--store',
    s,
    ...(k === undefined ? [] : ['--keys', k]),
    '--json',
  )
  expect(run.code).toBe(0)
  return (JSON.parse(run.stdout) as Explained).events.find((e) => e.type === 'ContactReceived')!.details
}

const readProofs = async (s: string) => {
  const opened = await FileEventStore.open(s, { readOnly: true })
  if (E.isLeft(opened)) throw new Error(opened.left.message)
  const events = await opened.right.readStream('record-erasures')
  await opened.right.close()
  return events.map((e) => e.data as { erasure: string; keys: number; fields: string[] })
}

describe('servicelife with --keys', () => {
  it('the record holds no personal text, explain opens it with the keys and shows [sealed] without them', async () => {
    const log = readFileSync(join(store, 'events.ndjson'), 'utf8')
    const withKeys = await contactOf(store, keys, 'c000042')
    const subject = withKeys.subject as string
    expect(subject).toMatch(/\w/)
    expect(withKeys.customer).toEqual({ kind: expect.any(String), ref: 'pseud-c000042' })
    expect(log).not.toContain('pseud-c000042')
    expect(log).not.toContain(`"subject":"`)
    expect((await contactOf(store, undefined, 'c000042')).subject).toBe('[sealed]')
  })

  it('forget --customer: explain shows [erased], verify passes, and an archive exported after holds no text of theirs and no key', async () => {
    const c = copy()
    const subject = (await contactOf(c.store, c.keys, 'c000042')).subject as string
    const keyLog = readFileSync(join(c.keys, 'keys.ndjson'), 'utf8')
    const forgot = await servicelife(
      'forget',
      '--store',
      c.store,
      '--keys',
      c.keys,
      '--customer',
      'pseud-c000042',
      '--erasure',
      'req-1',
      '--at',
      '2026-03-01T10:00:00+02:00',
    )
    expect(forgot.stderr).toBe('')
    expect(forgot.code).toBe(0)
    expect(forgot.stdout).toMatch(
      /pseud-c000042: \d+ keys destroyed .* proof SubjectErased req-1 in record-erasures/,
    )
    const after = await contactOf(c.store, c.keys, 'c000042')
    expect(after.subject).toBe('[erased]')
    expect(after.customer).toEqual({ kind: expect.any(String), ref: '[erased]' })
    expect((await contactOf(c.store, c.keys, 'c000043')).subject).not.toMatch(/^\[/)
    expect((await servicelife('verify', '--store', c.store)).code).toBe(0)
    const archive = join(c.dir, 'after.ndjson')
    expect((await servicelife('export', '--store', c.store, '--out', archive)).code).toBe(0)
    const text = readFileSync(archive, 'utf8')
    expect(text).not.toContain(subject)
    expect(text).not.toContain('pseud-c000042')
    for (const line of keyLog.split('\n').slice(0, 20).filter(Boolean))
      expect(text).not.toContain((JSON.parse(line) as { key: { k: string } }).key.k)
    const proofs = await readProofs(c.store)
    expect(proofs).toEqual([
      expect.objectContaining({
        erasure: 'req-1',
        fields: expect.arrayContaining(['ContactReceived.customer.ref', 'ContactReceived.subject']),
      }),
    ])
    expect(JSON.stringify(proofs)).not.toContain('pseud')
    // Forgetting again finds nothing left to erase, and appends nothing.
    const again = await servicelife(
      'forget',
      '--store',
      c.store,
      '--keys',
      c.keys,
      '--customer',
      'pseud-c000042',
    )
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('no keys held for customer pseud-c000042')
    expect(await readProofs(c.store)).toHaveLength(1)
  })

  it('forget killed at any moment leaves the key or the proof owed, and a second forget leaves exactly one proof', async () => {
    const delays = [0, 60, 120, 180, 260]
    for (const delay of delays) {
      const c = copy()
      const child = spawn(
        process.execPath,
        [
          BIN,
          'forget',
          '--store',
          c.store,
          '--keys',
          c.keys,
          '--customer',
          'pseud-c000100',
          '--erasure',
          'req-9',
        ],
        { stdio: 'ignore' },
      )
      await new Promise((resolve) => setTimeout(resolve, delay))
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))
      const opened = await FileKeyStore.open(c.keys, { readOnly: true })
      if (E.isLeft(opened)) throw new Error(opened.left.message)
      const held = E.getOrElseW(() => [])(await opened.right.keysOf('customer:pseud-c000100'))
      const owed = E.getOrElseW(() => [])(await opened.right.openErasures()).map((e) => e.id)
      await opened.right.close()
      const proven = (await readProofs(c.store)).some((p) => p.erasure === 'req-9')
      if (held.length > 0) expect(owed.includes('req-9') || proven, `killed after ${delay} ms`).toBe(false)
      else expect(owed.includes('req-9') || proven, `killed after ${delay} ms`).toBe(true)
      const subject = (await contactOf(c.store, c.keys, 'c000100')).subject
      expect(subject === '[erased]', `killed after ${delay} ms`).toBe(held.length === 0)
      const again = await servicelife(
        'forget',
        '--store',
        c.store,
        '--keys',
        c.keys,
        '--customer',
        'pseud-c000100',
        '--erasure',
        'req-9',
      )
      expect(again.code).toBe(0)
      expect((await readProofs(c.store)).filter((p) => p.erasure === 'req-9')).toHaveLength(1)
      expect((await servicelife('verify', '--store', c.store)).code).toBe(0)
    }
  }, 180_000)

  it('retention: a dry run writes nothing; --apply erases what expired, with proof, and the chain verifies', async () => {
    const c = copy()
    const table = join(c.dir, 'retention.json')
    writeFileSync(
      table,
      JSON.stringify({
        retention: [
          { field: 'ContactReceived.subject', keep: 'P1Y', after: 'case-closed' },
          { field: 'FeedbackGiven.comment', keep: 'P30D', after: 'recorded' },
        ],
      }),
    )
    const before = [readFileSync(join(c.store, 'events.ndjson')), readFileSync(join(c.keys, 'keys.ndjson'))]
    const dry = await servicelife(
      'retention',
      '--store',
      c.store,
      '--keys',
      c.keys,
      '--table',
      table,
      '--as-of',
      '2027-01-01',
      '--json',
    )
    expect(dry.code).toBe(0)
    const planned = JSON.parse(dry.stdout) as {
      applied: boolean
      lines: Array<{ rule: string; keys: number }>
    }
    expect(planned.applied).toBe(false)
    expect(planned.lines[0]!.keys).toBeGreaterThan(0)
    expect(readFileSync(join(c.store, 'events.ndjson')).equals(before[0])).toBe(true)
    expect(readFileSync(join(c.keys, 'keys.ndjson')).equals(before[1])).toBe(true)
    const applied = await servicelife(
      'retention',
      '--store',
      c.store,
      '--keys',
      c.keys,
      '--table',
      table,
      '--as-of',
      '2027-01-01',
      '--apply',
    )
    expect(applied.stderr).toBe('')
    expect(applied.code).toBe(0)
    expect(applied.stdout).toContain(
      `ContactReceived.subject P1Y after case-closed: ${planned.lines[0]!.keys} keys`,
    )
    const proofs = await readProofs(c.store)
    expect(proofs[0]).toMatchObject({ keys: planned.lines[0]!.keys, fields: ['ContactReceived.subject'] })
    expect((await servicelife('verify', '--store', c.store)).code).toBe(0)
  })

  it("subject-export writes the customer's cases as JSON, opened, with their facts", async () => {
    const out = join(root, 'export', 'pseud-c000042.json')
    const run = await servicelife(
      'subject-export',
      '--store',
      store,
      '--keys',
      keys,
      '--customer',
      'pseud-c000042',
      '--out',
      out,
    )
    expect(run.code).toBe(0)
    const exported = JSON.parse(readFileSync(out, 'utf8')) as {
      customer: string
      streams: Array<{
        streamId: string
        events: Array<{ type: string; data: { subject?: string } }>
        caseFacts: { caseId: string }
      }>
    }
    expect(exported.customer).toBe('pseud-c000042')
    expect(exported.streams.map((s) => s.streamId)).toEqual(['case-c000042'])
    expect(exported.streams[0]!.events[0]!.data.subject).toBe(
      (await contactOf(store, keys, 'c000042')).subject,
    )
    expect(exported.streams[0]!.caseFacts.caseId).toBe('c000042')
  })

  it('a key store one process writes at a time: forget beside a holder is one line, exit 1, nothing written', async () => {
    const c = copy()
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions',
        '@servicelife/source',
        join(import.meta.dirname, 'hold-keys.child.ts'),
        c.keys,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    try {
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()))
      const before = readFileSync(join(c.store, 'events.ndjson'))
      const run = await servicelife(
        'forget',
        '--store',
        c.store,
        '--keys',
        c.keys,
        '--customer',
        'pseud-c000042',
      )
      expect(run.code).toBe(1)
      expect(run.stderr.trim().split('\n')).toHaveLength(1)
      expect(run.stderr).toContain('one writer at a time')
      expect(readFileSync(join(c.store, 'events.ndjson')).equals(before)).toBe(true)
      // Readers are let in beside the writer.
      expect((await contactOf(c.store, c.keys, 'c000042')).subject).not.toMatch(/^\[/)
    } finally {
      child.kill('SIGKILL')
    }
  })
})

/** The CLI run in this process, as the binary runs it: exit code and what it printed. */
const inProcess = async (args: ReadonlyArray<string>) => {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) })
  return { code, stdout, stderr }
}

describe('bad invocations on personal data: one line, exit 2, nothing written', () => {
  it('demo with a key store that is a file makes no store', async () => {
    const c = copy()
    const dir = join(c.dir, 'new-store')
    const run = await inProcess([
      'demo',
      '--dir',
      dir,
      '--keys',
      join(c.keys, 'keys.ndjson'),
      '--contacts',
      '5',
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      `servicelife: --keys: ${join(c.keys, 'keys.ndjson')} is a file, not a key store directory\n`,
    )
    expect(existsSync(dir)).toBe(false)
  })

  it('through the binary too', async () => {
    const c = copy()
    const run = await servicelife('forget', '--store', c.store, '--customer', '131052-308T', '--keys', c.keys)
    expect(run.stderr).toBe(
      'servicelife: --customer: expected PseudonymousRef (an entity id, not a personal identity code), got "131052-308T"\n',
    )
    expect(run.code).toBe(2)
  })

  it.each([
    ['forget without --keys', ['forget', '--customer', 'pseud-c000042'], "'--keys <keys>'"],
    ['forget naming no one', ['forget', '--keys', 'KEYS'], "'--customer <ref>' or '--staff <name>'"],
    [
      'forget naming two',
      ['forget', '--keys', 'KEYS', '--customer', 'a', '--staff', 'b'],
      'one subject at a time',
    ],
    [
      'a personal identity code as a reference',
      ['forget', '--keys', 'KEYS', '--customer', '131052-308T'],
      '--customer: expected PseudonymousRef',
    ],
    [
      'a time that is not one',
      ['forget', '--keys', 'KEYS', '--customer', 'a', '--at', 'yesterday'],
      '--at: expected',
    ],
    [
      'an erasure id with spaces',
      ['forget', '--keys', 'KEYS', '--customer', 'a', '--erasure', 'a b'],
      '--erasure: expected EntityId',
    ],
    ['a key store that is not there', ['forget', '--keys', 'NOWHERE', '--customer', 'a'], 'no key store at'],
    [
      'a key store that is a file',
      ['forget', '--keys', 'AFILE', '--customer', 'a'],
      'is a file, not a key store directory',
    ],
    [
      'a reference a megabyte long, named but not echoed',
      ['forget', '--keys', 'KEYS', '--customer', 'a'.repeat(1 << 20)],
      '(1048578 characters)',
    ],
    [
      'a retention table that is binary, its bytes not echoed',
      ['retention', '--keys', 'KEYS', '--table', 'BINARY', '--as-of', '2027-01-01'],
      'is not JSON',
    ],
    [
      'retention without a table',
      ['retention', '--keys', 'KEYS', '--as-of', '2027-01-01'],
      '--table: expected a file path',
    ],
    [
      'retention with a table not there',
      ['retention', '--keys', 'KEYS', '--table', 'NOWHERE', '--as-of', '2027-01-01'],
      '--table: no file',
    ],
    [
      'retention with a table not JSON',
      ['retention', '--keys', 'KEYS', '--table', 'AFILE', '--as-of', '2027-01-01'],
      'is not JSON',
    ],
    [
      'retention with a rule on a field not personal',
      ['retention', '--keys', 'KEYS', '--table', 'BADTABLE', '--as-of', '2027-01-01'],
      'retention.0.field: expected a personal field',
    ],
    ['retention without --as-of', ['retention', '--keys', 'KEYS', '--table', 'TABLE'], "'--as-of <date>'"],
    [
      'retention as of no date',
      ['retention', '--keys', 'KEYS', '--table', 'TABLE', '--as-of', '2027-02-30'],
      '--as-of: expected',
    ],
    ['subject-export naming no one', ['subject-export', '--keys', 'KEYS'], "'--customer <ref>'"],
    [
      'subject-export into a directory',
      ['subject-export', '--keys', 'KEYS', '--customer', 'a', '--out', 'DIR'],
      'is a directory, not a file',
    ],
  ])('%s', async (_, args, message) => {
    const c = copy()
    writeFileSync(join(c.dir, 'afile'), 'not json')
    writeFileSync(join(c.dir, 'binary'), Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)))
    writeFileSync(
      join(c.dir, 'bad.json'),
      JSON.stringify({ retention: [{ field: 'ContactReceived.channel', keep: 'P1Y', after: 'recorded' }] }),
    )
    writeFileSync(join(c.dir, 'table.json'), JSON.stringify({ retention: [] }))
    mkdirSync(join(c.dir, 'adir'))
    const place = (a: string) =>
      ({
        KEYS: c.keys,
        NOWHERE: join(c.dir, 'nowhere'),
        AFILE: join(c.dir, 'afile'),
        BADTABLE: join(c.dir, 'bad.json'),
        TABLE: join(c.dir, 'table.json'),
        DIR: join(c.dir, 'adir'),
        BINARY: join(c.dir, 'binary'),
      })[a] ?? a
    const before = [readFileSync(join(c.store, 'events.ndjson')), readFileSync(join(c.keys, 'keys.ndjson'))]
    const run = await inProcess([...args.map(place), '--store', c.store])
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toContain(message)
    expect(run.stderr).not.toMatch(/\n\s+at /)
    expect(run.stderr.length).toBeLessThan(400)
    expect(run.stderr).not.toMatch(/[^\x20-\x7e\n]/)
    expect(run.code).toBe(2)
    expect(readFileSync(join(c.store, 'events.ndjson')).equals(before[0])).toBe(true)
    expect(readFileSync(join(c.keys, 'keys.ndjson')).equals(before[1])).toBe(true)
  })
})

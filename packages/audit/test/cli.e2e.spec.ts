/**
 * The `servicelife` binary as a user runs it: the built bin in a spawned process, a real file store
 * in a temp dir. Each command's happy path, its --json decoded and checked, and each bad input's
 * single error line and exit code, with nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, type Run, servicelife } from './servicelife-bin.js'

/** Decodes a command's JSON output with a codec of what a machine reading it relies on. */
const decoded = <A>(codec: t.Decoder<unknown, A>, run: Run): A => {
  expect(run.stderr).toBe('')
  const result = codec.decode(JSON.parse(run.stdout))
  if (E.isLeft(result)) throw new Error(`output does not match ${codec.name}: ${run.stdout.slice(0, 400)}`)
  return result.right
}

const Figures = t.type({ cases: t.number, awaitingAnswer: t.number, answered: t.number, contacts: t.number })
const Report = t.type({
  events: t.number,
  readAt: t.union([t.string, t.null]),
  catalog: t.array(t.type({ serviceId: t.string, lifecycle: t.string, obligation: t.string })),
  classification: t.array(
    t.type({ obligation: t.string, availability: t.string, productionMode: t.string, count: t.number }),
  ),
  compliance: t.type({ city: Figures, byChannel: t.record(t.string, Figures) }),
  satisfaction: t.type({ city: t.type({ needsMet: t.type({ n: t.number }) }) }),
  reviewAgenda: t.type({ reviewDue: t.array(t.unknown), questioned: t.array(t.unknown) }),
})
const Demo = t.type({
  recorded: t.type({ accepted: t.number, events: t.number, rejected: t.record(t.string, t.number) }),
  report: Report,
  retired: t.type({ id: t.string, events: t.array(t.type({ type: t.string })) }),
})
const Explanation = t.type({
  kind: t.string,
  id: t.string,
  events: t.array(
    t.intersection([t.type({ type: t.string, at: t.string }), t.partial({ basis: t.unknown })]),
  ),
  findings: t.array(t.type({ ruleId: t.string })),
})
const Findings = t.type({
  findings: t.array(t.type({ ruleId: t.string, count: t.number, violations: t.array(t.unknown) })),
})
const Verified = t.type({ ok: t.literal(true), events: t.number, streams: t.number, digest: t.string })

/** The event lines of an archive file: every line but the trailer. */
const eventLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('{"trailer":'))

let root: string
let store: string
const SMALL = ['--services', '18', '--contacts', '300', '--seed', '11']

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'servicelife-cli-'))
  store = join(root, 'store')
  const run = await servicelife('demo', '--dir', store, ...SMALL, '--json')
  expect(run.code).toBe(0)
}, 120_000)
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('servicelife demo', () => {
  it('records a year through the command handler and prints the summary (--json)', async () => {
    const dir = join(root, 'demo-json')
    const demo = decoded(Demo, await servicelife('demo', '--dir', dir, ...SMALL, '--json'))
    expect(demo.recorded.rejected).toEqual({})
    expect(demo.recorded.events).toBe(demo.report.events)
    expect(demo.report.catalog.some((e) => e.lifecycle === 'retired')).toBe(true)
    expect(demo.report.compliance.city.cases).toBe(300)
    expect(demo.retired.events.at(-1)?.type).toBe('ServiceRetired')
  })

  it('prints the catalogue, promises, satisfaction, review agenda and a retired service for people', async () => {
    const run = await servicelife('demo', '--dir', join(root, 'demo-human'), ...SMALL)
    expect(run.code).toBe(0)
    for (const heading of [
      'Services by obligation, availability and production mode',
      'Service promises',
      'Satisfaction (1-5)',
      'Review agenda',
      'A retired service',
      'Based on the review of',
    ])
      expect(run.stdout).toContain(heading)
    expect(run.stdout).toMatch(/Obligation\s+Availability\s+Production mode\s+Services/)
  })

  it('the same seed records the same number of events in the same streams', async () => {
    const dir = join(root, 'demo-again')
    await servicelife('demo', '--dir', dir, ...SMALL)
    const a = decoded(Verified, await servicelife('verify', '--store', store, '--json'))
    const b = decoded(Verified, await servicelife('verify', '--store', dir, '--json'))
    expect(a.events).toBe(b.events)
    expect(a.streams).toBe(b.streams)
  })

  it('refuses a directory that already holds a store unless --replace', async () => {
    const run = await servicelife('demo', '--dir', store, ...SMALL)
    expect(run).toMatchObject({ code: 2, stdout: '' })
    expect(run.stderr).toMatch(
      /^servicelife: .* already holds a store of \d+ events; pass --replace or another --dir\n$/,
    )
  })
})

describe('servicelife replay', () => {
  it('every projection of the whole record (--json)', async () => {
    const report = decoded(Report, await servicelife('replay', '--store', store, '--json'))
    const verified = decoded(Verified, await servicelife('verify', '--store', store, '--json'))
    expect(report.events).toBe(verified.events)
    expect(report.classification.reduce((a, r) => a + r.count, 0)).toBe(
      report.catalog.filter((e) => e.lifecycle !== 'retired').length,
    )
  })

  it('as of a date equals the replay of an archive cut at that date', async () => {
    const asOf = '2025-06-15'
    const archive = join(root, 'all.ndjson')
    expect((await servicelife('export', '--store', store, '--out', archive)).code).toBe(0)
    const limit = Date.parse('2025-06-15T23:59:59.999+03:00')
    const cut = eventLines(archive).filter((line) => Date.parse(JSON.parse(line).data.at) <= limit)
    // An archive cut by hand has no trailer: it is imported knowingly, with a warning.
    const cutArchive = join(root, 'cut.ndjson')
    writeFileSync(cutArchive, cut.map((l) => `${l}\n`).join(''))
    const cutStore = join(root, 'cut-store')
    const imported = await servicelife(
      'import',
      '--archive',
      cutArchive,
      '--store',
      cutStore,
      '--allow-no-trailer',
    )
    expect(imported.code).toBe(0)
    expect(imported.stderr).toMatch(/^servicelife: warning: .*no trailer/)

    const strip = (report: unknown) =>
      JSON.parse(JSON.stringify(report), (key, value) =>
        key === 'position' || key === 'positions' ? undefined : value,
      )
    const asOfReplay = decoded(
      Report,
      await servicelife('replay', '--store', store, '--as-of', asOf, '--json'),
    )
    const cutReplay = decoded(
      Report,
      await servicelife('replay', '--store', cutStore, '--as-of', asOf, '--json'),
    )
    expect(asOfReplay.events).toBe(cut.length)
    expect(asOfReplay.events).toBeLessThan(
      decoded(Report, await servicelife('replay', '--store', store, '--json')).events,
    )
    expect(strip(asOfReplay)).toEqual(strip(cutReplay))
  })

  it('of an archive file, without a store: the report the store it was exported from gives', async () => {
    const archive = join(root, 'all.ndjson')
    expect((await servicelife('export', '--store', store, '--out', archive)).code).toBe(0)
    for (const point of [[], ['--as-of', '2025-06-15'], ['--position', '99']]) {
      const fromStore = await servicelife('replay', '--store', store, ...point, '--json')
      const fromArchive = await servicelife('replay', '--archive', archive, ...point, '--json')
      expect(decoded(Report, fromArchive).events).toBeGreaterThan(0)
      expect(JSON.parse(fromArchive.stdout)).toEqual(JSON.parse(fromStore.stdout))
    }
  })

  it('of an archive with a bad line: exit 1 naming the line, and no report', async () => {
    const archive = join(root, 'bad-replay.ndjson')
    const lines = readFileSync(join(root, 'all.ndjson'), 'utf8').split('\n')
    lines[3] = lines[3]!.replace('"at":"', '"at":"not-a-time ')
    writeFileSync(archive, lines.join('\n'))
    const run = await servicelife('replay', '--archive', archive, '--json')
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^servicelife: .*bad-replay\.ndjson: line 4: .*data\.at/)
  })

  it('--time-zone reads an as-of date as the end of that day in the city’s zone', async () => {
    const archive = join(root, 'zoned.ndjson')
    expect((await servicelife('export', '--store', store, '--out', archive)).code).toBe(0)
    const lines = eventLines(archive)
    const upTo = (limit: string) =>
      lines.filter((l) => Date.parse(JSON.parse(l).data.at) <= Date.parse(limit)).length
    const run = await servicelife(
      'replay',
      '--store',
      store,
      '--as-of',
      '2025-06-15',
      '--time-zone',
      'America/Los_Angeles',
      '--json',
    )
    const report = decoded(Report, run)
    expect(report.readAt).toBe('2025-06-15T23:59:59.999-07:00')
    expect(report.events).toBe(upTo('2025-06-15T23:59:59.999-07:00'))
  })

  it('as of a position holds exactly the events up to it', async () => {
    const report = decoded(
      Report,
      await servicelife('replay', '--store', store, '--position', '99', '--json'),
    )
    expect(report.events).toBe(100)
  })

  it('names and headings in Finnish and Swedish with --lang', async () => {
    const fi = await servicelife('replay', '--store', store, '--lang', 'fi')
    expect(fi.stdout).toContain('Palvelut velvoitteen, saatavuuden ja tuotantotavan mukaan')
    expect(fi.stdout).toContain('Lakisääteinen viranomaistoiminta')
    const sv = await servicelife('replay', '--store', store, '--lang', 'sv')
    expect(sv.stdout).toContain('Tjänster efter skyldighet, tillgänglighet och produktionssätt')
  })
})

describe('servicelife explain', () => {
  it('a retired service: each event, what it changed, and the review its retirement rests on', async () => {
    const story = decoded(
      Explanation,
      await servicelife('explain', 'service', 'youth-premises', '--store', store, '--json'),
    )
    expect(story.events.map((e) => e.type)).toEqual([
      'ServicePlanned',
      'ServiceLaunched',
      'ServiceReviewed',
      'ServiceRetired',
    ])
    expect(story.events[3]!.basis).toMatchObject({ decision: 'retire' })
  })

  it('as of a date before the retirement, the service is still in production', async () => {
    const run = await servicelife(
      'explain',
      'service',
      'youth-premises',
      '--store',
      store,
      '--as-of',
      '2025-03-01',
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/lifecycle: In production/)
    expect(run.stdout).not.toContain('ServiceRetired')
  })
})

describe('servicelife verify', () => {
  it('an intact record: every event decodes and the hash chain holds', async () => {
    const run = await servicelife('verify', '--store', store)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /^Hash chain intact: \d+ events, \d+ streams, position \d+, digest [0-9a-f]{64}\n$/,
    )
  })

  it('an edited event: exit 1 naming the first bad event', async () => {
    const copy = join(root, 'tampered')
    await servicelife('import', '--archive', join(root, 'all.ndjson'), '--store', copy)
    const log = join(copy, 'events.ndjson')
    const lines = readFileSync(log, 'utf8').split('\n')
    const i = lines.findIndex((l) => l.includes('"FeedbackGiven"'))
    lines[i] = lines[i]!.replace(/"needsMet":\d/, '"needsMet":5').replace(
      /"communication":\d/,
      '"communication":1',
    )
    writeFileSync(log, lines.join('\n'))
    const run = await servicelife('verify', '--store', copy)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^servicelife: History breached: .*case-c\d+@\d+.*\n$/)
  })
})

describe('servicelife check', () => {
  it('findings grouped by rule, exit 1 when any (--json)', async () => {
    const run = await servicelife('check', '--store', store, '--json')
    expect(run.code).toBe(1)
    const { findings } = decoded(Findings, { ...run, code: 0 })
    expect(findings.map((f) => f.ruleId)).toContain('promise-2.always-answered')
    for (const f of findings) expect(f.violations).toHaveLength(f.count)
  })

  it('a longer answer time finds fewer late answers', async () => {
    const count = async (days: string) =>
      decoded(Findings, {
        ...(await servicelife('check', '--store', store, '--answer-within-days', days, '--json')),
        code: 0,
      }).findings.find((f) => f.ruleId === 'promise-2.always-answered')?.count ?? 0
    expect(await count('60')).toBeLessThan(await count('1'))
  })

  it('as of a date before any event: no findings, exit 0', async () => {
    const run = await servicelife('check', '--store', store, '--as-of', '2000-01-01')
    expect(run).toMatchObject({ code: 0, stdout: 'No findings: the record keeps the strategy’s rules\n' })
  })
})

describe('servicelife export and import', () => {
  it('an archive imported into a new store verifies to the same digest', async () => {
    const archive = join(root, 'round.ndjson')
    const exported = await servicelife('export', '--store', store, '--out', archive, '--json')
    expect(exported.code).toBe(0)
    const copy = join(root, 'round-store')
    expect((await servicelife('import', '--archive', archive, '--store', copy)).code).toBe(0)
    const a = decoded(Verified, await servicelife('verify', '--store', store, '--json'))
    const b = decoded(Verified, await servicelife('verify', '--store', copy, '--json'))
    expect(b.digest).toBe(a.digest)
  })
})

describe('bad input: one error line, a non-zero exit, nothing written', () => {
  it.each([
    [
      ['replay', '--store', '/nonexistent/servicelife'],
      2,
      /^servicelife: no servicelife store at \/nonexistent\/servicelife/,
    ],
    [
      ['replay', '--as-of', '2025-02-30', '--store', 'STORE'],
      2,
      /^servicelife: --as-of: expected a date \(YYYY-MM-DD\) or an ISO-8601 time with offset, got "2025-02-30"\n$/,
    ],
    [
      ['replay', '--store', 'STORE', '--position', 'last'],
      2,
      /^servicelife: --position: expected a global position/,
    ],
    [
      ['explain', 'case', 'no-such-case', '--store', 'STORE'],
      2,
      /^servicelife: no case no-such-case in the record\n$/,
    ],
    [
      ['explain', 'person', 'x', '--store', 'STORE'],
      2,
      /^servicelife: <kind>: expected service or case, got "person"\n$/,
    ],
    [
      ['replay', '--store', 'STORE', '--lang', 'de'],
      2,
      /^servicelife: option '--lang <lang>' argument 'de' is invalid/,
    ],
    [['replay'], 2, /^servicelife: required option '--store <store>' or '--archive <file>' not specified\n$/],
    [
      ['replay', '--store', 'STORE', '--archive', 'x.ndjson'],
      2,
      /^servicelife: --store and --archive: give one record to read, not both\n$/,
    ],
    [
      ['replay', '--archive', '/nonexistent/a.ndjson'],
      2,
      /^servicelife: --archive: no file \/nonexistent\/a\.ndjson\n$/,
    ],
    [['replay', '--store', 'STORE', '--colour'], 2, /^servicelife: unknown option '--colour'/],
    [
      ['replay', '--store', 'STORE', '--time-zone', 'Mars/Olympus_Mons'],
      2,
      /^servicelife: --time-zone: expected an IANA time zone \(such as Europe\/Helsinki\), got "Mars\/Olympus_Mons"\n$/,
    ],
    [['audit'], 2, /^servicelife: unknown command 'audit'/],
    [
      ['demo', '--contacts', 'many', '--dir', 'NEW'],
      2,
      /^servicelife: --contacts: expected a number of contacts/,
    ],
  ])('%j exits %i', async (args, code, message) => {
    const run = await servicelife(
      ...args.map((a) => (a === 'STORE' ? store : a === 'NEW' ? join(root, 'never') : a)),
    )
    expect(run.code).toBe(code)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(message)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(existsSync(join(root, 'never'))).toBe(false)
  })

  it('a corrupt archive line: exit 1 naming the line, and no store is created', async () => {
    const archive = join(root, 'corrupt.ndjson')
    const lines = readFileSync(join(root, 'all.ndjson'), 'utf8').split('\n')
    lines[6] = lines[6]!.replace('"at":"', '"at":"not-a-time ')
    writeFileSync(archive, lines.join('\n'))
    const target = join(root, 'from-corrupt')
    const run = await servicelife('import', '--archive', archive, '--store', target)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^servicelife: .*corrupt\.ndjson: line 7: .*; nothing was written\n$/)
    expect(existsSync(target)).toBe(false)
  })

  it('a reader that closes the pipe early (| head) ends the run quietly, without a stack trace', async () => {
    const { spawn } = await import('node:child_process')
    const child = spawn(process.execPath, [BIN, 'replay', '--store', store], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).toBe('')
    expect(code).toBe(0)
  })

  it('a missing archive file is refused before any store is opened', async () => {
    const target = join(root, 'from-missing')
    const run = await servicelife('import', '--archive', join(root, 'none.ndjson'), '--store', target)
    expect(run).toMatchObject({ code: 2, stdout: '' })
    expect(existsSync(target)).toBe(false)
  })
})

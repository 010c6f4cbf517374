/**
 * `servicelife report --html` as a user runs it: the built bin in a spawned process, a real file
 * store. The report is of the record verified (its digest is verify's), the same record and
 * SOURCE_DATE_EPOCH give the same bytes, and a broken record or a bad argument gets one error
 * line, a non-zero exit and no file.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { htmlReport, type RecordIdentity } from '../src/html.js'
import type { CityReport } from '../src/index.js'
import { runServicelife as servicelife } from './servicelife-bin.js'

let root: string
let store: string

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'servicelife-report-'))
  store = join(root, 'store')
  const run = await servicelife(['demo', '--dir', store, '--services', '12', '--contacts', '300', '--json'])
  expect(run.code).toBe(0)
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('servicelife report --html', () => {
  it('writes the report of the record verified: its digest and position are verify’s', async () => {
    const out = join(root, 'out', 'report.html')
    const run = await servicelife(['report', '--store', store, '--html', out, '--json'])
    expect(run.code).toBe(0)
    const written = JSON.parse(run.stdout) as {
      html: string
      bytes: number
      position: number
      digest: string
    }
    const verified = JSON.parse((await servicelife(['verify', '--store', store, '--json'])).stdout) as {
      digest: string
      position: number
    }
    expect(written).toEqual({
      html: out,
      bytes: statSync(out).size,
      position: verified.position,
      digest: verified.digest,
    })
    const html = readFileSync(out, 'utf8')
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(html).toContain(`<code>${verified.digest}</code>`)
    expect(html.match(/<svg[^>]*role="img"/g)).toHaveLength(8)
  })

  it('in one pass, the page the library makes of `replay --json` and `verify --json` of the same record', async () => {
    const env = { SOURCE_DATE_EPOCH: '1767225600' }
    const out = join(root, 'one-pass.html')
    expect((await servicelife(['report', '--store', store, '--html', out, '--lang', 'sv'], env)).code).toBe(0)
    const replayed = JSON.parse(
      (await servicelife(['replay', '--store', store, '--json'])).stdout,
    ) as CityReport
    const identity = JSON.parse(
      (await servicelife(['verify', '--store', store, '--json'])).stdout,
    ) as RecordIdentity
    const page = htmlReport(replayed, {
      identity,
      generatedAt: '2026-01-01T00:00:00.000Z',
      lang: 'sv',
      timeZone: 'Europe/Helsinki',
    })
    expect(readFileSync(out, 'utf8')).toBe(page)
  })

  it('the same record with the same SOURCE_DATE_EPOCH gives byte-identical files, generated at that time', async () => {
    const env = { SOURCE_DATE_EPOCH: '1767225600' }
    const [a, b] = [join(root, 'a.html'), join(root, 'b.html')]
    expect((await servicelife(['report', '--store', store, '--html', a, '--lang', 'fi'], env)).code).toBe(0)
    expect((await servicelife(['report', '--store', store, '--html', b, '--lang', 'fi'], env)).code).toBe(0)
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true)
    expect(readFileSync(a, 'utf8')).toContain('<code>2026-01-01T00:00:00.000Z</code>')
  })

  it('as of a date, in Swedish: the page says so, and holds only what was known then', async () => {
    const out = join(root, 'june.html')
    const run = await servicelife([
      'report',
      '--store',
      store,
      '--html',
      out,
      '--as-of',
      '2025-06-30',
      '--lang',
      'sv',
    ])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /^Granskningsrapport för tjänsterna -> .*june\.html \(\d+ bytes; position \d+, sammandrag [0-9a-f]{64}\)\n$/,
    )
    const html = readFileSync(out, 'utf8')
    expect(html).toContain('<html lang="sv">')
    expect(html).toContain('<code>2025-06-30T23:59:59.999+03:00</code>')
    expect(html).not.toMatch(/<th scope="row">2025-07<\/th>/)
    expect(html).toMatch(/<th scope="row">2025-06<\/th>/)
  })

  it('a record whose hash chain is broken gets no report: exit 1, one line', async () => {
    const copy = join(root, 'tampered')
    mkdirSync(copy)
    const lines = readFileSync(join(store, 'events.ndjson'), 'utf8').split('\n')
    const i = lines.findIndex((l) => l.includes('"FeedbackGiven"'))
    lines[i] = lines[i]!.replace(/"needsMet":\d/, (m) => (m.endsWith('5') ? '"needsMet":1' : '"needsMet":5'))
    writeFileSync(join(copy, 'events.ndjson'), lines.join('\n'))
    const out = join(root, 'never.html')
    const run = await servicelife(['report', '--store', copy, '--html', out])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^servicelife: History breached: .*; no report was written\n$/)
    expect(existsSync(out)).toBe(false)
  })
})

describe('bad input: one error line, a non-zero exit, no file written', () => {
  const out = () => join(root, 'never', 'report.html')
  it.each([
    [['report', '--store', 'STORE'], {}, /^servicelife: required option '--html <file>' not specified\n$/],
    [['report', '--html', 'OUT'], {}, /^servicelife: required option '--store <store>' not specified\n$/],
    [
      ['report', '--store', 'STORE', '--html', '/tmp'],
      {},
      /^servicelife: --html: \/tmp is a directory; give the report file's path\n$/,
    ],
    [
      ['report', '--store', 'STORE', '--html', 'UNDER_FILE'],
      {},
      /^servicelife: --html: .* is a file, not a directory\n$/,
    ],
    [
      ['report', '--store', 'STORE', '--html', 'OUT', '--position', '99999999'],
      {},
      /^servicelife: History breached: position 99999999 is past the end of the record/,
    ],
    [
      ['report', '--store', 'STORE', '--html', 'OUT', '--as-of', 'tomorrow'],
      {},
      /^servicelife: --as-of: expected a date/,
    ],
    [
      ['report', '--store', 'STORE', '--html', 'OUT', '--lang', 'de'],
      {},
      /^servicelife: option '--lang <lang>' argument 'de' is invalid/,
    ],
    [
      ['report', '--store', '/nonexistent/store', '--html', 'OUT'],
      {},
      /^servicelife: no servicelife store at \/nonexistent\/store/,
    ],
    [
      ['report', '--store', 'STORE', '--html', 'OUT'],
      { SOURCE_DATE_EPOCH: 'yesterday' },
      /^servicelife: SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01T00:00:00Z, got "yesterday"\n$/,
    ],
  ] as const)('%j %j exits 2', async (args, env, message) => {
    const underFile = join(root, 'a-file')
    writeFileSync(underFile, '')
    const run = await servicelife(
      args.map((a) =>
        a === 'STORE' ? store : a === 'OUT' ? out() : a === 'UNDER_FILE' ? join(underFile, 'r.html') : a,
      ),
      env,
    )
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(message)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(existsSync(join(root, 'never'))).toBe(false)
  })
})

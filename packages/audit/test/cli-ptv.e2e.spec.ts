/**
 * `servicelife ptv import` and `servicelife ptv export` as a user runs them: the built bin, a real
 * file store, the 75 real PTV records of packages/ptv/test/fixtures. Import is idempotent for the
 * same records and time, export writes valid files and the changes against PTV, and every bad
 * argument is one line, exit 2, and nothing written.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { servicelife } from './servicelife-bin.js'

const PTV = join(import.meta.dirname, '..', '..', 'ptv', 'test', 'fixtures', 'ptv')
const NAANTALI = '3d1759a2-e47a-4947-9a31-cab1c1e2512b'
const AT = '2026-01-05T09:00:00+02:00'

let root: string
let store: string
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'servicelife-ptv-'))
  store = join(root, 'store')
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('servicelife ptv', () => {
  it('import: 30 services planned, linked and launched from the 75 records, the mapping report written', async () => {
    const report = join(root, 'mapping.json')
    const run = await servicelife(
      'ptv',
      'import',
      '--from',
      PTV,
      '--store',
      store,
      '--at',
      AT,
      '--report',
      report,
      '--json',
    )
    expect(run.code).toBe(0)
    const summary = JSON.parse(run.stdout) as {
      services: number
      accepted: number
      rejected: object
      losses: Record<string, number>
    }
    expect(summary).toMatchObject({ services: 30, accepted: 89, rejected: {} })
    const details = JSON.parse(readFileSync(report, 'utf8')) as {
      details: Array<{ recordId: string; kind: string }>
    }
    expect(details.details).toHaveLength(Object.values(summary.losses).reduce((a, b) => a + b, 0))
  })

  it('import again with the same records and time: nothing new is recorded', async () => {
    const run = await servicelife('ptv', 'import', '--from', PTV, '--store', store, '--at', AT, '--json')
    expect(JSON.parse(run.stdout)).toMatchObject({ accepted: 0, alreadyRecorded: 89 })
  })

  it('export against PTV: a JSON file per service, the report, and what to send', async () => {
    const out = join(root, 'export')
    const run = await servicelife(
      'ptv',
      'export',
      '--store',
      store,
      '--out',
      out,
      '--organization',
      NAANTALI,
      '--municipality',
      '529',
      '--against',
      PTV,
      '--json',
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({
      published: 29,
      deleted: 0,
      skipped: 1,
      changes: { POST: 0, PUT: 1, none: 28 },
    })
    expect(readdirSync(join(out, 'services'))).toHaveLength(29)
    const changes = JSON.parse(readFileSync(join(out, 'changes.json'), 'utf8')) as Array<{
      action: string
      fields: string[]
    }>
    expect(changes.filter((c) => c.action === 'PUT').map((c) => c.fields)).toEqual([['producer']])
  })

  it('export as of a date before the import: nothing was launched yet', async () => {
    const out = join(root, 'before')
    const run = await servicelife(
      'ptv',
      'export',
      '--store',
      store,
      '--out',
      out,
      '--organization',
      NAANTALI,
      '--municipality',
      '529',
      '--as-of',
      '2025-12-31',
      '--json',
    )
    expect(JSON.parse(run.stdout)).toMatchObject({ published: 0, skipped: 0 })
  })
})

describe('bad input: one error line, exit 2, nothing written', () => {
  it.each([
    [['ptv', 'import', '--store', 'STORE'], /^servicelife: required option '--from <path>' not specified\n$/],
    [
      ['ptv', 'import', '--from', '/nonexistent/ptv', '--store', 'NEW'],
      /^servicelife: --from: no file or directory \/nonexistent\/ptv\n$/,
    ],
    [
      ['ptv', 'import', '--from', 'NOT_JSON', '--store', 'NEW'],
      /^servicelife: --from: .*not-json\.json: not JSON/,
    ],
    [
      ['ptv', 'import', '--from', 'PTV', '--store', 'NEW', '--at', '2026-01-05'],
      /^servicelife: --at: expected an ISO-8601 time with offset, got "2026-01-05"\n$/,
    ],
    [
      [
        'ptv',
        'export',
        '--store',
        'STORE',
        '--out',
        'OUT',
        '--organization',
        'naantali',
        '--municipality',
        '529',
      ],
      /^servicelife: --organization: expected a PTV organization id \(a UUID\), got "naantali"\n$/,
    ],
    [
      [
        'ptv',
        'export',
        '--store',
        'STORE',
        '--out',
        'OUT',
        '--organization',
        NAANTALI,
        '--municipality',
        '52',
      ],
      /^servicelife: --municipality: expected a three-digit municipality code/,
    ],
    [
      ['ptv', 'export', '--store', 'STORE', '--out', 'OUT', '--organization', NAANTALI],
      /^servicelife: required option '--municipality <code>' not specified\n$/,
    ],
    [
      [
        'ptv',
        'export',
        '--store',
        'STORE',
        '--out',
        'A_FILE',
        '--organization',
        NAANTALI,
        '--municipality',
        '529',
      ],
      /^servicelife: --out: .* is a file; give a directory/,
    ],
    [
      [
        'ptv',
        'export',
        '--store',
        'STORE',
        '--out',
        'OUT',
        '--organization',
        NAANTALI,
        '--municipality',
        '529',
        '--against',
        '/nonexistent/snapshot',
      ],
      /^servicelife: --against: no file or directory/,
    ],
    [
      ['ptv', 'import', '--from', 'BINARY', '--store', 'NEW'],
      /^servicelife: --from: .*binary\.json: not JSON/,
    ],
    [['ptv', 'sync'], /^servicelife: unknown command 'sync'/],
  ])('%j', async (args, message) => {
    const notJson = join(root, 'not-json.json')
    writeFileSync(notJson, '{"id": ')
    const binary = join(root, 'binary.json')
    writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)))
    const aFile = join(root, 'a-file')
    writeFileSync(aFile, '')
    const placeholders: Readonly<Record<string, string>> = {
      STORE: store,
      NEW: join(root, 'never'),
      OUT: join(root, 'never-out'),
      PTV,
      NOT_JSON: notJson,
      A_FILE: aFile,
      BINARY: binary,
    }
    const run = await servicelife(...args.map((a) => placeholders[a] ?? a))
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(message)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(existsSync(join(root, 'never'))).toBe(false)
    expect(existsSync(join(root, 'never-out'))).toBe(false)
  })
})

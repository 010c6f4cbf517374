/**
 * Golden archives: records written by each released shape of the model, kept under version
 * control with the report their replay gave when they were written. Every one must still import,
 * verify and replay to that report with today's code. A deliberate change of meaning is listed
 * beside the archive: the figures it may change (a path pattern), why, and a check that the
 * change is the one intended. Any other difference fails, and so does a listed change that no
 * longer changes anything.
 */
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createGunzip } from 'node:zlib'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { isErased, isReadable, isSealed, personalValuesOf } from '@servicelife/domain'
import { FileKeyStore, KEY_LOG, protectPersonalData } from '@servicelife/personal-data'
import { importArchive, InMemoryEventStore, verifyHistory } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { cityReport, replayRecord } from '../src/index.js'

interface DeliberateChange {
  /** Dotted paths into the report; `*` stands for one key, `**` for any number of keys. */
  readonly paths: ReadonlyArray<string>
  readonly why: string
  /** The recorded value (undefined where the figure is new) and the one replayed now. */
  readonly check: (was: unknown, now: unknown) => boolean
}

interface Golden {
  readonly name: string
  /** What wrote it. */
  readonly writtenBy: string
  /** False for an archive written before archives had a trailer: it is read with a warning. */
  readonly trailer: boolean
  /** Exact figures of the replay today, where a deliberate change moved them. */
  readonly now: Readonly<Record<string, unknown>>
  readonly changes: ReadonlyArray<DeliberateChange>
  /** Events about the record itself (`record-*` streams), which the report does not count. */
  readonly recordEvents?: number
}

const compliance = ['compliance.city', 'compliance.*.*']

const goldens: ReadonlyArray<Golden> = [
  {
    name: 'demo-2025.v1',
    trailer: false,
    writtenBy:
      'servicelife 0.1.0 (d7185f9): `servicelife demo --seed 2025`, then `export` and `replay --json`',
    now: {
      'compliance.city.awaitingAnswer': 202,
      'compliance.city.closedWithoutAnswer': 26,
      'compliance.city.deadlines': {
        promisedByService: 0,
        answeredOnTime: 1657,
        answeredLate: 116,
        awaitingWithinDeadline: 15,
        overdue: 186,
        shareAnsweredOnTime: 1657 / (1657 + 116 + 186),
      },
    },
    changes: [
      {
        paths: compliance.map((p) => `${p}.deadlines`),
        why: 'new figures: the first answer against its deadline (no service promised one in 0.1, so every case has the city’s 14 days)',
        check: (was, now) =>
          was === undefined &&
          typeof now === 'object' &&
          (now as { promisedByService: number }).promisedByService === 0,
      },
      {
        paths: compliance.map((p) => `${p}.closedWithoutAnswer`),
        why: 'a new figure: cases closed as withdrawn or a duplicate before any answer',
        check: (was, now) => was === undefined && typeof now === 'number' && now >= 0,
      },
      {
        paths: compliance.map((p) => `${p}.awaitingAnswer`),
        why: 'a case closed as withdrawn or a duplicate no longer awaits an answer',
        check: (was, now) => typeof was === 'number' && typeof now === 'number' && now < was,
      },
      {
        paths: compliance.map((p) => `${p}.oldestUnansweredDays`),
        why: 'the oldest unanswered contact may have been one of a case closed without an answer',
        check: (was, now) =>
          typeof was === 'number' && (now === undefined || (typeof now === 'number' && now <= was)),
      },
    ],
  },
  {
    name: 'demo-2025.v2',
    trailer: true,
    writtenBy:
      'servicelife 0.2 (answer deadlines, schema version 2 of ServicePlanned, ServicePlanRevised and CaseOpened, hash chain version 2, archive trailer): `servicelife demo --seed 2025`, then `export` and `replay --json`',
    now: {},
    changes: [],
  },
  {
    name: 'ptv-2026.v3',
    trailer: true,
    writtenBy:
      'servicelife 0.3 (ServiceLinked, version 1: services linked to PTV): `servicelife ptv import --from packages/ptv/test/fixtures/ptv --at 2026-01-05T09:00:00+02:00`, then `export` and `replay --json`',
    now: {},
    changes: [],
  },
  {
    name: 'personal-2026.v4',
    trailer: true,
    writtenBy:
      'servicelife 0.4 (personal fields sealed, SubjectErased): `servicelife demo --seed 2025 --contacts 400 --services 10 --keys K`, `forget --customer pseud-c000042`, `retention --apply` (ContactReceived.subject P1Y after case-closed, as of 2026-06-30), then `export` and `replay --json`; its keys as they were then in personal-2026.v4.keys.ndjson.gz',
    now: {},
    changes: [],
    recordEvents: 2,
  },
]

const fixture = (file: string) => fileURLToPath(new URL(`./fixtures/archives/${file}`, import.meta.url))
const gunzipped = (path: string) => () => createReadStream(path).pipe(createGunzip())

/** Every leaf path where two JSON values differ, with both values. */
const differences = (
  a: unknown,
  b: unknown,
  path: string[] = [],
): Array<{ path: string[]; was: unknown; now: unknown }> => {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
  if (isObject(a) && isObject(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    return [...keys].flatMap((k) => differences(a[k], b[k], [...path, k]))
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path, was: a, now: b }]
}

const matches = (pattern: string[], path: string[]): boolean => {
  if (pattern.length === 0) return path.length === 0
  const [head, ...rest] = pattern
  if (head === '**') return path.some((_, i) => matches(rest, path.slice(i))) || matches(rest, [])
  return path.length > 0 && (head === '*' || head === path[0]) && matches(rest, path.slice(1))
}

describe('golden archives', () => {
  for (const golden of goldens) {
    it(`${golden.name} (${golden.writtenBy}) imports, verifies and replays to its recorded report`, async () => {
      const recorded = JSON.parse(await readFile(fixture(`${golden.name}.report.json`), 'utf8')) as {
        events: number
      }
      const store = new InMemoryEventStore()
      const warnings: string[] = []
      const imported = await importArchive(store, gunzipped(fixture(`${golden.name}.ndjson.gz`)), {
        allowNoTrailer: !golden.trailer,
        onWarning: (warning) => warnings.push(warning),
      })
      expect(E.isRight(imported) ? imported.right : imported.left).toMatchObject({
        events: recorded.events + (golden.recordEvents ?? 0),
      })
      expect(warnings.length).toBe(golden.trailer ? 0 : 1)
      const verified = await verifyHistory(store)
      expect(E.isRight(verified) ? 'intact' : verified.left.message).toBe('intact')

      const replay = await replayRecord(store.readAll())
      if (E.isLeft(replay)) throw new Error(replay.left.message)
      const replayed = JSON.parse(JSON.stringify(cityReport(replay.right))) as unknown
      const unexplained: string[] = []
      const used = new Set<DeliberateChange>()
      for (const { path, was, now } of differences(recorded, replayed)) {
        const change = golden.changes.find((c) => c.paths.some((p) => matches(p.split('.'), path)))
        if (change === undefined || !change.check(was, now))
          unexplained.push(`${path.join('.')}: ${JSON.stringify(was)} -> ${JSON.stringify(now)}`)
        else used.add(change)
      }
      expect(unexplained).toEqual([])
      expect(golden.changes.filter((c) => !used.has(c)).map((c) => c.why)).toEqual([])
      for (const [path, value] of Object.entries(golden.now))
        expect({
          path,
          value: path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], replayed),
        }).toEqual({ path, value })
    })
  }
})

describe('golden archive personal-2026.v4 with its keys', () => {
  it('opens every sealed field whose key was kept, and reads the forgotten and the expired as erased', async () => {
    const store = new InMemoryEventStore()
    const imported = await importArchive(store, gunzipped(fixture('personal-2026.v4.ndjson.gz')))
    expect(E.isRight(imported)).toBe(true)
    const dir = mkdtempSync(join(tmpdir(), 'servicelife-golden-keys-'))
    try {
      writeFileSync(
        join(dir, KEY_LOG),
        gunzipSync(await readFile(fixture('personal-2026.v4.keys.ndjson.gz'))),
      )
      const keys = await FileKeyStore.open(dir, { readOnly: true })
      if (E.isLeft(keys)) throw new Error(keys.left.message)
      const count = { text: 0, erased: 0, sealed: 0 }
      let forgotten: unknown
      for await (const event of protectPersonalData(store, keys.right).readAll()) {
        for (const v of personalValuesOf(event)) {
          if (isSealed(v.value)) count.sealed++
          else if (isErased(v.value)) count.erased++
          else if (isReadable(v.value)) count.text++
        }
        if (event.streamId === 'case-c000042' && event.type === 'ContactReceived') forgotten = event.data
      }
      await keys.right.close()
      expect(count).toEqual({ text: 1924, erased: 147, sealed: 0 })
      expect(forgotten).toMatchObject({ subject: { erased: true }, customer: { ref: { erased: true } } })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

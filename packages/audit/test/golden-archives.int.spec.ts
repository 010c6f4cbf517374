/**
 * Golden archives: records written by each released shape of the model, kept under version
 * control with the report their replay gave when they were written. Every one must still import,
 * verify and replay to that report with today's code; a deliberate change of meaning is listed
 * beside the archive, with the recorded value and the new one, so it can never pass unnoticed.
 */
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createGunzip } from 'node:zlib'
import { importArchive, InMemoryEventStore, verifyHistory } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { cityReport, replayRecord } from '../src/index.js'

interface DeliberateChange {
  /** Dotted path into the report. */
  readonly path: string
  readonly was: unknown
  readonly now: unknown
  readonly why: string
}

interface Golden {
  readonly name: string
  /** What wrote it. */
  readonly writtenBy: string
  readonly changes: ReadonlyArray<DeliberateChange>
}

const goldens: ReadonlyArray<Golden> = [
  {
    name: 'demo-2025.v1',
    writtenBy:
      'servicelife 0.1.0 (d7185f9): `servicelife demo --seed 2025`, then `export` and `replay --json`',
    changes: [],
  },
]

const fixture = (file: string) => fileURLToPath(new URL(`./fixtures/archives/${file}`, import.meta.url))
const gunzipped = (path: string) => () => createReadStream(path).pipe(createGunzip())

const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value)

const setAt = (value: unknown, path: string, to: unknown): void => {
  const keys = path.split('.')
  const parent = at(value, keys.slice(0, -1).join('.')) as Record<string, unknown>
  parent[keys[keys.length - 1]!] = to
}

describe('golden archives', () => {
  for (const golden of goldens) {
    it(`${golden.name} (${golden.writtenBy}) imports, verifies and replays to its recorded report`, async () => {
      const recorded = JSON.parse(await readFile(fixture(`${golden.name}.report.json`), 'utf8')) as unknown
      const store = new InMemoryEventStore()
      const imported = await importArchive(gunzipped(fixture(`${golden.name}.ndjson.gz`)), store)
      expect(E.isRight(imported) ? imported.right : imported.left).toMatchObject({
        events: (recorded as { events: number }).events,
      })
      const verified = await verifyHistory(store)
      expect(E.isRight(verified) ? 'intact' : verified.left.message).toBe('intact')

      const replayed = JSON.parse(JSON.stringify(cityReport(await replayRecord(store.readAll())))) as unknown
      const expected = structuredClone(recorded)
      for (const change of golden.changes) {
        expect({ path: change.path, value: at(recorded, change.path) }).toEqual({
          path: change.path,
          value: change.was,
        })
        expect({ path: change.path, value: at(replayed, change.path) }).toEqual({
          path: change.path,
          value: change.now,
        })
        setAt(expected, change.path, change.now)
      }
      expect(replayed).toEqual(expected)
    })
  }
})

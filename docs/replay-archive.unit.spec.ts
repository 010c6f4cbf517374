import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { cityReport, replayRecord } from '@servicelife/audit'
import {
  handleAll,
  planAndLaunch,
  plusDays,
  refusals,
  turkuServices,
  youthChatJourney,
} from '@servicelife/spec'
import { exportArchive, InMemoryEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { promisesOnDate } from './examples/replay-archive.js'

const dir = mkdtempSync(join(tmpdir(), 'servicelife-docs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Two youth chat cases a week apart, archived to a file; the store they came from. */
const archived = async () => {
  const store = new InMemoryEventStore()
  const first = '2025-03-03T09:00:00+02:00'
  const services = [
    ...planAndLaunch(turkuServices.generalGuidance),
    ...planAndLaunch(turkuServices.youthGuidance),
  ]
  expect(refusals(await handleAll(store, services, { prefix: 'service' }))).toEqual([])
  for (const [caseId, at] of [
    ['case-a', first],
    ['case-b', plusDays(first, 7)],
  ] as const)
    expect(refusals(await handleAll(store, youthChatJourney(caseId, at), { prefix: caseId }))).toEqual([])
  const path = join(dir, 'record.ndjson')
  const out = createWriteStream(path)
  await exportArchive(store, out)
  out.end()
  await finished(out)
  return { store, path, between: plusDays(first, 3) }
}

describe('docs/examples/replay-archive.ts', () => {
  it('gives the figures the replay of the archived store gives on that date', async () => {
    const { store, path, between } = await archived()
    const fromFile = await promisesOnDate(path, between)
    const replayed = await replayRecord(store.readAll(), { asOf: { at: between } })
    const fromStore = E.isRight(replayed) && cityReport(replayed.right).compliance.city
    expect(fromFile).toEqual(E.right(fromStore))
    expect(E.isRight(fromFile) && fromFile.right.cases).toBe(1)
  })

  it('gives the first bad line of an edited archive instead of figures', async () => {
    const { path, between } = await archived()
    const lines = readFileSync(path, 'utf8').split('\n')
    // The second case's first contact, on a channel the city does not have.
    const edited = lines.findIndex((l) => l.includes('"contactId":"case-b-c1"'))
    lines[edited] = lines[edited]!.replace('"channel":"chat"', '"channel":"pigeon"')
    writeFileSync(path, lines.join('\n'))
    const result = await promisesOnDate(path, between)
    expect(edited).toBeGreaterThan(0)
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'archive-invalid', line: edited + 1 })
  })
})

/**
 * Every read path goes through the upcasters: a history written at version 1 of each event's
 * shape reads, on the in-memory and file stores, from an archive, in the command handler's fold
 * and in the projection runner, exactly as the same history written at today's versions.
 * (Version 2 only added optional fields, so "the same history" is one without them.)
 */
import { test } from '@fast-check/vitest'
import {
  caseEntity,
  currentVersion,
  domainSchema,
  type DomainEvent,
  encodeEvent,
  serviceEntity,
} from '@servicelife/domain'
import {
  allProjections,
  encodeState,
  InMemoryCheckpointStore,
  project,
  type Projection,
  ProjectionRunner,
} from '@servicelife/projections'
import { archiveTextOf, cityHistory, type HistoryEntry, inChunks } from '@servicelife/spec'
import {
  type EventStore,
  FileEventStore,
  foldStream,
  InMemoryEventStore,
  type RecordedEvent,
} from '@servicelife/store'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect } from 'vitest'
import { cityReport, replayArchive, replayRecord } from '../src/index.js'

/** The event without what version 2 added: what a version-1 writer recorded. */
const withoutVersion2Fields = (event: DomainEvent): DomainEvent => {
  const { answerDue: _d, answerPromise: _p, ...data } = event.data as Record<string, unknown>
  if ('changes' in data) {
    const { answerPromise: _c, ...changes } = data.changes as Record<string, unknown>
    return { ...event, data: { ...data, changes } } as DomainEvent
  }
  return { ...event, data } as DomainEvent
}

const histories = cityHistory({ services: 4, cases: 20 })
  .map((entries) => entries.map((e) => ({ ...e, event: withoutVersion2Fields(e.event) })))
  .filter((entries) => entries.every((e) => e.event.type !== 'ServiceAnswerPromiseSet'))

const write = async (
  store: EventStore,
  entries: ReadonlyArray<HistoryEntry>,
  atVersion: 'one' | 'current',
) => {
  for (const { streamId, event } of entries) {
    const schemaVersion = atVersion === 'one' ? 1 : currentVersion(domainSchema, event.type)
    const appended = await store.appendToStream(
      streamId,
      [{ type: event.type, data: encodeEvent(event).data, schemaVersion }],
      { expectedRevision: 'any' },
    )
    if (E.isLeft(appended)) throw new Error(appended.left.message)
  }
}

const report = async (events: AsyncIterable<RecordedEvent>) => {
  const replayed = await replayRecord(events)
  if (E.isLeft(replayed)) throw new Error(replayed.left.message)
  return cityReport(replayed.right)
}

const collect = async (store: EventStore) => {
  const all: RecordedEvent[] = []
  for await (const e of store.readAll()) all.push(e)
  return all
}

describe('a history written at version 1', () => {
  test.prop([histories], { numRuns: 12 })(
    'reads on every path as the same history written at today’s versions',
    async (entries) => {
      const now = () => '2026-01-01T00:00:00.000Z'
      const today = new InMemoryEventStore({ now })
      await write(today, entries, 'current')
      const expected = await report(today.readAll())
      const written = await collect(today)
      expect(written.some((e) => e.metadata.schemaVersion === 2)).toBe(
        entries.some((e) => currentVersion(domainSchema, e.event.type) === 2),
      )

      const dir = mkdtempSync(join(tmpdir(), 'servicelife-versions-'))
      try {
        const memory = new InMemoryEventStore({ now })
        const opened = await FileEventStore.open(dir, { now })
        if (E.isLeft(opened)) throw new Error(opened.left.message)
        const file = opened.right
        try {
          for (const old of [memory, file]) {
            await write(old, entries, 'one')
            expect((await collect(old)).every((e) => e.metadata.schemaVersion === undefined)).toBe(true)
            // Stores.
            expect(await report(old.readAll())).toEqual(expected)
            // Archives.
            const archived = await replayArchive(inChunks(await archiveTextOf(old)))
            expect(E.isRight(archived) && cityReport(archived.right)).toEqual(expected)
            // The command handler's fold.
            for (const streamId of new Set(entries.map((e) => e.streamId))) {
              const entity = streamId.startsWith('service-') ? serviceEntity : caseEntity
              const id = streamId.slice(streamId.indexOf('-') + 1)
              expect(await foldStream(old, entity as typeof caseEntity, id)).toEqual(
                await foldStream(today, entity as typeof caseEntity, id),
              )
            }
            // The projection runner.
            const projections = Object.values(allProjections) as ReadonlyArray<Projection<unknown>>
            const runner = new ProjectionRunner({
              store: old,
              projections,
              checkpoints: new InMemoryCheckpointStore(),
            })
            await runner.start()
            for (const p of projections)
              expect(encodeState(runner.state(p))).toEqual(encodeState(project(p, written)))
            await runner.stop()
          }
        } finally {
          await file.close()
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  )
})

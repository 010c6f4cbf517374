/**
 * One record, one digest: PostgreSQL keeps each event's canonical text, so the hash chain and the
 * record's digest are those of the file store and the in-memory store for the same record. A
 * city that moves its record from files into PostgreSQL can show it is the same record.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@fast-check/vitest'
import { cityYear, recordCityYear } from '@servicelife/audit'
import { encodeEvent } from '@servicelife/domain'
import { randomCityHistory } from '@servicelife/spec'
import {
  type EventStore,
  exportArchiveToFile,
  FileEventStore,
  importArchive,
  InMemoryEventStore,
  verifyHistory,
} from '@servicelife/store'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { PostgresEventStore } from '../src/index.js'
import { asPool, right, testDatabase } from './database.js'

/** The same clock and ids for every store of a run: the records can then be equal byte for byte. */
const environment = () => {
  let n = 0
  return {
    now: () => '2025-06-01T12:00:00.000Z',
    newEventId: () => `0190a000-0000-7000-8000-${(n++).toString(16).padStart(12, '0')}`,
  }
}

const everything = async (store: EventStore) => {
  const out: unknown[] = []
  for await (const e of store.readAll()) out.push(e)
  return out
}

describe('PostgresEventStore: the same record as the other stores', () => {
  test.prop([randomCityHistory({ services: 3, cases: 4, length: 16 })], { numRuns: 12 })(
    'appends of any history give the events and the digest the in-memory store gives',
    async (entries) => {
      const db = await testDatabase()
      const pg = right(
        await PostgresEventStore.open(asPool(db.pool), { schema: db.schema, ...environment() }),
      )
      const memory = new InMemoryEventStore(environment())
      try {
        for (const { streamId, event } of entries)
          for (const store of [pg, memory])
            await store.appendToStream(streamId, [{ type: event.type, data: encodeEvent(event).data }], {
              expectedRevision: 'any',
            })
        expect(await everything(pg)).toEqual(await everything(memory))
        expect(right(await verifyHistory(pg))).toEqual(right(await verifyHistory(memory)))
      } finally {
        await pg.close()
        await db.drop()
      }
    },
  )

  test.prop(
    [
      fc.array(
        fc.record({
          stream: fc.integer({ min: 0, max: 4 }),
          events: fc.integer({ min: 1, max: 3 }),
          expected: fc.constantFrom<'any' | 'no-stream'>('any', 'no-stream'),
        }),
        { minLength: 1, maxLength: 40 },
      ),
    ],
    { numRuns: 12 },
  )(
    'concurrent appends in group commits give the record of the same appends one by one, in the order committed',
    async (appends) => {
      const db = await testDatabase()
      const pg = right(
        await PostgresEventStore.open(asPool(db.pool), { schema: db.schema, ...environment() }),
      )
      const memory = new InMemoryEventStore(environment())
      const event = (n: number) => ({
        type: 'ServiceRestored',
        data: { serviceId: 'g', at: `2025-01-01T00:00:${String(n).padStart(2, '0')}Z` },
      })
      try {
        const results = await Promise.all(
          appends.map((a, i) =>
            pg.appendToStream(
              `service-g${a.stream}`,
              Array.from({ length: a.events }, (_, k) => event((i + k) % 60)),
              { expectedRevision: a.expected },
            ),
          ),
        )
        // Every 'any' append lands; a 'no-stream' one only as its stream's first.
        results.forEach((r, i) => {
          if (appends[i]!.expected === 'any') expect(E.isRight(r)).toBe(true)
          else if (E.isRight(r)) expect(r.right.events[0]!.revision).toBe(0)
        })
        const committed = results
          .flatMap((r, i) => (E.isRight(r) ? [{ i, first: r.right.events[0]!.position }] : []))
          .sort((a, b) => a.first - b.first)
        for (const { i } of committed) {
          const a = appends[i]!
          right(
            await memory.appendToStream(
              `service-g${a.stream}`,
              Array.from({ length: a.events }, (_, k) => event((i + k) % 60)),
              { expectedRevision: 'any' },
            ),
          )
        }
        expect(await everything(pg)).toEqual(await everything(memory))
        expect(right(await verifyHistory(pg))).toEqual(right(await verifyHistory(memory)))
      } finally {
        await pg.close()
        await db.drop()
      }
    },
  )

  it('a demo year moved from the file store into PostgreSQL by archive verifies to the same digest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'servicelife-identity-'))
    const db = await testDatabase()
    const pg = right(await PostgresEventStore.open(asPool(db.pool), { schema: db.schema }))
    try {
      const file = right(await FileEventStore.open(join(dir, 'store')))
      await recordCityYear(file, cityYear({ seed: 11, services: 8, contacts: 150, year: 2025 }))
      const archive = join(dir, 'year.ndjson')
      right(await exportArchiveToFile(file, archive))
      const fromFile = right(await verifyHistory(file))
      await file.close()

      right(await importArchive(pg, archive))
      const inPostgres = right(await verifyHistory(pg))
      expect(fromFile.events).toBeGreaterThan(300)
      expect(inPostgres).toEqual(fromFile)
    } finally {
      await pg.close()
      await db.drop()
      await rm(dir, { recursive: true, force: true })
    }
  })
})

/**
 * The SQL read models give the reports' figures: for any history, a query over the tables counts
 * what the in-memory reports count (catalogue, promises 2 and 3, channel mix, satisfaction). The
 * rows stand at one position, written with it; a restart folds again and writes on from there.
 */
import { test } from '@fast-check/vitest'
import { encodeEvent } from '@servicelife/domain'
import {
  allProjections,
  catalogReport,
  channelMixReport,
  complianceReport,
  project,
  satisfactionReport,
} from '@servicelife/projections'
import { type HistoryEntry, randomCityHistory } from '@servicelife/spec'
import { type RecordedEvent } from '@servicelife/store'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { PostgresEventStore, PostgresReadModels } from '../src/index.js'
import { asPool, type TestDatabase, testDatabase } from './database.js'

const right = <A>(either: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(either)) throw new Error(either.left.message)
  return either.right
}

const write = async (store: PostgresEventStore, entries: ReadonlyArray<HistoryEntry>) => {
  for (const { streamId, event } of entries)
    await store.appendToStream(streamId, [{ type: event.type, data: encodeEvent(event).data }], {
      expectedRevision: 'any',
    })
}

const recorded = async (store: PostgresEventStore) => {
  const out: RecordedEvent[] = []
  for await (const e of store.readAll()) out.push(e)
  return out
}

/** What the tables say, by SQL alone. */
const sqlFigures = async (db: TestDatabase) => {
  const q = async (sql: string) => (await db.pool.query(sql.replaceAll('{s}', `"${db.schema}"`))).rows
  return {
    catalog:
      await q(`SELECT service_id, lifecycle, obligation, availability, production_mode, producer, channels, critical
                      FROM {s}.service_catalog ORDER BY service_id`),
    compliance: (
      await q(`SELECT count(*)::int AS cases, coalesce(sum(contacts), 0)::int AS contacts,
                      count(first_answer_at)::int AS answered,
                      count(*) FILTER (WHERE opened)::int AS opened,
                      count(*) FILTER (WHERE opened AND opened_on_first_contact)::int AS "openedOnFirstContact",
                      count(answer_due)::int AS "promisedByService",
                      count(*) FILTER (WHERE first_answer_at <= coalesce(answer_due, first_contact_at + interval '336 hours'))::int AS "answeredOnTime",
                      count(*) FILTER (WHERE first_answer_at > coalesce(answer_due, first_contact_at + interval '336 hours'))::int AS "answeredLate"
               FROM {s}.case_answers`)
    )[0],
    casesByService: await q(`SELECT coalesce(service_id, '(unrouted)') AS service, count(*)::int AS cases,
                                    count(first_answer_at)::int AS answered
                             FROM {s}.case_answers GROUP BY 1 ORDER BY 1`),
    contacts: await q(
      `SELECT month, channel, count(*)::int AS n FROM {s}.channel_contacts GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
    satisfaction: await q(`SELECT service_id, count(*)::int AS n,
                                  array[count(*) FILTER (WHERE needs_met = 1), count(*) FILTER (WHERE needs_met = 2),
                                        count(*) FILTER (WHERE needs_met = 3), count(*) FILTER (WHERE needs_met = 4),
                                        count(*) FILTER (WHERE needs_met = 5)]::int[] AS needs_met,
                                  array[count(*) FILTER (WHERE communication = 1), count(*) FILTER (WHERE communication = 2),
                                        count(*) FILTER (WHERE communication = 3), count(*) FILTER (WHERE communication = 4),
                                        count(*) FILTER (WHERE communication = 5)]::int[] AS communication
                           FROM {s}.satisfaction_responses GROUP BY 1 ORDER BY 1`),
  }
}

/** The same figures from the in-memory reports. */
const reportFigures = (events: ReadonlyArray<RecordedEvent>) => {
  const catalog = catalogReport(project(allProjections.serviceCatalog, events))
  const compliance = complianceReport(project(allProjections.promiseCompliance, events))
  const mix = channelMixReport(project(allProjections.channelMix, events))
  const satisfaction = satisfactionReport(project(allProjections.satisfaction, events))
  const c = compliance.city
  const distribution = (d: { 1: number; 2: number; 3: number; 4: number; 5: number }) => [
    d[1],
    d[2],
    d[3],
    d[4],
    d[5],
  ]
  return {
    catalog: [...catalog]
      .sort((a, b) => (a.serviceId < b.serviceId ? -1 : 1))
      .map((e) => ({
        service_id: e.serviceId,
        lifecycle: e.lifecycle,
        obligation: e.obligation,
        availability: e.availability,
        production_mode: e.productionMode,
        producer: e.producer ?? null,
        channels: [...e.channels],
        critical: e.critical,
      })),
    compliance: {
      cases: c.cases,
      contacts: c.contacts,
      answered: c.answered,
      opened: c.opened,
      openedOnFirstContact: c.openedOnFirstContact,
      promisedByService: c.deadlines.promisedByService,
      answeredOnTime: c.deadlines.answeredOnTime,
      answeredLate: c.deadlines.answeredLate,
    },
    casesByService: Object.entries(compliance.byService).map(([service, f]) => ({
      service,
      cases: f.cases,
      answered: f.answered,
    })),
    contacts: mix.byMonth.flatMap(({ month, channels }) =>
      Object.entries(channels)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([channel, n]) => ({ month, channel, n })),
    ),
    satisfaction: Object.entries(satisfaction.byService).map(([service_id, s]) => ({
      service_id,
      n: s.needsMet.n,
      needs_met: distribution(s.needsMet.distribution),
      communication: distribution(s.communication.distribution),
    })),
  }
}

describe('PostgresReadModels', () => {
  // Each run is a database's worth of work: a failure is reported as found, not shrunk for minutes.
  test.prop([randomCityHistory({ services: 3, cases: 6, length: 14 }), fc.nat()], {
    numRuns: 15,
    endOnFailure: true,
  })(
    'SQL over the tables gives the figures of the in-memory reports, also across a restart',
    async (entries, cut) => {
      const db = await testDatabase()
      try {
        const store = right(await PostgresEventStore.open(asPool(db.pool), { schema: db.schema }))
        const split = cut % (entries.length + 1)
        await write(store, entries.slice(0, split))
        const first = right(
          await PostgresReadModels.start(asPool(db.pool), store, {
            schema: db.schema,
            pollIntervalMs: 10,
            batch: 7,
          }),
        )
        await first.caughtUpTo(await store.headPosition())
        await first.stop()
        await write(store, entries.slice(split))
        const second = right(
          await PostgresReadModels.start(asPool(db.pool), store, {
            schema: db.schema,
            pollIntervalMs: 10,
            batch: 7,
          }),
        )
        await second.caughtUpTo(await store.headPosition())
        await second.stop()
        expect(await sqlFigures(db)).toEqual(reportFigures(await recorded(store)))
        await store.close()
      } finally {
        await db.drop()
      }
    },
  )

  it('rows set back to the start are written again from the record', async () => {
    const db = await testDatabase()
    try {
      const store = right(await PostgresEventStore.open(asPool(db.pool), { schema: db.schema }))
      const [entries] = fc.sample(randomCityHistory({ services: 2, cases: 5, length: 12 }), {
        seed: 4,
        numRuns: 1,
      })
      await write(store, entries!)
      const options = { schema: db.schema, pollIntervalMs: 5 }
      const models = right(await PostgresReadModels.start(asPool(db.pool), store, options))
      const head = await store.headPosition()
      await models.caughtUpTo(head)
      const before = await sqlFigures(db)
      await db.pool.query(
        `TRUNCATE "${db.schema}".service_catalog, "${db.schema}".case_answers, "${db.schema}".channel_contacts, "${db.schema}".satisfaction_responses`,
      )
      await db.pool.query(`UPDATE "${db.schema}".read_models SET position = -1`)
      await write(store, entries!.slice(0, 1))
      await models.caughtUpTo(head + 1)
      await models.stop()
      expect(before.catalog.length).toBeGreaterThan(0)
      expect(await sqlFigures(db)).toEqual(reportFigures(await recorded(store)))
      await store.close()
    } finally {
      await db.drop()
    }
  })

  it('two processes following one record write each row once and stand at the same position', async () => {
    const db = await testDatabase()
    try {
      const store = right(
        await PostgresEventStore.open(asPool(db.pool), { schema: db.schema, pollIntervalMs: 10 }),
      )
      const [entries] = fc.sample(randomCityHistory({ services: 3, cases: 8, length: 20 }), {
        seed: 9,
        numRuns: 1,
      })
      const options = { schema: db.schema, pollIntervalMs: 5, batch: 3 }
      const a = right(await PostgresReadModels.start(asPool(db.pool), store, options))
      const b = right(await PostgresReadModels.start(asPool(db.pool), store, options))
      await write(store, entries!)
      const head = await store.headPosition()
      await Promise.all([a.caughtUpTo(head), b.caughtUpTo(head)])
      await Promise.all([a.stop(), b.stop()])
      const { rows } = await db.pool.query(`SELECT position FROM "${db.schema}".read_models`)
      expect(Number(rows[0]!.position)).toBe(head)
      expect(await sqlFigures(db)).toEqual(reportFigures(await recorded(store)))
      await store.close()
    } finally {
      await db.drop()
    }
  })
})

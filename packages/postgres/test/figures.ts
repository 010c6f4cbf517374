/** The figures the read-model tests compare: by SQL over the tables, and by the in-memory reports. */
import {
  allProjections,
  catalogReport,
  channelMixReport,
  complianceReport,
  project,
  satisfactionReport,
} from '@servicelife/projections'
import type { RecordedEvent } from '@servicelife/store'
import type { TestDatabase } from './database.js'

/** What the tables say, by SQL alone. */
export const sqlFigures = async (db: TestDatabase) => {
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
export const reportFigures = (events: ReadonlyArray<RecordedEvent>) => {
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

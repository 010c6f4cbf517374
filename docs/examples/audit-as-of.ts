/**
 * The audit as a library: the catalogue and the promise figures as they stood on a council
 * decision date, and the evidence behind one retirement, from a store's record.
 */
import { cityReport, explain, replayRecord } from '@servicelife/audit'
import { serviceStreamId } from '@servicelife/domain'
import type { EventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

export const auditOnDecisionDay = async (
  store: EventStore,
  decisionDay: string,
  retiredServiceId: string,
) => {
  // As of a business time: exactly the events whose `at` is not later, streamed from the store.
  const replayed = await replayRecord(store.readAll(), { asOf: { at: decisionDay } })
  if (E.isLeft(replayed)) return replayed
  const report = cityReport(replayed.right)
  const story = explain(
    { kind: 'service', id: retiredServiceId },
    await store.readStream(serviceStreamId(retiredServiceId)),
  )
  const retirement = story.events.find((e) => e.type === 'ServiceRetired')
  return E.right({
    lifecycles: Object.fromEntries(report.catalog.map((e) => [e.serviceId, e.lifecycle])),
    awaitingAnswer: report.compliance.city.awaitingAnswer,
    evidence: retirement?.basis?.evidence,
  })
}

/**
 * Keeping PTV right from servicelife: the catalogue as the record has it now, exported as PTV v11
 * services and compared with what PTV holds, service by service: what to POST, what to PUT and
 * which channel connections to replace. Nothing is sent; the city's PTV client does that.
 */
import { cityReport, replayRecord } from '@servicelife/audit'
import { changesAgainst, exportCatalog, type PtvRecords, snapshotOf } from '@servicelife/ptv'
import type { EventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

export const whatToSendPtv = async (
  store: EventStore,
  ptvNow: PtvRecords,
  city: { readonly organizationId: string; readonly municipalityCode: string },
) => {
  const replayed = await replayRecord(store.readAll())
  if (E.isLeft(replayed)) return replayed
  const report = cityReport(replayed.right)
  const { snapshot } = snapshotOf(ptvNow)
  const exported = exportCatalog(report.catalog, report.timelines, { ...city, snapshot })
  return E.right(exported.services.map((s) => ({ service: s.service, changes: changesAgainst(s, snapshot) })))
}

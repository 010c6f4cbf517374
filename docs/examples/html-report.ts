/**
 * The audit report as one HTML page, from a store's record: verified first, so that the page
 * carries the digest an auditor can check with `servicelife verify --expect`, then replayed as
 * of a date. A record that does not verify gets no page.
 */
import { cityReport, type Lang, replayRecord } from '@servicelife/audit'
import { htmlReport } from '@servicelife/audit/html'
import type { ReadError } from '@servicelife/domain'
import { type EventStore, type VerifyError, verifyHistory } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

export const auditPage = async (
  store: EventStore,
  asOf: string,
  lang: Lang,
  generatedAt: string,
): Promise<E.Either<VerifyError | ReadError, string>> => {
  const verified = await verifyHistory(store)
  if (E.isLeft(verified)) return verified
  const replayed = await replayRecord(store.readAll(), { asOf: { at: asOf } })
  if (E.isLeft(replayed)) return replayed
  return E.right(htmlReport(cityReport(replayed.right), { identity: verified.right, generatedAt, lang }))
}

/**
 * Retention over years of records: as of any day, exactly the fields whose period ran out read as
 * erased, with one proof per rule; a dry run writes nothing; the projections do not change.
 */
import { fc, test } from '@fast-check/vitest'
import { isErased, personalValuesOf, type SubjectErasedData } from '@servicelife/domain'
import { guidanceYears } from '@servicelife/spec'
import { InMemoryEventStore, verifyHistory } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect } from 'vitest'
import {
  addPeriod,
  ERASURE_STREAM,
  InMemoryKeyStore,
  protectPersonalData,
  type RetentionTable,
  runRetention,
} from '../src/index.js'
import { projected, readAll, record } from './history.js'

const table: RetentionTable = {
  retention: [
    { field: 'ContactReceived.subject', keep: 'P2Y', after: 'case-closed' },
    { field: 'CaseAnswered.summary', keep: 'P2Y', after: 'case-closed' },
    { field: 'FeedbackGiven.comment', keep: 'P1Y', after: 'recorded' },
    { field: 'CaseAnswered.by', keep: 'P3Y', after: 'case-closed' },
  ],
}

/** The rule's own statement of what has run out, from the history itself. */
const expected = (field: string, at: string, closedAt: string | undefined, asOf: number): boolean => {
  const rule = table.retention.find((r) => r.field === field)
  if (rule === undefined) return false
  const start = rule.after === 'recorded' ? at : closedAt
  return start !== undefined && addPeriod(start, rule.keep) <= asOf
}

const asOfDay = fc
  .integer({ min: Date.UTC(2022, 0, 1), max: Date.UTC(2029, 0, 1) })
  .map((ms) => new Date(ms).toISOString())

describe('retention', () => {
  test.prop([guidanceYears(20), asOfDay], { numRuns: 12 })(
    'as of any day, a field reads erased exactly when its period has run out; projections and the chain unchanged',
    async (history, asOf) => {
      const raw = new InMemoryEventStore()
      const keys = new InMemoryKeyStore()
      const store = protectPersonalData(raw, keys)
      await record(store, history)
      const before = projected(await readAll(store))
      const head = await raw.headPosition()

      const dry = await runRetention(raw, keys, table, { asOf })
      expect(E.isRight(dry)).toBe(true)
      expect(await raw.headPosition()).toBe(head)
      expect((await readAll(store)).flatMap((e) => personalValuesOf(e)).some((v) => isErased(v.value))).toBe(
        false,
      )

      const applied = await runRetention(raw, keys, table, { asOf, apply: true })
      if (E.isLeft(applied)) throw new Error(applied.left.message)
      const closed = new Map(
        history.filter((h) => h.event.type === 'CaseClosed').map((h) => [h.streamId, h.event.data.at]),
      )
      const after = await readAll(store)
      for (const e of after.filter((x) => x.streamId !== ERASURE_STREAM))
        for (const v of personalValuesOf(e)) {
          const field = `${e.type}.${v.path}`
          const at = (e.data as { at: string }).at
          // A key seals one field of one stream: under `recorded` it runs out with the stream's latest such field.
          const latest = after
            .filter((x) => x.streamId === e.streamId && x.type === e.type)
            .map((x) => (x.data as { at: string }).at)
            .reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a), at)
          expect(isErased(v.value), `${field} of ${e.streamId}`).toBe(
            expected(field, v.subject === 'staff' ? at : latest, closed.get(e.streamId), Date.parse(asOf)),
          )
        }
      expect(projected(after.filter((e) => e.streamId !== ERASURE_STREAM))).toEqual(before)
      expect(E.isRight(await verifyHistory(raw))).toBe(true)
      const proofs = (await raw.readStream(ERASURE_STREAM)).map((e) => e.data as SubjectErasedData)
      expect(proofs.map((p) => p.fields[0])).toEqual(
        applied.right.lines.filter((l) => l.keys > 0).map((l) => l.rule.split(' ')[0]),
      )
      expect(proofs.every((p) => p.rule === 'retention' && p.retention !== undefined)).toBe(true)

      const again = await runRetention(raw, keys, table, { asOf, apply: true })
      expect(E.isRight(again) && again.right.lines.every((l) => l.keys === 0)).toBe(true)
      expect(await raw.readStream(ERASURE_STREAM)).toHaveLength(proofs.length)
    },
  )
})

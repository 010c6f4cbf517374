/** Subject access (GDPR article 15): everything held about one customer, opened, and nothing of anyone else. */
import { fc, test } from '@fast-check/vitest'
import { guidanceCustomers, guidanceYears } from '@servicelife/spec'
import { InMemoryEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect } from 'vitest'
import { forgetSubject, InMemoryKeyStore, protectPersonalData, subjectExport } from '../src/index.js'
import { record } from './history.js'

describe('subject export', () => {
  test.prop([guidanceYears(16), fc.constantFrom(...guidanceCustomers)], { numRuns: 15 })(
    "holds every case whose contact names the customer, each event opened and the case's facts; after forgetting, nothing",
    async (history, ref) => {
      const keys = new InMemoryKeyStore()
      const store = protectPersonalData(new InMemoryEventStore(), keys)
      await record(store, history)
      const theirs = new Set(
        history
          .filter((h) => h.event.type === 'ContactReceived' && h.event.data.customer.ref === ref)
          .map((h) => h.streamId),
      )
      const exported = E.getOrElseW((e) => {
        throw e
      })(await subjectExport(store, keys, ref))
      expect(exported.streams.map((s) => s.streamId).sort()).toEqual([...theirs].sort())
      for (const s of exported.streams) {
        expect(s.events.map((e) => ({ type: e.type, data: e.data }))).toEqual(
          history
            .filter((h) => h.streamId === s.streamId)
            .map((h) => ({ type: h.event.type, data: h.event.data })),
        )
        expect(s.caseFacts?.caseId).toBe(s.streamId.slice('case-'.length))
      }
      await forgetSubject(store, keys, { customer: ref }, { at: '2026-01-01T00:00:00Z', erasure: 'req-1' })
      const after = E.getOrElseW((e) => {
        throw e
      })(await subjectExport(store, keys, ref))
      expect(after).toEqual({ customer: ref, keys: 0, streams: [] })
    },
  )
})

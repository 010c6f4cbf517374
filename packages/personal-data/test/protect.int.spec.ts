/**
 * The protected store: personal fields sealed below it, opened above it; forgetting subjects
 * changes no projection, keeps the hash chain whole, and leaves their fields erased.
 */
import { fc, test } from '@fast-check/vitest'
import { ERASED, isErased, isSealed, personalValuesOf, SubjectErasedData } from '@servicelife/domain'
import { guidanceCustomers, guidanceStaff, guidanceYears } from '@servicelife/spec'
import { InMemoryEventStore, verifyHistory } from '@servicelife/store'
import { eventStoreContract } from '@servicelife/store/contract'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  ERASURE_STREAM,
  type ErasureSubject,
  forgetSubject,
  InMemoryKeyStore,
  protectPersonalData,
} from '../src/index.js'
import { projected, readAll, record } from './history.js'

eventStoreContract(
  'protectPersonalData(InMemoryEventStore)',
  async () => ({
    store: protectPersonalData(new InMemoryEventStore(), new InMemoryKeyStore()),
    cleanup: async () => {},
  }),
  { describe, it },
)

const subjects = fc.subarray([
  ...guidanceCustomers.map((customer): ErasureSubject => ({ customer })),
  ...guidanceStaff.map((staff): ErasureSubject => ({ staff })),
])

describe('personal data sealed in the record', () => {
  test.prop([guidanceYears(16)], { numRuns: 15 })(
    'below the protected store every personal field is sealed; above it, every event reads as appended',
    async (history) => {
      const raw = new InMemoryEventStore()
      const store = protectPersonalData(raw, new InMemoryKeyStore())
      await record(store, history)
      const stored = await readAll(raw)
      const values = stored.flatMap((e) => personalValuesOf(e))
      expect(values.length).toBeGreaterThan(0)
      for (const v of values) expect(isSealed(v.value), v.path).toBe(true)
      const json = JSON.stringify(stored)
      for (const name of [...guidanceStaff, ...guidanceCustomers]) expect(json).not.toContain(name)
      expect((await readAll(store)).map((e) => ({ type: e.type, data: e.data }))).toEqual(
        history.map(({ event }) => ({ type: event.type, data: event.data })),
      )
    },
  )

  test.prop([guidanceYears(16), subjects], { numRuns: 15 })(
    "forgetting any set of subjects: every projection equal before and after, the chain verifies, their fields read erased and no one else's",
    async (history, forgotten) => {
      const raw = new InMemoryEventStore()
      const keys = new InMemoryKeyStore()
      const store = protectPersonalData(raw, keys)
      await record(store, history)
      const before = projected(await readAll(store))
      // Which fields each forgotten subject owns, to check them after.
      const owned = new Set<string>()
      for (const s of forgotten) {
        const ks = await keys.keysOf('customer' in s ? `customer:${s.customer}` : `staff:${s.staff}`)
        for (const k of E.getOrElseW(() => [])(ks)) owned.add(k.id)
      }
      for (const [i, s] of forgotten.entries()) {
        const done = await forgetSubject(store, keys, s, {
          at: '2026-06-01T12:00:00+03:00',
          erasure: `req-${i}`,
        })
        expect(E.isRight(done)).toBe(true)
      }
      const after = await readAll(store)
      expect(projected(after.filter((e) => e.streamId !== ERASURE_STREAM))).toEqual(before)
      expect(projected(await readAll(raw))).toEqual(before)
      expect(E.isRight(await verifyHistory(raw))).toBe(true)
      const sealedBelow = new Map((await readAll(raw)).map((e) => [e.position, e]))
      for (const e of after) {
        for (const v of personalValuesOf(e)) {
          const below = personalValuesOf(sealedBelow.get(e.position)!).find((b) => b.path === v.path)!.value
          const keyId = isSealed(below) ? below.sealed.k : undefined
          expect(isErased(v.value), `${e.type}.${v.path}`).toBe(keyId !== undefined && owned.has(keyId))
        }
      }
      const proofs = (await raw.readStream(ERASURE_STREAM)).map((e) => e.data as SubjectErasedData)
      expect(proofs.every((p) => p.rule === 'request' && p.keys > 0)).toBe(true)
      const proofJson = JSON.stringify(proofs)
      for (const name of [...guidanceStaff, ...guidanceCustomers]) expect(proofJson).not.toContain(name)
    },
  )
})

describe('appending to the protected store', () => {
  const contact = (caseId: string, subject: string) => ({
    type: 'ContactReceived',
    data: {
      caseId,
      at: '2026-01-05T10:00:00+02:00',
      contactId: `${caseId}-1`,
      channel: 'phone',
      customer: { kind: 'resident', ref: 'pseud-9' },
      language: 'fi',
      subject,
    },
  })
  const answer = (caseId: string, n: number) => ({
    type: 'CaseAnswered',
    data: {
      caseId,
      at: '2026-01-05T11:00:00+02:00',
      channel: 'phone',
      by: `Staff ${n}`,
      summary: `answer ${n}`,
    },
  })

  it("appends with 'any' racing on one stream are all kept, each sealed for the revision it got", async () => {
    const store = protectPersonalData(new InMemoryEventStore(), new InMemoryKeyStore())
    await store.appendToStream('case-a', [contact('a', 'my matter')], { expectedRevision: 'no-stream' })
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        store.appendToStream('case-a', [answer('a', n)], { expectedRevision: 'any' }),
      ),
    )
    expect(results.every(E.isRight)).toBe(true)
    const read = await store.readStream('case-a')
    expect(read.map((e) => e.revision)).toEqual(Array.from({ length: 13 }, (_, i) => i))
    expect(new Set(read.slice(1).map((e) => (e.data as { summary: string }).summary)).size).toBe(12)
  })

  it('a field moved to another event does not open there: it stays sealed, and verify reports the change', async () => {
    const raw = new InMemoryEventStore()
    const store = protectPersonalData(raw, new InMemoryKeyStore())
    await store.appendToStream('case-a', [contact('a', 'first matter')], { expectedRevision: 'no-stream' })
    await store.appendToStream('case-b', [contact('b', 'second matter')], { expectedRevision: 'no-stream' })
    const [a] = await raw.readStream('case-a')
    const [b] = await raw.readStream('case-b')
    // Swap b's sealed subject for a's inside the memory store, as an editor of the record would.
    const subjectOfA = (a!.data as { subject: unknown }).subject
    ;(b!.data as { subject: unknown }).subject = subjectOfA
    const [read] = await store.readStream('case-b')
    expect(isSealed((read!.data as { subject: unknown }).subject)).toBe(true)
    expect(E.isLeft(await verifyHistory(raw))).toBe(true)
  })

  it('a field already sealed or erased (an archive imported) is appended as it is', async () => {
    const raw = new InMemoryEventStore()
    const store = protectPersonalData(raw, new InMemoryKeyStore())
    const erased = { ...contact('c', 'x'), data: { ...contact('c', 'x').data, subject: ERASED } }
    await store.appendToStream('case-c', [erased], { expectedRevision: 'no-stream' })
    const [below] = await raw.readStream('case-c')
    expect((below!.data as { subject: unknown }).subject).toEqual(ERASED)
    expect(isSealed((below!.data as { customer: { ref: unknown } }).customer.ref)).toBe(true)
  })
})

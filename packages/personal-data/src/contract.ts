/**
 * @servicelife/personal-data/contract: the contract every KeyStore passes, whatever holds the
 * keys. It needs only `describe` and `it` from the test framework and asserts with node:assert.
 *
 *   keyStoreContract('FileKeyStore', { make, reopen }, { describe, it })
 */
import assert from 'node:assert/strict'
import * as E from 'fp-ts/lib/Either.js'
import type { KeyScope, KeyStore, OpenErasure } from './port/key-store.js'

export interface KeyStoreFixture {
  /** A new, empty key store. */
  make(): Promise<KeyStore>
  /** The same key store opened again after `close` (a process restarted); omit where keys live in memory only. */
  reopen?: (closed: KeyStore) => Promise<KeyStore>
}

export interface TestFramework {
  describe(name: string, body: () => void): void
  it(name: string, body: () => Promise<void>, timeout?: number): void
}

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) assert.fail(`expected a Right, got ${JSON.stringify(e.left)}`)
  return e.right
}

const contact = (streamId: string, ref?: string): KeyScope => ({
  streamId,
  field: 'ContactReceived.subject',
  subject: 'customer',
  ...(ref === undefined ? {} : { who: ref }),
})
const answer = (streamId: string): KeyScope => ({
  streamId,
  field: 'CaseAnswered.summary',
  subject: 'customer',
})
const answeredBy = (streamId: string, name: string): KeyScope => ({
  streamId,
  field: 'CaseAnswered.by',
  subject: 'staff',
  who: name,
})
const erasure = (id: string, keyIds: ReadonlyArray<string>): OpenErasure => ({
  id,
  at: '2026-03-01T12:00:00Z',
  rule: 'request',
  fields: ['ContactReceived.subject'],
  keyIds,
})

export const keyStoreContract = (
  name: string,
  fixture: KeyStoreFixture,
  { describe, it }: TestFramework,
): void => {
  describe(`${name} keeps the KeyStore contract`, () => {
    it('gives the same key for the same scope, and different keys for different scopes', async () => {
      const keys = await fixture.make()
      try {
        const [a, b, c] = right(
          await keys.keysFor([contact('case-1', 'r1'), contact('case-1', 'r1'), contact('case-2', 'r1')]),
        )
        assert.equal(a!.id, b!.id)
        assert.notEqual(a!.id, c!.id)
        assert.equal(a!.key.length, 32)
        const [again] = right(await keys.keysFor([contact('case-1', 'r1')]))
        assert.deepEqual(Buffer.from(again!.key), Buffer.from(a!.key))
        assert.deepEqual(Buffer.from(right(await keys.keyById(a!.id))!.key), Buffer.from(a!.key))
      } finally {
        await keys.close()
      }
    })

    it("a customer field without a reference belongs to the customer of the stream's contact", async () => {
      const keys = await fixture.make()
      try {
        right(await keys.keysFor([contact('case-7', 'ref-7')]))
        right(await keys.keysFor([answer('case-7'), answeredBy('case-7', 'Aino Virtanen')]))
        const owned = right(await keys.keysOf('customer:ref-7'))
        assert.deepEqual(owned.map((k) => k.field).sort(), [
          'CaseAnswered.summary',
          'ContactReceived.subject',
        ])
        assert.deepEqual(
          right(await keys.keysOf('staff:Aino Virtanen')).map((k) => k.field),
          ['CaseAnswered.by'],
        )
      } finally {
        await keys.close()
      }
    })

    it('a destroyed key is gone for good, and its erasure stays open until closed', async () => {
      const keys = await fixture.make()
      try {
        const [a, b] = right(await keys.keysFor([contact('case-1', 'r1'), contact('case-2', 'r2')]))
        right(await keys.destroy(erasure('e1', [a!.id])))
        assert.equal(right(await keys.keyById(a!.id)), undefined)
        assert.notEqual(right(await keys.keyById(b!.id)), undefined)
        assert.deepEqual(right(await keys.keysOf('customer:r1')), [])
        assert.deepEqual(
          right(await keys.openErasures()).map((e) => e.id),
          ['e1'],
        )
        right(await keys.closeErasure('e1'))
        assert.deepEqual(right(await keys.openErasures()), [])
        // The same scope later gets a new key; a later field without a reference is no longer linked to them.
        const [next] = right(await keys.keysFor([contact('case-1', 'r1')]))
        assert.notEqual(next!.id, a!.id)
        right(await keys.destroy(erasure('e2', [next!.id])))
        right(await keys.keysFor([answer('case-1')]))
        assert.deepEqual(right(await keys.keysOf('customer:r1')), [])
        assert.deepEqual(
          right(await keys.keysOf('anonymous')).map((k) => k.field),
          ['CaseAnswered.summary'],
        )
      } finally {
        await keys.close()
      }
    })

    it('many scopes at once, concurrently, each get one key', async () => {
      const keys = await fixture.make()
      try {
        const scopes = Array.from({ length: 50 }, (_, i) => contact(`case-${i % 10}`, `r${i % 10}`))
        const batches = await Promise.all(scopes.map((s) => keys.keysFor([s])))
        const ids = batches.map((b) => right(b)[0]!.id)
        assert.equal(new Set(ids).size, 10)
        for (let i = 0; i < 50; i++) assert.equal(ids[i], ids[i % 10])
      } finally {
        await keys.close()
      }
    })

    const reopen = fixture.reopen
    if (reopen !== undefined)
      it('keeps keys, destructions and open erasures across a restart', async () => {
        const keys = await fixture.make()
        const [a, b] = right(await keys.keysFor([contact('case-1', 'r1'), contact('case-2', 'r2')]))
        right(await keys.destroy(erasure('e1', [a!.id])))
        await keys.close()
        const again = await reopen(keys)
        try {
          assert.equal(right(await again.keyById(a!.id)), undefined)
          assert.deepEqual(Buffer.from(right(await again.keyById(b!.id))!.key), Buffer.from(b!.key))
          assert.deepEqual(
            right(await again.openErasures()).map((e) => e.id),
            ['e1'],
          )
          const [later] = right(await again.keysFor([answer('case-2')]))
          assert.deepEqual(
            right(await again.keysOf('customer:r2'))
              .map((k) => k.id)
              .sort(),
            [b!.id, later!.id].sort(),
          )
        } finally {
          await again.close()
        }
      })
  })
}

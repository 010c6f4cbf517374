/** A sealed field opens only with its key, at its place, unchanged. */
import { randomBytes } from 'node:crypto'
import { test } from '@fast-check/vitest'
import { isSealed } from '@servicelife/domain'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { type FieldPlace, openField, sealField } from '../src/index.js'

const key = (id = 'k1') => ({ id, key: randomBytes(32) })
const place: fc.Arbitrary<FieldPlace> = fc.record({
  streamId: fc.stringMatching(/^case-[a-z0-9]{1,8}$/),
  type: fc.constantFrom('ContactReceived', 'CaseAnswered', 'FeedbackGiven'),
  revision: fc.nat(1000),
  path: fc.constantFrom('subject', 'summary', 'comment', 'customer.ref'),
})

describe('sealing a personal field', () => {
  test.prop([fc.string({ maxLength: 400 }), place])(
    'opens to the text it sealed, and is a well-formed envelope',
    (text, at) => {
      const k = key()
      const sealed = sealField(k, randomBytes(12), at, text)
      expect(isSealed(sealed)).toBe(true)
      expect(sealed.sealed.k).toBe('k1')
      expect(openField(k, at, sealed)).toEqual(E.right(text))
    },
  )

  test.prop([fc.string({ minLength: 1, maxLength: 100 }), place, place])(
    'does not open at another place: another stream, type, revision or path',
    (text, at, elsewhere) => {
      fc.pre(JSON.stringify(at) !== JSON.stringify(elsewhere))
      const k = key()
      expect(E.isLeft(openField(k, elsewhere, sealField(k, randomBytes(12), at, text)))).toBe(true)
    },
  )

  it('does not open with another key, nor with its ciphertext or tag changed', () => {
    const k = key()
    const at: FieldPlace = { streamId: 'case-1', type: 'ContactReceived', revision: 0, path: 'subject' }
    const sealed = sealField(k, randomBytes(12), at, 'my son at school')
    expect(openField(key(), at, sealed)).toEqual(
      E.left({
        code: 'seal-broken',
        place: at,
        message:
          'ContactReceived.subject at case-1@0 does not open with its key: changed, or moved from where it was sealed',
      }),
    )
    const flip = (s: string) => (s[0] === 'A' ? `B${s.slice(1)}` : `A${s.slice(1)}`)
    expect(E.isLeft(openField(k, at, { sealed: { ...sealed.sealed, ct: flip(sealed.sealed.ct) } }))).toBe(
      true,
    )
    expect(E.isLeft(openField(k, at, { sealed: { ...sealed.sealed, tag: flip(sealed.sealed.tag) } }))).toBe(
      true,
    )
    expect(openField(k, at, sealed)).toEqual(E.right('my son at school'))
  })

  it('two sealings of the same text differ (a fresh vector each time)', () => {
    const k = key()
    const at: FieldPlace = { streamId: 'case-1', type: 'ContactReceived', revision: 0, path: 'subject' }
    expect(sealField(k, randomBytes(12), at, 'x').sealed.ct).toBeDefined()
    expect(sealField(k, randomBytes(12), at, 'same')).not.toEqual(sealField(k, randomBytes(12), at, 'same'))
  })
})

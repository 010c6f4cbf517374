/** Looking a person up by identity code without storing it: a keyed index the domain accepts as a reference. */
import { test } from '@fast-check/vitest'
import { containsIdentityCode, PseudonymousRef } from '@servicelife/domain'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { blindIndex, isIdentityCode } from '../src/index.js'

const secret = new Uint8Array(32).fill(7)
const CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY'
/** Valid identity codes: a real date, a century sign, an individual number and its check character. */
const identityCode = fc
  .record({
    day: fc.integer({ min: 1, max: 28 }),
    month: fc.integer({ min: 1, max: 12 }),
    year: fc.nat(99),
    n: fc.integer({ min: 2, max: 899 }),
    sign: fc.constantFrom('-', '+', 'A', 'B', 'Y'),
  })
  .map(({ day, month, year, n, sign }) => {
    const digits = `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year).padStart(2, '0')}`
    const nnn = String(n).padStart(3, '0')
    return `${digits}${sign}${nnn}${CHECK[Number(`${digits}${nnn}`) % 31]}`
  })

describe('the blind index', () => {
  test.prop([identityCode])(
    'gives one reference per code and secret, which the domain accepts and which holds no identity code',
    (code) => {
      const ref = E.getOrElseW(() => undefined)(blindIndex(secret)(code))
      expect(ref).toMatch(/^bi:[a-p]{64}$/)
      expect(blindIndex(secret)(` ${code.toLowerCase()} `)).toEqual(E.right(ref))
      expect(PseudonymousRef.is(ref)).toBe(true)
      expect(containsIdentityCode(ref!)).toBe(false)
      expect(blindIndex(new Uint8Array(32).fill(8))(code)).not.toEqual(E.right(ref))
    },
  )

  it('is HMAC-SHA-256 of the code in upper case, one letter a-p per half-byte: a known answer', () => {
    expect(blindIndex(secret)('131052-308T')).toEqual(
      E.right('bi:nmahojicnpcdnpgnaemnnoakmjcgipebblembfnhdjebglacpokmgopdgimiagbd'),
    )
    expect(blindIndex(secret)(' 131052-308t ')).toEqual(blindIndex(secret)('131052-308T'))
  })

  it('refuses a date that cannot be (month 00 or 13, day 00 or 32) even with the right check character; day 31 is a day', () => {
    expect(isIdentityCode(' 131052-308T ')).toBe(true)
    expect(isIdentityCode('131352-3087')).toBe(false)
    expect(isIdentityCode('321052-3082')).toBe(false)
    expect(isIdentityCode('001052-308D')).toBe(false)
    expect(isIdentityCode('130052-308R')).toBe(false)
    expect(isIdentityCode('311052-308D')).toBe(true)
    expect(blindIndex(secret)('321052-3082')).toEqual(
      E.left({ code: 'not-an-identity-code', message: 'not a valid personal identity code' }),
    )
  })

  it('checks the check character: a mistyped code is refused, not indexed', () => {
    expect(isIdentityCode('131052-308T')).toBe(true)
    expect(isIdentityCode('131052-308U')).toBe(false)
    expect(isIdentityCode('131352-308T')).toBe(false)
    expect(E.isLeft(blindIndex(secret)('131052-308U'))).toBe(true)
    expect(E.isLeft(blindIndex(secret)('not a code'))).toBe(true)
  })

  it('refuses a secret shorter than 32 bytes', () => {
    expect(blindIndex(new Uint8Array(16))('131052-308T')).toEqual(
      E.left({ code: 'secret-too-short', message: 'the blind index secret must be at least 32 bytes' }),
    )
  })
})

/**
 * A personal field is read back as its text, sealed, or erased, and nothing else passes for one
 * of the last two: an envelope has exactly its five parts, each of its form and size.
 */
import {
  ERASED,
  isErased,
  isPersonalCodec,
  isReadable,
  isSealed,
  isSealedEnvelope,
  personal,
  personalText,
  ShortText,
} from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

const envelope = {
  k: 'key_1-A',
  alg: 'A256GCM' as const,
  iv: 'AAAAAAAAAAAAAAAA',
  ct: 'c2VjcmV0',
  tag: 'AAAAAAAAAAAAAAAAAAAAAA',
}

describe('a sealed envelope', () => {
  it('has exactly its five parts', () => {
    expect(isSealedEnvelope(envelope)).toBe(true)
    for (const key of Object.keys(envelope)) {
      const { [key]: _left, ...without } = envelope as Record<string, string>
      expect(isSealedEnvelope(without), `without ${key}`).toBe(false)
    }
    expect(isSealedEnvelope({ ...envelope, note: 'x' })).toBe(false)
    for (const u of [null, undefined, 'sealed', 7, [], Object.assign([], envelope)])
      expect(isSealedEnvelope(u)).toBe(false)
  })

  it('names its key by an id of 1-64 letters, digits, - and _', () => {
    expect(isSealedEnvelope({ ...envelope, k: 'k'.repeat(64) })).toBe(true)
    for (const k of ['', 'k'.repeat(65), 'key 1', 'key/1', 7])
      expect(isSealedEnvelope({ ...envelope, k }), String(k)).toBe(false)
  })

  it('is AES-256-GCM and nothing else', () =>
    expect(isSealedEnvelope({ ...envelope, alg: 'A128GCM' })).toBe(false))

  it('holds base64url parts within their sizes: iv 16, tag 22, ciphertext 90,000 characters', () => {
    expect(isSealedEnvelope({ ...envelope, ct: 'A'.repeat(90_000) })).toBe(true)
    for (const change of [
      { iv: 'A'.repeat(17) },
      { tag: 'A'.repeat(23) },
      { ct: 'A'.repeat(90_001) },
      { ct: '' },
      { ct: 'c2Vj+cmV0' },
      { iv: 16 },
    ])
      expect(isSealedEnvelope({ ...envelope, ...change }), JSON.stringify(change).slice(0, 40)).toBe(false)
  })
})

describe('a personal field', () => {
  it('sealed: an object holding a well-formed envelope alone', () => {
    expect(isSealed({ sealed: envelope })).toBe(true)
    for (const u of [
      { sealed: { ...envelope, alg: 'none' } },
      { sealed: envelope, by: 'x' },
      {},
      Object.assign([], { sealed: envelope }),
      null,
      'sealed',
    ])
      expect(isSealed(u)).toBe(false)
  })

  it('erased: the marker alone, with true', () => {
    expect(isErased(ERASED)).toBe(true)
    expect(isErased({ erased: true })).toBe(true)
    for (const u of [
      { erased: false },
      { erased: 'true' },
      { erased: true, at: 'x' },
      Object.assign([], { erased: true }),
      null,
      'erased',
    ])
      expect(isErased(u)).toBe(false)
  })

  it('readable when it is neither, and read as text or as the word saying why not', () => {
    expect([isReadable('Matti'), isReadable({ sealed: envelope }), isReadable(ERASED)]).toEqual([
      true,
      false,
      false,
    ])
    expect([personalText('Matti'), personalText({ sealed: envelope }), personalText(ERASED)]).toEqual([
      'Matti',
      '[sealed]',
      '[erased]',
    ])
  })

  it('decodes its text, a sealed field or the erased marker as themselves, and nothing else', () => {
    const Subject = personal(ShortText)
    for (const u of ['Matti', { sealed: envelope }, ERASED]) expect(Subject.decode(u)).toEqual(E.right(u))
    for (const u of [7, { sealed: {} }, { erased: false }]) expect(E.isLeft(Subject.decode(u))).toBe(true)
    expect(Subject.name).toBe(`Personal<${ShortText.name}>`)
    expect([isPersonalCodec(Subject), isPersonalCodec(ShortText)]).toEqual([true, false])
  })
})

/**
 * Looking a person up by their personal identity code (henkilötunnus) without storing it: a keyed
 * blind index, HMAC-SHA-256 of the normalised code under a secret only the city holds, used as the
 * customer's pseudonymous reference. An unsalted hash is not enough: there are only about 36
 * million codes that can exist, and one core hashes them all in minutes, so a plain hash is the
 * code itself to anyone who has the record (docs/personal-data.md gives the figure).
 */
import { createHmac } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'

const CODE = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-FHJ-NPR-Y])$/
const CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY'

/** True for a well-formed Finnish personal identity code whose check character is right. */
export const isIdentityCode = (code: string): boolean => {
  const m = CODE.exec(code.trim().toUpperCase())
  if (m === null) return false
  const [, dd, mm, yy, , nnn, check] = m
  const day = Number(dd)
  const month = Number(mm)
  if (month < 1 || month > 12 || day < 1 || day > 31) return false
  return CHECK[Number(`${dd}${mm}${yy}${nnn}`) % 31] === check
}

export interface BlindIndexError {
  readonly code: 'not-an-identity-code' | 'secret-too-short'
  readonly message: string
}

/** The blind index's prefix: a reference that is one says so. */
export const BLIND_INDEX_PREFIX = 'bi:'

/**
 * The customer reference for an identity code: `bi:` and 64 letters (the HMAC's 32 bytes, a
 * letter per half-byte, so that no reference ever looks like an identity code itself). The same
 * code and secret always give the same reference; the secret must be at least 32 bytes.
 */
export const blindIndex =
  (secret: Uint8Array) =>
  (identityCode: string): E.Either<BlindIndexError, string> => {
    if (secret.length < 32)
      return E.left({ code: 'secret-too-short', message: 'the blind index secret must be at least 32 bytes' })
    const code = identityCode.trim().toUpperCase()
    if (!isIdentityCode(code))
      return E.left({ code: 'not-an-identity-code', message: 'not a valid personal identity code' })
    const digest = createHmac('sha256', secret).update(code, 'utf8').digest()
    let letters = ''
    for (const byte of digest) letters += String.fromCharCode(97 + (byte >> 4), 97 + (byte & 15))
    return E.right(`${BLIND_INDEX_PREFIX}${letters}`)
  }

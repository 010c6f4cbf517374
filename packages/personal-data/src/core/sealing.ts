/**
 * Sealing one personal field: AES-256-GCM over the field's JSON, with its place in the record
 * (stream, event type, revision, field path) as associated data, so a sealed field copied to
 * another event, revision or field does not open. Pure: the key and the initialisation vector
 * come in (the shell draws the vector at random for each field).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto'
import type { Sealed } from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'

/** Where a field sits in the record: what its envelope is bound to. */
export interface FieldPlace {
  readonly streamId: string
  readonly type: string
  readonly revision: number
  readonly path: string
}

/** A data key: its id (what an envelope names) and its 32 bytes. */
export interface DataKey {
  readonly id: string
  readonly key: Uint8Array
}

export const KEY_BYTES = 32
export const IV_BYTES = 12

const associatedData = (place: FieldPlace): Buffer =>
  Buffer.from(JSON.stringify([place.streamId, place.type, place.revision, place.path]), 'utf8')

/** The field sealed under `key` with the vector `iv` (12 random bytes, never reused with the same key). */
export const sealField = (key: DataKey, iv: Uint8Array, place: FieldPlace, value: unknown): Sealed => {
  const cipher = createCipheriv('aes-256-gcm', key.key, iv)
  cipher.setAAD(associatedData(place))
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
  return {
    sealed: {
      k: key.id,
      alg: 'A256GCM',
      iv: Buffer.from(iv).toString('base64url'),
      ct: ct.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
    },
  }
}

/** Why a sealed field did not open with its key: it was changed, or moved from the place it was sealed for. */
export interface OpenFailed {
  readonly code: 'seal-broken'
  readonly place: FieldPlace
  readonly message: string
}

/** The field's value, or `seal-broken` when its ciphertext, tag or place was changed. */
export const openField = (key: DataKey, place: FieldPlace, field: Sealed): E.Either<OpenFailed, unknown> => {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(field.sealed.iv, 'base64url'))
    decipher.setAAD(associatedData(place))
    decipher.setAuthTag(Buffer.from(field.sealed.tag, 'base64url'))
    const json = Buffer.concat([
      decipher.update(Buffer.from(field.sealed.ct, 'base64url')),
      decipher.final(),
    ]).toString('utf8')
    return E.right(JSON.parse(json) as unknown)
  } catch {
    return E.left({
      code: 'seal-broken',
      place,
      message: `${place.type}.${place.path} at ${place.streamId}@${place.revision} does not open with its key: changed, or moved from where it was sealed`,
    })
  }
}

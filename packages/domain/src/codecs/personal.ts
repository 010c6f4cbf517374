/**
 * A personal field as it is recorded and read back. A command always carries the text; the
 * record may hold it sealed (encrypted under its data subject's key, `@servicelife/personal-data`)
 * and a reader then sees one of three values:
 *
 * - the text, where it was never sealed or its key was at hand;
 * - `Sealed`, the envelope as stored, where the reader holds no keys (verify, replay, archives);
 * - `Erased`, where the key was destroyed: the subject was forgotten or the retention period ran out.
 *
 * No rule of the model reads a personal field, so deciders and projections give the same results
 * whichever of the three they see.
 */
import * as t from 'io-ts/lib/index.js'
import { decodesToItself } from './fast-decoder.js'

/** A field whose key was destroyed: the text is gone for good, and says so. */
export interface Erased {
  readonly erased: true
}

/** The one `Erased` value. */
export const ERASED: Erased = Object.freeze({ erased: true as const })

/** AES-256-GCM over the field's JSON, with the event's stream, type, revision and the field's path as associated data. */
export interface SealedEnvelope {
  /** The id of the key in the key store (never the key). */
  readonly k: string
  readonly alg: 'A256GCM'
  /** base64url: 12 bytes of initialisation vector, the ciphertext, 16 bytes of tag. */
  readonly iv: string
  readonly ct: string
  readonly tag: string
}

/** A field as stored sealed: the hash chain covers the envelope, so destroying its key never breaks it. */
export interface Sealed {
  readonly sealed: SealedEnvelope
}

/** A personal field: its text, sealed, or erased. */
export type Personal<A> = A | Sealed | Erased

const B64URL = /^[A-Za-z0-9_-]+$/
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/
const b64 = (u: unknown, max: number): boolean => typeof u === 'string' && u.length <= max && B64URL.test(u)
const exactKeys = (u: object, keys: ReadonlyArray<string>): boolean => {
  const own = Object.keys(u)
  return own.length === keys.length && own.every((k) => keys.includes(k))
}

/** True for a well-formed envelope; a field of at most 64 KiB of ciphertext. */
export const isSealedEnvelope = (u: unknown): u is SealedEnvelope => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false
  const e = u as Record<string, unknown>
  return (
    exactKeys(e, ['k', 'alg', 'iv', 'ct', 'tag']) &&
    typeof e.k === 'string' &&
    KEY_ID.test(e.k) &&
    e.alg === 'A256GCM' &&
    b64(e.iv, 16) &&
    b64(e.ct, 90_000) &&
    b64(e.tag, 22)
  )
}

/** True for a sealed field. */
export const isSealed = (u: unknown): u is Sealed =>
  typeof u === 'object' &&
  u !== null &&
  !Array.isArray(u) &&
  exactKeys(u, ['sealed']) &&
  isSealedEnvelope((u as { sealed: unknown }).sealed)

/** True for an erased field. */
export const isErased = (u: unknown): u is Erased =>
  typeof u === 'object' &&
  u !== null &&
  !Array.isArray(u) &&
  exactKeys(u, ['erased']) &&
  (u as { erased: unknown }).erased === true

/** True when a personal field holds its text (neither sealed nor erased). */
export const isReadable = <A>(field: Personal<A>): field is A => !isSealed(field) && !isErased(field)

/** The codecs declared personal: `personalFieldCodecs` walks the event codecs for them. */
const personalCodecs = new WeakSet<t.Mixed>()

/**
 * A personal field of an event: `codec`'s values, sealed envelopes and the erased marker. Each
 * decodes to itself, so the fast decoder checks it with `is` alone.
 */
export const personal = <A>(codec: t.Type<A, A, unknown>): t.Type<Personal<A>, Personal<A>, unknown> => {
  const is = (u: unknown): u is Personal<A> => codec.is(u) || isSealed(u) || isErased(u)
  const field = new t.Type<Personal<A>, Personal<A>, unknown>(
    `Personal<${codec.name}>`,
    is,
    (u, c) => (is(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  )
  personalCodecs.add(field)
  return decodesToItself(field)
}

/** True for a codec `personal` made. */
export const isPersonalCodec = (codec: t.Mixed): boolean => personalCodecs.has(codec)

/** A personal field as text for a reader: the text itself, or a bracketed word saying why there is none. */
export const personalText = (field: Personal<string>): string =>
  isSealed(field) ? '[sealed]' : isErased(field) ? '[erased]' : field

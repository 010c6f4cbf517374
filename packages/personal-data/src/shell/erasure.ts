/**
 * Erasing personal data by destroying keys, with proof in the record. Every erasure goes in three
 * steps, each safe to be killed after:
 *
 * 1. the key store destroys the keys and keeps the erasure open, in one durable step: from here
 *    the fields read as erased;
 * 2. `SubjectErased` is appended to `record-erasures` (once: an erasure already there is not
 *    appended again);
 * 3. the key store closes the erasure.
 *
 * A process killed between 1 and 3 leaves the erasure open in the key store; `finishErasures`
 * (run by every later erasure) appends what is owed. So there is always the key or the proof
 * owed, never a subject that reads as not erased once erasing them was recorded.
 */
import { type ErasureRule, encodeEvent, recordStreamOf, type SubjectErasedData } from '@servicelife/domain'
import type { EventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import {
  customerOwner,
  type KeyStore,
  type KeyStoreError,
  type OpenErasure,
  staffOwner,
} from '../port/key-store.js'

/** The stream erasures are proven in. */
export const ERASURE_STREAM = recordStreamOf('SubjectErased')

/** Whose data to forget: a customer by their pseudonymous reference, or a staff member by name. */
export type ErasureSubject = { readonly customer: string } | { readonly staff: string }

export interface ForgetOptions {
  /** When the erasure is made (the command's time: the core takes no clock). */
  readonly at: string
  /** The erasure's id (an entity id), e.g. the city's register number of the request. */
  readonly erasure: string
}

/** What an erasure did. */
export interface ErasureReport {
  readonly erasure: string
  readonly rule: ErasureRule
  /** Keys destroyed. */
  readonly keys: number
  /** The fields that now read as erased (`ContactReceived.subject`). */
  readonly fields: ReadonlyArray<string>
  /** Streams (cases, services) that held them. */
  readonly streams: number
  /** Earlier erasures that were left open (a process killed mid-way) and are now proven. */
  readonly finished: ReadonlyArray<string>
}

export type ErasureError = KeyStoreError

const ownerOfSubject = (subject: ErasureSubject): string =>
  'customer' in subject ? customerOwner(subject.customer) : staffOwner(subject.staff)

/** The proof of an erasure: names fields, rule and time, never whose. */
export const erasureProof = (erasure: OpenErasure): SubjectErasedData => ({
  at: erasure.at,
  erasure: erasure.id,
  rule: erasure.rule,
  fields: erasure.fields,
  keys: erasure.keyIds.length,
  ...(erasure.retention === undefined ? {} : { retention: erasure.retention }),
})

/** Appends the proof of every open erasure not yet in the record, then closes them. */
export const finishErasures = async (
  store: EventStore,
  keys: KeyStore,
): Promise<E.Either<ErasureError, ReadonlyArray<string>>> => {
  const open = await keys.openErasures()
  if (E.isLeft(open) || open.right.length === 0) return E.map(() => [] as string[])(open)
  const recorded = new Set(
    (await store.readStream(ERASURE_STREAM)).map((e) => (e.data as { erasure?: unknown }).erasure),
  )
  for (const erasure of open.right) {
    if (!recorded.has(erasure.id)) {
      const event = encodeEvent({ type: 'SubjectErased', data: erasureProof(erasure) })
      await store.appendToStream(ERASURE_STREAM, [{ ...event, commandId: `erasure-${erasure.id}` }], {
        expectedRevision: 'any',
      })
    }
    const closed = await keys.closeErasure(erasure.id)
    if (E.isLeft(closed)) return closed
  }
  return E.right(open.right.map((e) => e.id))
}

/** Destroys the keys of an erasure, then proves it (see the module's steps). */
export const erase = async (
  store: EventStore,
  keys: KeyStore,
  erasure: OpenErasure,
): Promise<E.Either<ErasureError, ReadonlyArray<string>>> => {
  const destroyed = await keys.destroy(erasure)
  if (E.isLeft(destroyed)) return destroyed
  return finishErasures(store, keys)
}

/**
 * Forgets a data subject (GDPR article 17, where it applies; see docs/personal-data.md): destroys
 * every key they own, so each field of theirs reads as erased in every reading, export and
 * archive from now on, and appends the proof. A subject with no keys is reported with none and
 * nothing is appended.
 */
export const forgetSubject = async (
  store: EventStore,
  keys: KeyStore,
  subject: ErasureSubject,
  options: ForgetOptions,
): Promise<E.Either<ErasureError, ErasureReport>> => {
  const owned = await keys.keysOf(ownerOfSubject(subject))
  if (E.isLeft(owned)) return owned
  const fields = [...new Set(owned.right.map((k) => k.field))].sort()
  const streams = new Set(owned.right.map((k) => k.streamId)).size
  const report = (finished: ReadonlyArray<string>): ErasureReport => ({
    erasure: options.erasure,
    rule: 'request',
    keys: owned.right.length,
    fields,
    streams,
    finished: finished.filter((id) => id !== options.erasure),
  })
  if (owned.right.length === 0) return E.map(report)(await finishErasures(store, keys))
  const done = await erase(store, keys, {
    id: options.erasure,
    at: options.at,
    rule: 'request',
    fields,
    keyIds: owned.right.map((k) => k.id),
  })
  return E.map(report)(done)
}

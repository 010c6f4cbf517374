/**
 * The KeyStore port: where the data keys live, apart from the record. One key per data subject
 * per field per stream, so that a subject can be forgotten (every key they own) and a retention
 * period can run out for one field of one case (that key alone). Keys never enter the event log
 * or an archive. Every key store passes one contract suite (`keyStoreContract`).
 */
import { EntityId, ErasureRule, IsoDateTime, struct } from '@servicelife/domain'
import type { Either } from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import type { DataKey } from '../core/sealing.js'

/** The place a key seals and whose data it is. */
export interface KeyScope {
  readonly streamId: string
  /** `ContactReceived.subject`: event type and field path. */
  readonly field: string
  readonly subject: 'customer' | 'staff'
  /**
   * The staff member's name; the customer's pseudonymous reference where the event gives it (a
   * contact). A customer field without one belongs to the customer of the stream's earlier keys.
   */
  readonly who?: string
}

/** A key as the store lists it: what it seals and who owns it (`customer:<ref>`, `staff:<name>`, `anonymous`). */
export interface KeyInfo {
  readonly id: string
  readonly streamId: string
  readonly field: string
  readonly owner: string
}

/** The owner of a customer's keys: `customer:<ref>`. */
export const customerOwner = (ref: string): string => `customer:${ref}`
/** The owner of a staff member's keys: `staff:<name>`. */
export const staffOwner = (name: string): string => `staff:${name}`
/** The owner of a customer field whose customer gave no reference. */
export const ANONYMOUS = 'anonymous'

/** Who owns the key of `scope`, given the customer the stream's earlier keys belong to. */
export const ownerOf = (scope: KeyScope, streamCustomer: string | undefined): string =>
  scope.subject === 'staff'
    ? staffOwner(scope.who ?? '')
    : scope.who !== undefined
      ? customerOwner(scope.who)
      : (streamCustomer ?? ANONYMOUS)

/**
 * An erasure whose keys are destroyed and whose proof (`SubjectErased`) is not yet known to be
 * in the record: the key store keeps it until the proof is appended, so a crash between the two
 * leaves the proof owed, never the data readable.
 */
export const OpenErasure = struct(
  'OpenErasure',
  {
    id: EntityId,
    at: IsoDateTime,
    rule: ErasureRule,
    fields: t.readonlyArray(t.string),
    keyIds: t.readonlyArray(t.string),
  },
  { retention: t.string },
)
export type OpenErasure = t.TypeOf<typeof OpenErasure>

export type KeyStoreErrorCode =
  /** The key store could not be read or written (a disk, a connection). */
  | 'key-store-io'
  /** What the key store holds does not decode: it was changed outside servicelife. */
  | 'key-store-corrupt'
  /** Another process writes this key store. */
  | 'key-store-locked'
  /** Opened to read: it makes and destroys no key. */
  | 'key-store-read-only'

export interface KeyStoreError {
  readonly code: KeyStoreErrorCode
  readonly message: string
}

/** True for a key store's error. */
export const isKeyStoreError = (u: unknown): u is KeyStoreError =>
  typeof u === 'object' &&
  u !== null &&
  typeof (u as { code?: unknown }).code === 'string' &&
  (u as { code: string }).code.startsWith('key-store-')

export interface KeyStore {
  /** The keys of these scopes, in order, made where missing: durable before they are returned. */
  keysFor(scopes: ReadonlyArray<KeyScope>): Promise<Either<KeyStoreError, ReadonlyArray<DataKey>>>
  /** The key with this id; undefined when it was destroyed (or never made). */
  keyById(id: string): Promise<Either<KeyStoreError, DataKey | undefined>>
  /** Every key an owner has (`customer:<ref>`, `staff:<name>`). */
  keysOf(owner: string): Promise<Either<KeyStoreError, ReadonlyArray<KeyInfo>>>
  /** Destroys the erasure's keys and keeps it open, in one durable step. */
  destroy(erasure: OpenErasure): Promise<Either<KeyStoreError, void>>
  /** Erasures whose proof is owed. */
  openErasures(): Promise<Either<KeyStoreError, ReadonlyArray<OpenErasure>>>
  /** The erasure's proof is in the record: forget the erasure. */
  closeErasure(id: string): Promise<Either<KeyStoreError, void>>
  close(): Promise<void>
}

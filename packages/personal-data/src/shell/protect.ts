/**
 * An EventStore that seals personal fields as they are appended and opens them as they are read:
 * wrap any store (file, PostgreSQL, EventStoreDB, in memory) and hand the wrapped one to the
 * command handler and the projections. Below it the record holds envelopes only; the hash chain
 * is computed over them, so destroying a key never breaks `verify`.
 *
 * - Appending: each personal field given as text is sealed under its subject's key for its place
 *   (stream, type, revision, path). Fields already sealed or erased (an archive imported) pass as
 *   they are. An append with `'any'` or `'exists'` is pinned to the stream's revision read first,
 *   and tried again if another append got there between.
 * - Reading: a field whose key is at hand reads as its text, one whose key was destroyed as
 *   `{ erased: true }`, and one that does not open with its key (changed in the record, which
 *   `verify` reports) stays sealed.
 */
import { randomBytes } from 'node:crypto'
import {
  ERASED,
  isSealed,
  type PersonalValue,
  personalValuesOf,
  type Sealed,
  withPersonalValues,
} from '@servicelife/domain'
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  WrongExpectedRevision,
} from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { type DataKey, IV_BYTES, openField, sealField } from '../core/sealing.js'
import type { KeyScope, KeyStore, KeyStoreError } from '../port/key-store.js'

/** Why sealing failed: the key store could not give a key. Nothing was appended. */
export class KeyStoreUnavailable extends Error {
  constructor(readonly error: KeyStoreError) {
    super(`the key store could not be read or written: ${error.message}`)
    this.name = 'KeyStoreUnavailable'
  }
}

const ATTEMPTS = 20

/** The fields of an event that are given as text, and so are to be sealed. */
const toSeal = (event: EventToAppend): ReadonlyArray<PersonalValue> =>
  personalValuesOf(event).filter((v) => typeof v.value === 'string')

/**
 * The scopes of an event's fields to seal: whose key seals each. A contact names its customer
 * (its reference is among the fields given as text); later events find them by the stream.
 */
const scopesOf = (streamId: string, type: string, values: ReadonlyArray<PersonalValue>): KeyScope[] => {
  const ref = values.find((v) => v.path === 'customer.ref')?.value as string | undefined
  return values.map((value): KeyScope => {
    const field = `${type}.${value.path}`
    if (value.subject === 'staff') return { streamId, field, subject: 'staff', who: value.value as string }
    return ref === undefined
      ? { streamId, field, subject: 'customer' }
      : { streamId, field, subject: 'customer', who: ref }
  })
}

interface SealedValue {
  readonly path: string
  readonly value: Sealed
}

const sealedValuesOf = (event: RecordedEvent): ReadonlyArray<SealedValue> =>
  personalValuesOf(event).flatMap(({ path, value }) => (isSealed(value) ? [{ path, value }] : []))

/** A sealed field's value, or the field as it is where it does not open with its key (changed, or moved). */
const openedField = (key: DataKey, event: RecordedEvent, path: string, value: Sealed): unknown => {
  const place = { streamId: event.streamId, type: event.type, revision: event.revision, path }
  const text = openField(key, place, value)
  return E.isRight(text) ? text.right : value
}

class ProtectedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly keys: KeyStore,
  ) {}

  get contiguousPositions(): boolean {
    return this.inner.contiguousPositions
  }

  get appendsInCallOrder(): boolean | undefined {
    return this.inner.appendsInCallOrder
  }

  async appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<E.Either<WrongExpectedRevision, AppendResult>> {
    const fields = events.map(toSeal)
    if (fields.every((f) => f.length === 0)) return this.inner.appendToStream(streamId, events, options)
    const given = options.expectedRevision
    for (let attempt = 1; ; attempt++) {
      const last =
        typeof given === 'number' ? given : given === 'no-stream' ? -1 : await this.lastRevision(streamId)
      // A stream that must exist but does not: the store says so, with nothing sealed.
      if (given === 'exists' && last === -1) return this.inner.appendToStream(streamId, events, options)
      const sealed = await this.seal(streamId, events, fields, last)
      const result = await this.inner.appendToStream(streamId, sealed, {
        expectedRevision: last === -1 ? 'no-stream' : last,
      })
      if (E.isRight(result))
        return E.right({ ...result.right, events: await this.openAll(result.right.events) })
      if (typeof given === 'number' || given === 'no-stream' || attempt === ATTEMPTS)
        return E.left({ ...result.left, expected: given })
    }
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadonlyArray<RecordedEvent>> {
    return this.inner.readStream(streamId, options).then((events) => this.openAll(events))
  }

  streamRevision(streamId: string): Promise<number | undefined> {
    return this.inner.streamRevision(streamId)
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition()
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    for await (const event of this.inner.readAll(options)) {
      // Most events hold nothing sealed: they pass without waiting on the key store.
      const sealed = sealedValuesOf(event)
      yield sealed.length === 0 ? event : await this.opened(event, sealed)
    }
  }

  subscribeToAll(
    options: ReadAllOptions,
    handler: (event: RecordedEvent) => void | Promise<void>,
  ): Subscription {
    return this.inner.subscribeToAll(options, async (event) => handler(await this.open(event)))
  }

  close(): Promise<void> {
    return this.inner.close()
  }

  private async lastRevision(streamId: string): Promise<number> {
    return (await this.inner.streamRevision(streamId)) ?? -1
  }

  private async seal(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    fields: ReadonlyArray<ReadonlyArray<PersonalValue>>,
    last: number,
  ): Promise<ReadonlyArray<EventToAppend>> {
    const scopes = events.flatMap((event, i) => scopesOf(streamId, event.type, fields[i]!))
    const keys = await this.keys.keysFor(scopes)
    if (E.isLeft(keys)) throw new KeyStoreUnavailable(keys.left)
    let k = 0
    return events.map((event, i) => {
      const revision = last + 1 + i
      const sealed = Object.fromEntries(
        fields[i]!.map((value) => {
          const key = keys.right[k++]!
          const place = { streamId, type: event.type, revision, path: value.path }
          return [value.path, sealField(key, randomBytes(IV_BYTES), place, value.value)]
        }),
      )
      return withPersonalValues(sealed)(event)
    })
  }

  private openAll(events: ReadonlyArray<RecordedEvent>): Promise<ReadonlyArray<RecordedEvent>> {
    return Promise.all(events.map((event) => this.open(event)))
  }

  /** The event with each sealed field opened, or erased where its key is gone. */
  private async open(event: RecordedEvent): Promise<RecordedEvent> {
    const sealed = sealedValuesOf(event)
    return sealed.length === 0 ? event : this.opened(event, sealed)
  }

  private async opened(event: RecordedEvent, sealed: ReadonlyArray<SealedValue>): Promise<RecordedEvent> {
    const opened: Record<string, unknown> = {}
    for (const { path, value } of sealed) {
      const key = await this.keys.keyById(value.sealed.k)
      if (E.isLeft(key)) throw new KeyStoreUnavailable(key.left)
      opened[path] = key.right === undefined ? ERASED : openedField(key.right, event, path, value)
    }
    return withPersonalValues(opened)(event)
  }
}

/**
 * The store with personal data sealed at write and opened at read under keys from `keys`. The
 * inner store is closed with it; the key store is the caller's to close.
 */
export const protectPersonalData = (store: EventStore, keys: KeyStore): EventStore =>
  new ProtectedEventStore(store, keys)

/**
 * Everything held about one customer (GDPR article 15): the events of every stream they own a key
 * in, opened, and the facts the projections hold about each of their cases. The store given must
 * be the protected one (`protectPersonalData`), so that the fields read as text, or as erased
 * where a key is gone.
 */
import { type DomainEvent, helsinki, isCaseEventType, parseStreamId } from '@servicelife/domain'
import { type CaseFacts, evolveCaseFacts } from '@servicelife/projections'
import { type EventStore, readRecorded } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { customerOwner, type KeyStore, type KeyStoreError } from '../port/key-store.js'

export interface ExportedEvent {
  readonly revision: number
  readonly position: number
  readonly recordedAt: string
  readonly type: string
  readonly data: unknown
}

export interface ExportedStream {
  readonly streamId: string
  readonly events: ReadonlyArray<ExportedEvent>
  /** For a case: what promise compliance holds about it (times in ms since the epoch). */
  readonly caseFacts?: CaseFacts
}

export interface SubjectExport {
  readonly customer: string
  /** Keys held for them now (a forgotten subject has none). */
  readonly keys: number
  readonly streams: ReadonlyArray<ExportedStream>
}

/** The export of customer `ref`; a ref the key store does not know gives no streams. */
export const subjectExport = async (
  store: EventStore,
  keys: KeyStore,
  ref: string,
): Promise<E.Either<KeyStoreError, SubjectExport>> => {
  const owned = await keys.keysOf(customerOwner(ref))
  if (E.isLeft(owned)) return owned
  const streamIds = [...new Set(owned.right.map((k) => k.streamId))].sort()
  const streams: ExportedStream[] = []
  for (const streamId of streamIds) {
    const recorded = await store.readStream(streamId)
    const events = recorded.map((e) => ({
      revision: e.revision,
      position: e.position,
      recordedAt: e.metadata.recordedAt,
      type: e.type,
      data: e.data,
    }))
    const isCase = parseStreamId(streamId)?.kind === 'case'
    const read = isCase
      ? recorded.flatMap((e) => E.getOrElse(() => [] as typeof recorded)(readRecorded(e)))
      : []
    const facts = read
      .filter((e) => isCaseEventType(e.type))
      .reduce<CaseFacts | undefined>(
        (f, e) => evolveCaseFacts(helsinki)(f, { type: e.type, data: e.data } as DomainEvent),
        undefined,
      )
    streams.push({ streamId, events, ...(facts === undefined ? {} : { caseFacts: facts }) })
  }
  return E.right({ customer: ref, keys: owned.right.length, streams })
}

/**
 * Recorded events as today's model reads them: each stored event upcast to the current version of
 * its type and decoded, the envelope kept (its hash is the stored bytes', never the upcast's).
 * Every read path that gives events to a decider or a projection goes through here.
 */
import {
  currentVersion,
  domainSchema,
  readDomainEvent,
  type ReadError,
  type StoredEvent,
  upcast,
} from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import type { RecordedEvent } from '../port/event-store.js'

/** The stored form of a recorded event: what the upcasters read. */
export const storedOf = (recorded: RecordedEvent): StoredEvent =>
  recorded.metadata.schemaVersion === undefined
    ? { type: recorded.type, data: recorded.data }
    : { type: recorded.type, data: recorded.data, schemaVersion: recorded.metadata.schemaVersion }

/**
 * A recorded event read as the current model's events (usually one; an upcaster may give none or
 * several, each with the stored event's envelope), or why it cannot be read.
 */
export const readRecorded = (recorded: RecordedEvent): E.Either<ReadError, ReadonlyArray<RecordedEvent>> => {
  const read = readDomainEvent(storedOf(recorded), {
    streamId: recorded.streamId,
    revision: recorded.revision,
    position: recorded.position,
  })
  if (E.isLeft(read)) return read
  // The common case, an event of the current version: the recorded event as it is.
  if ((recorded.metadata.schemaVersion ?? 1) === currentVersion(domainSchema, recorded.type))
    return E.right([recorded])
  return E.right(read.right.map((event) => ({ ...recorded, type: event.type, data: event.data })))
}

/**
 * A recorded event brought to the current version without decoding it: for a reader that
 * trusts what it reads (a store it verified, an archive whose lines it checked). An event already
 * current is given as it is; one the upcasters cannot read is a Left.
 */
export const upcastRecorded = (
  recorded: RecordedEvent,
): E.Either<ReadError, ReadonlyArray<RecordedEvent>> => {
  if ((recorded.metadata.schemaVersion ?? 1) === currentVersion(domainSchema, recorded.type))
    return E.right([recorded])
  const upcasted = upcast(domainSchema, storedOf(recorded), {
    streamId: recorded.streamId,
    revision: recorded.revision,
  })
  return E.isLeft(upcasted)
    ? upcasted
    : E.right(upcasted.right.map((event) => ({ ...recorded, type: event.type, data: event.data })))
}

/**
 * Event versioning: every stored event carries the version of its shape (`schemaVersion` in its
 * envelope; absent means 1). Events are written at their type's current version only; on read,
 * an older event is upcast, one version at a time, by the upcaster registered for its type and
 * version (Axon's revision-chained upcasters; Greg Young's weak schema), into zero, one or
 * several events of the next version, possibly of a renamed type, and then decoded with today's
 * codecs. The hash chain covers what was written, never what was upcast: verify first, then
 * upcast, then decode. How to change an event: docs/versioning.md.
 */
import * as E from 'fp-ts/lib/Either.js'
import { type DecodeError, type DomainEvent, decodeEvent } from './decode.js'

/** An event as it was stored: its type and data at its schema version. */
export interface StoredEvent {
  readonly type: string
  readonly data: unknown
  /** Absent means 1. */
  readonly schemaVersion?: number
}

/** An event's type and data after one upcast step. */
export interface UpcastEvent {
  readonly type: string
  readonly data: unknown
}

/**
 * Reads an event of `type` at version `from` and gives what it is at version `from + 1`: zero,
 * one or several events, each of this type or a renamed one. Pure: the same input, the same output.
 */
export interface Upcaster {
  readonly type: string
  readonly from: number
  /** Why the shape changed: shown in docs and errors. */
  readonly change: string
  readonly upcast: (data: unknown) => ReadonlyArray<UpcastEvent>
}

export interface EventSchema {
  /** Each event type's current version; a type not listed is at version 1. */
  readonly current: Readonly<Record<string, number>>
  readonly upcasters: ReadonlyArray<Upcaster>
}

/** Where an event was read: named in every error, so a damaged or unreadable one can be found. */
export interface ReadAt {
  readonly streamId?: string
  readonly revision?: number
  readonly position?: number
}

export interface VersionError {
  readonly code: 'missing-upcaster' | 'newer-schema' | 'upcast-invalid'
  readonly eventType: string
  readonly version: number
  readonly streamId?: string
  readonly revision?: number
  readonly message: string
  readonly problems?: ReadonlyArray<string>
}

export type ReadError = VersionError | DecodeError

const where = (at: ReadAt) =>
  at.streamId === undefined ? '' : ` (${at.streamId}${at.revision === undefined ? '' : `@${at.revision}`})`

/** The version an event of `type` is written at. */
export const currentVersion = (schema: EventSchema, type: string): number => schema.current[type] ?? 1

const key = (type: string, from: number) => `${type}@${from}`

const indexed = new WeakMap<EventSchema, ReadonlyMap<string, Upcaster>>()
const upcastersOf = (schema: EventSchema): ReadonlyMap<string, Upcaster> => {
  let map = indexed.get(schema)
  if (map === undefined) {
    map = new Map(schema.upcasters.map((u) => [key(u.type, u.from), u]))
    indexed.set(schema, map)
  }
  return map
}

/**
 * A stored event brought up to the current version of its type, through every upcaster on the
 * way, not yet decoded. An event already current is given back as it is, with no copy.
 */
export const upcast = (
  schema: EventSchema,
  stored: StoredEvent,
  at: ReadAt = {},
): E.Either<VersionError, ReadonlyArray<UpcastEvent>> => {
  const version = stored.schemaVersion ?? 1
  const current = currentVersion(schema, stored.type)
  if (version === current) return E.right([stored])
  const error = (code: VersionError['code'], message: string): E.Either<VersionError, never> =>
    E.left({
      code,
      eventType: stored.type,
      version,
      ...(at.streamId === undefined ? {} : { streamId: at.streamId }),
      ...(at.revision === undefined ? {} : { revision: at.revision }),
      message,
    })
  if (version > current)
    return error(
      'newer-schema',
      `${stored.type} version ${version}${where(at)} is newer than this servicelife knows (version ${current}): read it with a newer servicelife`,
    )
  const upcaster = upcastersOf(schema).get(key(stored.type, version))
  if (upcaster === undefined)
    return error(
      'missing-upcaster',
      `${stored.type} version ${version}${where(at)} cannot be read: no upcaster from version ${version} to ${version + 1} is registered`,
    )
  const out: UpcastEvent[] = []
  for (const next of upcaster.upcast(stored.data)) {
    const further = upcast(schema, { ...next, schemaVersion: version + 1 }, at)
    if (E.isLeft(further)) return further
    out.push(...further.right)
  }
  return E.right(out)
}

/**
 * What a stored event reads as today: upcast to the current version, then decoded with today's
 * codecs. Never throws: an event that cannot be read is a typed error naming it.
 */
export const readEvent = <Event = DomainEvent>(
  schema: EventSchema,
  stored: StoredEvent,
  at: ReadAt = {},
  decode: (u: unknown) => E.Either<DecodeError, Event> = decodeEvent as never,
): E.Either<ReadError, ReadonlyArray<Event>> => {
  const upcasted = upcast(schema, stored, at)
  if (E.isLeft(upcasted)) return upcasted
  const events: Event[] = []
  const version = stored.schemaVersion ?? 1
  for (const u of upcasted.right) {
    const decoded = decode(u)
    if (E.isLeft(decoded)) {
      if (version === currentVersion(schema, stored.type)) return decoded
      return E.left({
        code: 'upcast-invalid',
        eventType: stored.type,
        version,
        ...(at.streamId === undefined ? {} : { streamId: at.streamId }),
        ...(at.revision === undefined ? {} : { revision: at.revision }),
        message: `${stored.type} version ${version}${where(at)} upcast to a ${u.type} that does not decode: ${decoded.left.message}`,
        problems: decoded.left.problems,
      })
    }
    events.push(decoded.right)
  }
  return E.right(events)
}

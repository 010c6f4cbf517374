/**
 * Copy-transform, for the rare change an upcaster cannot carry on every read: the record is
 * copied into a new store through the upcasters, every event written at today's version with a
 * new hash chain, and a `RecordMigrated` event at the end names the old record's digest and last
 * position, so that the old record, never modified, stays the proof of the new one
 * (Greg Young, "Versioning in an Event Sourced System": copy and replace).
 */
import { currentVersion, domainSchema, type RecordMigratedData, recordStreamId } from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import { RecordCheck } from '../core/record-check.js'
import { readRecorded } from '../core/read-recorded.js'
import type { EventStore, EventToAppend } from '../port/event-store.js'
import { Pipeline } from './archive.js'

export interface MigrationReport {
  /** The old record: how many events, up to which position, and its digest there. */
  readonly from: { readonly events: number; readonly position: number; readonly digest: string }
  /** Events written for them in the new store (before the `RecordMigrated` event). */
  readonly events: number
}

export type MigrationError =
  | { readonly code: 'source-unreadable'; readonly message: string }
  | { readonly code: 'target-not-empty'; readonly message: string }

export interface MigrateOptions {
  /** The migration's business time, for its `RecordMigrated` event (default: now). */
  readonly at?: string
  /** How the old store is named in the `RecordMigrated` event (a path or a connection string). */
  readonly fromStore?: string
  readonly onProgress?: (events: number) => void
}

/**
 * Copies `from` into the empty store `to` through the upcasters. The old record is verified as it
 * is read (a breach stops the migration before the new record is whole); the new one holds, for
 * each old event, the events it reads as today, at today's versions, with the old envelope's ids
 * and times (an event split in several gets derived ids), and then the `RecordMigrated` event.
 */
export const migrateRecord = async (
  from: EventStore,
  to: EventStore,
  options: MigrateOptions = {},
): Promise<E.Either<MigrationError, MigrationReport>> => {
  if ((await to.headPosition()) !== -1)
    return E.left({ code: 'target-not-empty', message: 'a record is migrated into an empty store' })
  const check = new RecordCheck(from.contiguousPositions)
  const pipeline = new Pipeline(to.appendsInCallOrder === true ? 4096 : 1)
  let written = 0
  let failure: string | undefined
  const revisions = new Map<string, number>()
  for await (const old of from.readAll()) {
    const breach = check.check(old)
    if (breach !== undefined) {
      failure = breach.message
      break
    }
    const read = readRecorded(old)
    if (E.isLeft(read)) {
      failure = read.left.message
      break
    }
    const m = old.metadata
    const events: EventToAppend[] = read.right.map((event, i) => ({
      eventId: i === 0 ? m.eventId : `${m.eventId}.${i + 1}`,
      recordedAt: m.recordedAt,
      type: event.type,
      data: event.data,
      ...(m.commandId === undefined ? {} : { commandId: m.commandId }),
      ...(m.correlationId === undefined ? {} : { correlationId: m.correlationId }),
      ...(m.causationId === undefined ? {} : { causationId: m.causationId }),
      schemaVersion: currentVersion(domainSchema, event.type),
    }))
    if (events.length === 0) continue
    const next = revisions.get(old.streamId) ?? -1
    revisions.set(old.streamId, next + events.length)
    await pipeline.push(
      to
        .appendToStream(old.streamId, events, { expectedRevision: next === -1 ? 'no-stream' : next })
        .then((appended) => {
          if (E.isLeft(appended))
            throw new Error(`another writer wrote into the new store: ${appended.left.message}`)
          written += events.length
          options.onProgress?.(written)
        }),
    )
  }
  await pipeline.drain()
  if (failure !== undefined)
    return E.left({ code: 'source-unreadable', message: `the old record cannot be migrated: ${failure}` })
  const data: RecordMigratedData = {
    at: options.at ?? new Date().toISOString(),
    fromDigest: check.digest,
    fromPosition: check.position,
    fromEvents: check.events,
    events: written,
    ...(options.fromStore === undefined ? {} : { fromStore: options.fromStore.slice(0, 1000) }),
  }
  const before = revisions.get(recordStreamId('migrations'))
  const link = await to.appendToStream(recordStreamId('migrations'), [{ type: 'RecordMigrated', data }], {
    expectedRevision: before === undefined ? 'no-stream' : before,
  })
  if (E.isLeft(link)) return E.left({ code: 'target-not-empty', message: link.left.message })
  return E.right({
    from: { events: check.events, position: check.position, digest: check.digest },
    events: written,
  })
}

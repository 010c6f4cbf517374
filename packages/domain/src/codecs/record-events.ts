/**
 * Events about the record itself rather than a service or a case, each in the record's own
 * stream (`record-<name>`): what an auditor needs to trust a record that was changed as a whole.
 * Projections of services and cases pass them by.
 */
import * as t from 'io-ts/lib/index.js'
import { Count, IsoDateTime, struct, text } from './primitives.js'
import { message } from './service-events.js'

const Digest = text(64)

/**
 * The record was copied into this store through the upcasters (`servicelife migrate`): every
 * event before this one is an event of the old record, written again at today's versions with
 * new hashes. The old record stays the proof: its digest up to `fromPosition` is `fromDigest`.
 */
export const RecordMigratedData = struct(
  'RecordMigratedData',
  {
    at: IsoDateTime,
    fromDigest: Digest,
    fromPosition: t.number,
    fromEvents: Count,
    /** Events written here for them (an upcaster may give none or several for one). */
    events: Count,
  },
  { fromStore: text(1000) },
)
export type RecordMigratedData = t.TypeOf<typeof RecordMigratedData>

export const recordEventCodecs = {
  RecordMigrated: message('RecordMigrated', RecordMigratedData),
} as const

/** Every event about the record (one kind so far). */
export const RecordEvent = recordEventCodecs.RecordMigrated
export type RecordEvent = t.TypeOf<typeof RecordEvent>

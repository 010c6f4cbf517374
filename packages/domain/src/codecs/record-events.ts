/**
 * Events about the record itself rather than a service or a case, each in the record's own
 * stream (`record-<name>`): what an auditor needs to trust a record that was changed as a whole.
 * Projections of services and cases pass them by.
 */
import * as t from 'io-ts/lib/index.js'
import { Count, EntityId, IsoDateTime, literals, refinedString, struct, text } from './primitives.js'
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

/** Why personal data was erased: a subject's request, or the city's retention period running out. */
export const ErasureRule = literals('ErasureRule', ['request', 'retention'])
export type ErasureRule = t.TypeOf<typeof ErasureRule>

const FieldName = refinedString('FieldName (Event.path)', (s) => /^[A-Za-z]+\.[A-Za-z.[\]]{1,100}$/.test(s))

/**
 * Keys were destroyed, so the personal fields they sealed now read as erased. The proof an
 * erasure happened, in `record-erasures`: which fields, under which rule, when, how many keys.
 * It names no one: not the subject, their reference, their cases nor the keys' ids.
 */
export const SubjectErasedData = struct(
  'SubjectErasedData',
  {
    at: IsoDateTime,
    /** The erasure's own id: the same erasure finished twice is recorded once. */
    erasure: EntityId,
    rule: ErasureRule,
    fields: t.readonlyArray(FieldName),
    keys: Count,
  },
  {
    /** Under `retention`: the retention table's entry that ran out (`ContactReceived.subject P2Y after closed`). */
    retention: text(200),
  },
)
export type SubjectErasedData = t.TypeOf<typeof SubjectErasedData>

export const recordEventCodecs = {
  RecordMigrated: message('RecordMigrated', RecordMigratedData),
  SubjectErased: message('SubjectErased', SubjectErasedData),
} as const

/** Every event about the record. */
export const RecordEvent = t.union(
  [recordEventCodecs.RecordMigrated, recordEventCodecs.SubjectErased],
  'RecordEvent',
)
export type RecordEvent = t.TypeOf<typeof RecordEvent>

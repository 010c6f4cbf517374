/**
 * The city's retention table and what has run out under it. A table says, per personal field,
 * how long it is kept and from when: `{ "field": "ContactReceived.subject", "keep": "P2Y",
 * "after": "case-closed" }` keeps a contact's subject two years after its case closed. A field
 * the table does not name is kept until a subject is forgotten. Pure: the time comes in.
 */
import {
  decodeError,
  type DecodeError,
  type DomainEventType,
  formatValidationErrors,
  isDomainEventType,
  isSealed,
  literals,
  personalFieldsOf,
  personalValuesOf,
  refinedString,
  struct,
} from '@servicelife/domain'
import type { RecordedEvent } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'

const PERIOD = /^P(?=\d)(?:(\d{1,3})Y)?(?:(\d{1,4})M)?(?:(\d{1,5})D)?$/

/** An ISO-8601 period of years, months and days: `P2Y`, `P18M`, `P1Y6M`, `P30D`. */
export const RetentionPeriod = refinedString('RetentionPeriod (P2Y, P18M, P30D)', (s) => PERIOD.test(s))

/** A personal field as `Type.path`, one the domain declares personal. */
export const PersonalFieldName = refinedString('a personal field (ContactReceived.subject, ...)', (s) => {
  const dot = s.indexOf('.')
  const type = s.slice(0, dot)
  return (
    dot > 0 &&
    isDomainEventType(type) &&
    personalFieldsOf(type as DomainEventType).some((f) => f.path === s.slice(dot + 1))
  )
})

/** From when a field's period runs: its case's closing, or the event's own time. */
export const RetentionStart = literals('RetentionStart', ['case-closed', 'recorded'])

export const RetentionRule = struct(
  'RetentionRule',
  { field: PersonalFieldName, keep: RetentionPeriod, after: RetentionStart },
  {},
)
export type RetentionRule = t.TypeOf<typeof RetentionRule>

export const RetentionTable = struct('RetentionTable', { retention: t.readonlyArray(RetentionRule) }, {})
export type RetentionTable = t.TypeOf<typeof RetentionTable>

/** The table from its JSON, or what is wrong with it; a field named twice is refused. */
export const decodeRetentionTable = (u: unknown): E.Either<DecodeError, RetentionTable> => {
  const decoded = RetentionTable.decode(u)
  if (E.isLeft(decoded)) return E.left(decodeError('RetentionTable', formatValidationErrors(decoded.left)))
  const fields = decoded.right.retention.map((r) => r.field)
  const twice = fields.find((f, i) => fields.indexOf(f) !== i)
  return twice === undefined
    ? E.right(decoded.right)
    : E.left(decodeError('RetentionTable', [`retention: ${twice} is named twice`]))
}

/** `at` plus a period, on the UTC calendar (a month from 31 January is 3 March, as Date counts). */
export const addPeriod = (at: string, period: string): number => {
  const [, y = '0', m = '0', d = '0'] = PERIOD.exec(period) ?? []
  const date = new Date(at)
  date.setUTCFullYear(
    date.getUTCFullYear() + Number(y),
    date.getUTCMonth() + Number(m),
    date.getUTCDate() + Number(d),
  )
  return date.getTime()
}

/** A readable statement of a rule, as the proof of its erasure carries it. */
export const describeRule = (rule: RetentionRule): string => `${rule.field} ${rule.keep} after ${rule.after}`

/** One sealed field of the record: its key, place, and when it was recorded. */
export interface SealedFieldFact {
  readonly keyId: string
  readonly streamId: string
  readonly field: string
  readonly at: string
}

/** The sealed fields of a recorded event (as stored, not opened). */
export const sealedFieldsOf = (event: RecordedEvent): ReadonlyArray<SealedFieldFact> => {
  const at = (event.data as { at?: unknown }).at
  return personalValuesOf(event).flatMap((v) =>
    isSealed(v.value) && typeof at === 'string'
      ? [{ keyId: v.value.sealed.k, streamId: event.streamId, field: `${event.type}.${v.path}`, at }]
      : [],
  )
}

/** When the case of this event closed, for a closing; undefined for any other event. */
export const closingOf = (event: RecordedEvent): string | undefined =>
  event.type === 'CaseClosed' ? (event.data as { at: string }).at : undefined

/** What the record says for retention: each key's fields and last time, each stream's closing. */
export interface RetentionFacts {
  readonly keys: ReadonlyMap<string, SealedFieldFact>
  readonly closed: ReadonlyMap<string, string>
}

/** What has run out under one rule. */
export interface Expiry {
  readonly rule: RetentionRule
  readonly keyIds: ReadonlyArray<string>
  readonly streams: number
}

/**
 * The keys each rule lets expire as of `asOf`: a key expires when its field's period has run
 * from the start the rule names (for `recorded`, from the latest field the key sealed). A case
 * not closed keeps its fields under `case-closed`.
 */
export const expiredKeys = (
  table: RetentionTable,
  facts: RetentionFacts,
  asOf: number,
): ReadonlyArray<Expiry> =>
  table.retention.map((rule) => {
    const expired = [...facts.keys.values()].filter((fact) => {
      if (fact.field !== rule.field) return false
      const start = rule.after === 'recorded' ? fact.at : facts.closed.get(fact.streamId)
      return start !== undefined && addPeriod(start, rule.keep) <= asOf
    })
    return {
      rule,
      keyIds: expired.map((f) => f.keyId),
      streams: new Set(expired.map((f) => f.streamId)).size,
    }
  })

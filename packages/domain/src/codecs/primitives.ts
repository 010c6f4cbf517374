/**
 * Boundary types shared by every event and command. Decoding is where bad input is stopped:
 * a value of these types is known to be well formed.
 */
import * as t from 'io-ts/lib/index.js'

/** Builds a string codec that accepts only strings passing `valid`; the name is what errors show. */
const refinedString = (name: string, valid: (s: string) => boolean): t.Type<string, string, unknown> =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && valid(u),
    (u, c) => (typeof u === 'string' && valid(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  )

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/** An instant as ISO-8601 with an offset (`2025-02-24T10:00:00+02:00` or `...Z`): business time. */
export const IsoDateTime = refinedString(
  'IsoDateTime (ISO-8601 with offset)',
  (s) => ISO_DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)),
)
export type IsoDateTime = string

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
/** A calendar date (`2025-08-01`). */
export const IsoDate = refinedString(
  'IsoDate (YYYY-MM-DD)',
  (s) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(s)),
)
export type IsoDate = string

const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/
/** An entity id: 1-128 characters of letters, digits and `. _ : -`, so it is safe inside a stream id. */
export const EntityId = refinedString('EntityId', (s) => ENTITY_ID.test(s))
export type EntityId = string

/** Non-blank text up to `max` characters. */
export const text = (max: number): t.Type<string, string, unknown> =>
  refinedString(`Text(1..${max})`, (s) => s.trim().length > 0 && s.length <= max)

export const ShortText = text(500)
export const LongText = text(4000)

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/
/** A BCP-47 language tag such as `fi`, `sv`, `en` or `so`: customers contact the city in any language. */
export const LanguageTag = refinedString('LanguageTag', (s) => LANGUAGE_TAG.test(s))

/** An object with required and optional fields; unknown fields are dropped when decoding. */
export const struct = <R extends t.Props, O extends t.Props>(name: string, required: R, optional: O) =>
  t.exact(t.intersection([t.type(required), t.partial(optional)]), name)

/** Text in Finnish (required, as PTV requires), Swedish and English. */
export const LocalizedText = struct('LocalizedText', { fi: ShortText }, { sv: ShortText, en: ShortText })
export type LocalizedText = t.TypeOf<typeof LocalizedText>

/** A union of string literals, with the values kept for arbitraries and docs. */
export const literals = <V extends string>(name: string, values: readonly [V, V, ...V[]]) =>
  Object.assign(t.keyof(Object.fromEntries(values.map((v) => [v, null])) as { [K in V]: null }, name), {
    values,
  })

/** An integer score on the city-wide 1-5 scale. */
export const Score = new t.Type<number, number, unknown>(
  'Score (integer 1-5)',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 1 && u <= 5,
  (u, c) =>
    typeof u === 'number' && Number.isInteger(u) && u >= 1 && u <= 5 ? t.success(u) : t.failure(u, c),
  t.identity,
)
export type Score = 1 | 2 | 3 | 4 | 5

/** A mean on the 1-5 scale (review evidence). */
export const ScoreMean = new t.Type<number, number, unknown>(
  'ScoreMean (1-5)',
  (u): u is number => typeof u === 'number' && u >= 1 && u <= 5,
  (u, c) => (typeof u === 'number' && u >= 1 && u <= 5 ? t.success(u) : t.failure(u, c)),
  t.identity,
)

/** A non-negative integer. */
export const Count = new t.Type<number, number, unknown>(
  'Count (integer >= 0)',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
)

/** A non-negative finite amount (euros). */
export const Amount = new t.Type<number, number, unknown>(
  'Amount (>= 0)',
  (u): u is number => typeof u === 'number' && Number.isFinite(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isFinite(u) && u >= 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
)

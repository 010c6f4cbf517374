/**
 * Boundary types shared by every event and command. Decoding is where bad input is stopped:
 * a value of these types is known to be well formed.
 */
import * as t from 'io-ts/lib/index.js'
import { isIsoDate, isIsoDateTime } from './calendar.js'
import { decodesToItself } from './fast-decoder.js'

/** A codec of values of type A that pass `valid`: one predicate serves both `is` and `validate`. */
const refined = <A>(name: string, valid: (u: unknown) => u is A): t.Type<A, A, unknown> =>
  decodesToItself(
    new t.Type<A, A, unknown>(name, valid, (u, c) => (valid(u) ? t.success(u) : t.failure(u, c)), t.identity),
  )

/** Builds a string codec that accepts only strings passing `valid`; the name is what errors show. */
export const refinedString = (name: string, valid: (s: string) => boolean): t.Type<string, string, unknown> =>
  refined(name, (u): u is string => typeof u === 'string' && valid(u))

/** Builds a number codec that accepts only numbers passing `valid`; decoded in the quiet pass, no context built. */
export const refinedNumber = (name: string, valid: (n: number) => boolean): t.Type<number, number, unknown> =>
  refined(name, (u): u is number => typeof u === 'number' && valid(u))

/**
 * An instant as ISO-8601 with an offset (`2025-02-24T10:00:00+02:00` or `...Z`): business time.
 * The day must exist (`2025-02-30` is refused) and the hour be 00-23.
 */
export const IsoDateTime = refinedString('IsoDateTime (ISO-8601 with offset)', isIsoDateTime)
export type IsoDateTime = string

/** A calendar date that exists (`2025-08-01`). */
export const IsoDate = refinedString('IsoDate (YYYY-MM-DD)', isIsoDate)
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

/**
 * An object with required and optional fields; unknown fields are dropped when decoding and
 * absent optional fields stay absent: plain io-ts. Reading goes through the fast decoder
 * (`fast-decoder.ts`), which gives the same values.
 */
export const struct = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
): StructC<R, O> =>
  Object.assign(t.exact(t.intersection([t.type(required), t.partial(optional)]), name), {
    required,
    optional,
  })

/** The codec `struct` returns, its fields kept for codecs built from it (a command from its event). */
export type StructC<R extends t.Props, O extends t.Props> = t.ExactC<
  t.IntersectionC<[t.TypeC<R>, t.PartialC<O>]>
> & {
  readonly required: R
  readonly optional: O
}

/** Text in Finnish (required, as PTV requires), Swedish and English. */
export const LocalizedText = struct('LocalizedText', { fi: ShortText }, { sv: ShortText, en: ShortText })
export type LocalizedText = t.TypeOf<typeof LocalizedText>

/** A union of string literals, with the values kept for arbitraries and docs. */
export const literals = <V extends string>(name: string, values: readonly [V, V, ...V[]]) =>
  Object.assign(t.keyof(Object.fromEntries(values.map((v) => [v, null])) as { [K in V]: null }, name), {
    values,
  })

/** An integer score on the city-wide 1-5 scale. */
export const Score = refinedNumber('Score (integer 1-5)', (n) => Number.isInteger(n) && n >= 1 && n <= 5)
export type Score = 1 | 2 | 3 | 4 | 5

/** A mean on the 1-5 scale (review evidence). */
export const ScoreMean = refinedNumber('ScoreMean (1-5)', (n) => n >= 1 && n <= 5)

/** A non-negative integer. */
export const Count = refinedNumber('Count (integer >= 0)', (n) => Number.isSafeInteger(n) && n >= 0)

/** A non-negative finite amount (euros). */
export const Amount = refinedNumber('Amount (>= 0)', (n) => Number.isFinite(n) && n >= 0)

/**
 * Boundary types shared by every event and command. Decoding is where bad input is stopped:
 * a value of these types is known to be well formed.
 */
import * as t from 'io-ts/lib/index.js'
import { isIsoDate, isIsoDateTime } from './calendar.js'
import { arrayDecoder, FAILED, type Field, isObject, type Quiet, structDecoder } from './struct-decoder.js'

/** The refined codecs: each decodes a valid value to itself. */
const refinedCodecs = new WeakSet<t.Mixed>()

/** A codec of values of type A that pass `valid`: one predicate serves both `is` and `validate`. */
const refined = <A>(name: string, valid: (u: unknown) => u is A): t.Type<A, A, unknown> => {
  const codec = new t.Type<A, A, unknown>(
    name,
    valid,
    (u, c) => (valid(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  )
  refinedCodecs.add(codec)
  return codec
}

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

type StructOf<R extends t.Props, O extends t.Props> = t.TypeOf<t.TypeC<R>> & t.TypeOf<t.PartialC<O>>
type StructOutput<R extends t.Props, O extends t.Props> = t.OutputOf<t.TypeC<R>> & t.OutputOf<t.PartialC<O>>

/** Codecs whose valid values decode to themselves, so `is` alone can accept them. */
const decodesToItself = (codec: t.Mixed): boolean =>
  codec instanceof t.KeyofType ||
  codec instanceof t.LiteralType ||
  codec instanceof t.BooleanType ||
  codec instanceof t.StringType ||
  codec instanceof t.NumberType ||
  codec instanceof t.UnknownType ||
  refinedCodecs.has(codec)

const quietly = (codec: t.Mixed): Quiet => {
  if (decodesToItself(codec)) return (u) => (codec.is(u) ? u : FAILED)
  if (codec instanceof StructType) return codec.quiet
  if (codec instanceof t.ReadonlyArrayType) return arrayDecoder(quietly(codec.type as t.Mixed))
  return (u) => {
    const result = codec.decode(u)
    return result._tag === 'Right' ? result.right : FAILED
  }
}

const fieldOf = ([key, codec]: [string, t.Mixed]): Field & { readonly codec: t.Mixed } => ({
  key,
  codec,
  quiet: quietly(codec),
  ...(decodesToItself(codec) ? { accepts: codec.is } : {}),
  ...(codec instanceof t.LiteralType && typeof codec.value === 'string' ? { literal: codec.value } : {}),
})

const fieldsOf = (props: t.Props) => Object.entries(props).map(fieldOf)

/**
 * An object with required and optional fields; unknown fields are dropped and absent optional
 * fields stay absent. The same values as `t.exact(t.intersection([t.type, t.partial]))`, decoded
 * in one pass: that composition walks each value three times, and decoding is on every read.
 * A value is first decoded quietly, without io-ts contexts (`struct-decoder.ts`); only a value
 * that fails is decoded again with them, for the error paths.
 */
export class StructType<R extends t.Props, O extends t.Props> extends t.Type<
  StructOf<R, O>,
  StructOutput<R, O>,
  unknown
> {
  readonly _tag = 'StructType' as const
  /** The decoded value, or `FAILED`. */
  readonly quiet: Quiet
  /** The fields the quiet decoder reads, for building it another way (tests compare the two). */
  readonly fields: { readonly required: ReadonlyArray<Field>; readonly optional: ReadonlyArray<Field> }

  constructor(
    name: string,
    readonly required: R,
    readonly optional: O,
  ) {
    const requiredFields = fieldsOf(required)
    const optionalFields = fieldsOf(optional)
    const quiet = structDecoder(requiredFields, optionalFields)
    const explained = (u: unknown, c: t.Context): t.Validation<StructOf<R, O>> => {
      if (!isObject(u)) return t.failure(u, c)
      const errors: t.ValidationError[] = []
      const check = (f: (typeof requiredFields)[number], v: unknown) => {
        const result = f.codec.validate(v, t.appendContext(c, f.key, f.codec, v))
        if (result._tag === 'Left') errors.push(...result.left)
      }
      for (const f of requiredFields) check(f, u[f.key])
      for (const f of optionalFields) if (u[f.key] !== undefined) check(f, u[f.key])
      return t.failures(errors)
    }
    super(
      name,
      (u): u is StructOf<R, O> =>
        isObject(u) &&
        requiredFields.every((f) => f.codec.is(u[f.key])) &&
        optionalFields.every((f) => u[f.key] === undefined || f.codec.is(u[f.key])),
      (u, c) => {
        const out = quiet(u)
        return out === FAILED ? explained(u, c) : t.success(out as StructOf<R, O>)
      },
      (a) => {
        const value = a as Record<string, unknown>
        const out: Record<string, unknown> = {}
        for (const f of requiredFields) out[f.key] = f.codec.encode(value[f.key])
        for (const f of optionalFields) {
          const v = value[f.key]
          if (v !== undefined) out[f.key] = f.codec.encode(v)
        }
        return out as StructOutput<R, O>
      },
    )
    this.quiet = quiet
    this.fields = { required: requiredFields, optional: optionalFields }
  }

  /** The quiet pass first: io-ts's own `decode` allocates a context on every call, even for a valid value. */
  override decode(u: unknown): t.Validation<StructOf<R, O>> {
    const out = this.quiet(u)
    return out === FAILED ? super.decode(u) : t.success(out as StructOf<R, O>)
  }
}

/** An object with required and optional fields; unknown fields are dropped when decoding. */
export const struct = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
): StructType<R, O> => new StructType(name, required, optional)

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

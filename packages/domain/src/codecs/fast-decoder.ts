/**
 * The fast decoder: an accelerator for the plain io-ts codecs of events and commands, giving the
 * same values as their own `decode` (a property pins the two equal) at a fraction of the cost.
 *
 * - It decodes quietly: no io-ts contexts, and `FAILED` for a value that does not decode, which
 *   the codec's own `decode` then walks again for the error paths.
 * - An object codec, `t.exact(t.intersection([t.type(required), t.partial(optional)]))`, is
 *   decoded in one pass instead of three (the intersection, each part, then the stripping).
 * - That pass is generated as one function that reads each field by its name and builds the
 *   result as one object literal: the engine then sees fixed property loads and one object
 *   shape, where a loop over the fields sees a different key at the same load on every turn.
 *   Where the platform refuses generated code, the loop runs instead.
 *
 * Every event read back passes through here.
 */
import * as t from 'io-ts/lib/index.js'

/** What a quiet decoding returns for a value that does not decode. */
export const FAILED: unique symbol = Symbol('failed')
export type Quiet = (u: unknown) => unknown

export interface Field {
  readonly key: string
  /** Decodes without building contexts; `FAILED` when the value does not decode. */
  readonly quiet: Quiet
  /** For a codec whose valid values decode to themselves: the check alone. */
  readonly accepts?: (u: unknown) => boolean
  /** For a literal codec of a string: the one value it accepts. */
  readonly literal?: string
}

/** A plain object: not null, not an array. */
export const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/** The decoder as a loop over the fields: where code cannot be generated. */
export const interpretedStruct =
  (required: ReadonlyArray<Field>, optional: ReadonlyArray<Field>): Quiet =>
  (u) => {
    if (!isObject(u)) return FAILED
    const out: Record<string, unknown> = {}
    for (const f of required) {
      const v = f.quiet(u[f.key])
      if (v === FAILED) return FAILED
      out[f.key] = v
    }
    for (const f of optional) {
      const given = u[f.key]
      if (given === undefined) continue
      const v = f.quiet(given)
      if (v === FAILED) return FAILED
      out[f.key] = v
    }
    return out
  }

/** The statements that decode field `f` of `u` into `v<i>`, returning `F` when it does not decode. */
const decodeField = (f: Field, i: number, source: string): string => {
  const v = `v${i}`
  if (f.literal !== undefined)
    return `const ${v} = ${source}; if (${v} !== ${JSON.stringify(f.literal)}) return F;`
  if (f.accepts !== undefined) return `const ${v} = ${source}; if (!a[${i}](${v})) return F;`
  return `const ${v} = q[${i}](${source}); if (${v} === F) return F;`
}

/**
 * The decoder generated for these fields, or undefined where the platform refuses generated code
 * (`--disallow-code-generation-from-strings`, a content security policy). The keys are written
 * as JSON string literals, so no key can change the generated code's meaning.
 */
export const compiledStruct = (
  required: ReadonlyArray<Field>,
  optional: ReadonlyArray<Field>,
): Quiet | undefined => {
  const fields = [...required, ...optional]
  // A literal's `__proto__` key sets the prototype instead of a field.
  if (fields.some((f) => f.key === '__proto__')) return undefined
  const key = (f: Field) => JSON.stringify(f.key)
  const body: string[] = ['if (typeof u !== "object" || u === null || Array.isArray(u)) return F;']
  required.forEach((f, i) => body.push(decodeField(f, i, `u[${key(f)}]`)))
  body.push(`const out = {${required.map((f, i) => `${key(f)}: v${i}`).join(', ')}};`)
  optional.forEach((f, j) => {
    const i = required.length + j
    body.push(
      `{ const g = u[${key(f)}]; if (g !== undefined) { ${decodeField(f, i, 'g')} out[${key(f)}] = v${i}; } }`,
    )
  })
  body.push('return out;')
  try {
    const build = new Function('F', 'a', 'q', `return function quiet(u) { ${body.join('\n')} }`) as (
      failed: typeof FAILED,
      accepts: ReadonlyArray<((u: unknown) => boolean) | undefined>,
      quiet: ReadonlyArray<Quiet>,
    ) => Quiet
    return build(
      FAILED,
      fields.map((f) => f.accepts),
      fields.map((f) => f.quiet),
    )
  } catch {
    return undefined
  }
}

/** The quiet decoder of a struct: generated where the platform allows it, else the loop. */
export const structDecoder = (required: ReadonlyArray<Field>, optional: ReadonlyArray<Field>): Quiet =>
  compiledStruct(required, optional) ?? interpretedStruct(required, optional)

/** The quiet decoder of a readonly array: the same array when no element changed, as io-ts does. */
export const arrayDecoder =
  (element: Quiet): Quiet =>
  (u) => {
    if (!Array.isArray(u)) return FAILED
    let out: unknown[] | undefined
    for (let i = 0; i < u.length; i++) {
      const given: unknown = u[i]
      const v = element(given)
      if (v === FAILED) return FAILED
      if (v !== given) (out ??= u.slice())[i] = v
    }
    return out ?? u
  }

/** Codecs whose valid values decode to themselves (refinements of strings and numbers): `is` alone decides. */
const itself = new WeakSet<t.Mixed>()

/** Marks a codec whose valid values decode to themselves, so the fast decoder checks it with `is` alone. */
export const decodesToItself = <C extends t.Mixed>(codec: C): C => {
  itself.add(codec)
  return codec
}

const isItself = (codec: t.Mixed): boolean =>
  codec instanceof t.KeyofType ||
  codec instanceof t.LiteralType ||
  codec instanceof t.BooleanType ||
  codec instanceof t.StringType ||
  codec instanceof t.NumberType ||
  codec instanceof t.UnknownType ||
  itself.has(codec)

/** The required and optional fields of an object codec of the form `struct` declares; undefined for another codec. */
export const structFields = (
  codec: t.Mixed,
): { readonly required: t.Props; readonly optional: t.Props } | undefined => {
  if (!(codec instanceof t.ExactType)) return undefined
  const inner = codec.type as t.Mixed
  if (inner instanceof t.InterfaceType) return { required: inner.props as t.Props, optional: {} }
  if (inner instanceof t.PartialType) return { required: {}, optional: inner.props as t.Props }
  if (
    inner instanceof t.IntersectionType &&
    inner.types.length === 2 &&
    inner.types[0] instanceof t.InterfaceType &&
    inner.types[1] instanceof t.PartialType
  )
    return { required: inner.types[0].props as t.Props, optional: inner.types[1].props as t.Props }
  return undefined
}

const fieldOf = ([key, codec]: [string, t.Mixed]): Field => ({
  key,
  quiet: quietDecoder(codec),
  ...(isItself(codec) ? { accepts: codec.is } : {}),
  ...(codec instanceof t.LiteralType && typeof codec.value === 'string' ? { literal: codec.value } : {}),
})

const built = new WeakMap<t.Mixed, Quiet>()

/** The quiet decoder of a codec: built once per codec, then kept. */
export const quietDecoder = (codec: t.Mixed): Quiet => {
  let quiet = built.get(codec)
  if (quiet === undefined) {
    quiet = build(codec)
    built.set(codec, quiet)
  }
  return quiet
}

/** The fields of an object codec as the quiet pass reads them; undefined for another codec. */
export const quietFields = (
  codec: t.Mixed,
): { readonly required: ReadonlyArray<Field>; readonly optional: ReadonlyArray<Field> } | undefined => {
  const fields = structFields(codec)
  return fields === undefined
    ? undefined
    : {
        required: Object.entries(fields.required).map(fieldOf),
        optional: Object.entries(fields.optional).map(fieldOf),
      }
}

const build = (codec: t.Mixed): Quiet => {
  if (isItself(codec)) return (u) => (codec.is(u) ? u : FAILED)
  const fields = quietFields(codec)
  if (fields !== undefined) return structDecoder(fields.required, fields.optional)
  if (codec instanceof t.ReadonlyArrayType || codec instanceof t.ArrayType)
    return arrayDecoder(quietDecoder(codec.type as t.Mixed))
  // Any other codec decodes as it always does: the accelerator only ever gives its own results.
  return (u) => {
    const result = codec.decode(u)
    return result._tag === 'Right' ? result.right : FAILED
  }
}

/**
 * `codec.decode` accelerated: the quiet pass first (io-ts's own `decode` allocates a context on
 * every call, even for a valid value), and the codec's own walk only for the errors of a value
 * that fails.
 */
export const fastDecode =
  <C extends t.Mixed>(codec: C) =>
  (u: unknown): t.Validation<t.TypeOf<C>> => {
    const out = quietDecoder(codec)(u)
    return out === FAILED ? codec.decode(u) : t.success(out as t.TypeOf<C>)
  }

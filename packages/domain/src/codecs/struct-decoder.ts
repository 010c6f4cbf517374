/**
 * The quiet pass of the struct codec: decodes an object's fields without building io-ts contexts
 * and answers `FAILED` for a value that does not decode (the codec then walks it again for the
 * error paths). Every event read back passes through here, so the decoder for each struct is
 * generated as one function that reads each field by its name and builds the result as one
 * object literal: the engine then sees fixed property loads and one object shape, where a loop
 * over the fields sees a different key at the same load on every turn.
 */

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

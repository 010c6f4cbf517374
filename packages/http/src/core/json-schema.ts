/**
 * JSON Schema (2020-12, as OpenAPI 3.1 uses it) from the domain's io-ts codecs, so that the
 * published description of a command is the codec that decodes it. A property test checks that
 * every command the domain's arbitraries make is valid under its schema.
 */
import type * as t from 'io-ts/lib/index.js'

export type JsonSchema = { readonly [key: string]: unknown }

const ENTITY_ID = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'

/**
 * The domain's refined leaves, by codec name: a refinement is a predicate, which JSON Schema
 * cannot read, so each is described here once. The codecs decide; the schema informs.
 */
const leaves: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => JsonSchema]> = [
  [/^IsoDateTime\b/, () => ({ type: 'string', format: 'date-time' })],
  [/^IsoDate\b/, () => ({ type: 'string', format: 'date' })],
  [/^EntityId$/, () => ({ type: 'string', pattern: ENTITY_ID })],
  [
    /^PseudonymousRef\b/,
    () => ({
      type: 'string',
      pattern: ENTITY_ID,
      description: 'a pseudonymous reference: an entity id that is not a Finnish personal identity code',
    }),
  ],
  [
    /^Text\(1\.\.(\d+)\)$/,
    (m) => ({ type: 'string', minLength: 1, maxLength: Number(m[1]), pattern: '\\S' }),
  ],
  [/^LanguageTag$/, () => ({ type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$' })],
  [/^PtvId\b/, () => ({ type: 'string', format: 'uuid' })],
  [/^Score \(integer 1-5\)$/, () => ({ type: 'integer', minimum: 1, maximum: 5 })],
  [/^ScoreMean \(1-5\)$/, () => ({ type: 'number', minimum: 1, maximum: 5 })],
  [/^Count \(integer >= 0\)$/, () => ({ type: 'integer', minimum: 0 })],
  [/^Amount \(>= 0\)$/, () => ({ type: 'number', minimum: 0 })],
  [/^a whole number 1-1000$/, () => ({ type: 'integer', minimum: 1, maximum: 1000 })],
]

type Tagged = t.Mixed & {
  readonly _tag?: string
  readonly type?: t.Mixed
  readonly types?: ReadonlyArray<t.Mixed>
  readonly props?: t.Props
  readonly keys?: Readonly<Record<string, unknown>>
  readonly value?: unknown
}

/** The properties and required names an object codec (`struct`, `type`, `partial`, `exact`) declares. */
const objectParts = (
  codec: Tagged,
): { readonly properties: Record<string, JsonSchema>; readonly required: string[] } | undefined => {
  switch (codec._tag) {
    case 'ExactType':
    case 'ReadonlyType':
      return objectParts(codec.type as Tagged)
    case 'InterfaceType':
    case 'PartialType': {
      const properties = Object.fromEntries(
        Object.entries(codec.props ?? {}).map(([name, field]) => [name, jsonSchemaOf(field)]),
      )
      return { properties, required: codec._tag === 'InterfaceType' ? Object.keys(properties) : [] }
    }
    case 'IntersectionType': {
      const parts = (codec.types ?? []).map((part) => objectParts(part as Tagged))
      if (parts.some((part) => part === undefined)) return undefined
      return {
        properties: Object.assign({}, ...parts.map((part) => part!.properties)) as Record<string, JsonSchema>,
        required: parts.flatMap((part) => part!.required),
      }
    }
    default:
      return undefined
  }
}

/**
 * The JSON Schema of a codec. A codec it cannot describe is a bug of this module (a new refined
 * leaf in the domain without its line in `leaves`), and throws: the OpenAPI document is built at
 * start-up, and the tests build it.
 */
export const jsonSchemaOf = (codec: t.Mixed): JsonSchema => {
  const c = codec as Tagged
  const object = objectParts(c)
  if (object !== undefined)
    return {
      type: 'object',
      properties: object.properties,
      ...(object.required.length === 0 ? {} : { required: object.required }),
    }
  switch (c._tag) {
    case 'StringType':
      return { type: 'string' }
    case 'NumberType':
      return { type: 'number' }
    case 'BooleanType':
      return { type: 'boolean' }
    case 'LiteralType':
      return { const: c.value }
    case 'KeyofType':
      return { type: 'string', enum: Object.keys(c.keys ?? {}) }
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return { type: 'array', items: jsonSchemaOf(c.type!) }
    case 'UnionType':
      return { anyOf: (c.types ?? []).map(jsonSchemaOf) }
  }
  for (const [pattern, schema] of leaves) {
    const match = pattern.exec(codec.name)
    if (match !== null) return schema(match)
  }
  throw new Error(`no JSON Schema for the codec ${codec.name}`)
}

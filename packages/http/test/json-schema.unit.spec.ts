/**
 * The published schema of every command is its codec: every command the domain's arbitraries make
 * is valid under the schema built from the codec that decodes it.
 */
import { test } from '@fast-check/vitest'
import { caseCommandCodecs, serviceCommandCodecs, ShortText } from '@servicelife/domain'
import { jsonSchemaOf } from '@servicelife/http'
import { caseCommand, serviceCommand } from '@servicelife/spec'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import * as t from 'io-ts/lib/index.js'
import { describe, expect, it } from 'vitest'

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }))

const dataSchema = (codec: unknown) => jsonSchemaOf((codec as { required: { data: t.Mixed } }).required.data)
const validators = new Map(
  Object.entries({ ...serviceCommandCodecs, ...caseCommandCodecs }).map(([type, codec]) => [
    type,
    ajv.compile(dataSchema(codec)),
  ]),
)

describe('the JSON Schema of a command is its codec', () => {
  test.prop([serviceCommand])(
    'every service command the domain accepts is valid under its schema',
    (command) => {
      const valid = validators.get(command.type)!
      expect(valid(command.data), JSON.stringify(valid.errors)).toBe(true)
    },
  )

  test.prop([caseCommand])('every case command the domain accepts is valid under its schema', (command) => {
    const valid = validators.get(command.type)!
    expect(valid(command.data), JSON.stringify(valid.errors)).toBe(true)
  })

  it('required fields are required, optional ones are not, and a literal list is an enum', () => {
    const schema = dataSchema(caseCommandCodecs.CloseCase) as {
      required: string[]
      properties: Record<string, { enum?: string[] }>
    }
    expect(schema.required.sort()).toEqual(['at', 'caseId', 'outcome'])
    expect(schema.properties.outcome!.enum).toEqual([
      'resolved',
      'referred-outside-city',
      'withdrawn',
      'duplicate',
    ])
    const open = dataSchema(caseCommandCodecs.OpenCase) as { required: string[]; properties: object }
    expect(open.required).not.toContain('handler')
    expect(open.properties).toHaveProperty('handler')
  })

  it('a text leaf keeps its bounds: blank and over-long text are invalid', () => {
    const valid = ajv.compile(jsonSchemaOf(ShortText))
    expect([valid('ok'), valid(' '), valid(''), valid('x'.repeat(501))]).toEqual([true, false, false, false])
  })

  it('a codec the generator cannot describe is a bug it names, not a schema that accepts anything', () => {
    const unknown = new t.Type<string, string, unknown>('Mystery', t.string.is, t.string.validate, t.identity)
    expect(() => jsonSchemaOf(unknown)).toThrow('no JSON Schema for the codec Mystery')
  })
})

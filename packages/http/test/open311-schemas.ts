/** The official Open311 GeoReport v2 JSON Schemas (fixtures/georeport-v2, see PROVENANCE.md) as validators. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const schema = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'georeport-v2', name), 'utf8')) as object

const ajv = addFormats(new Ajv({ strict: false, allErrors: true }))
// The spec's own format name for ids; any string.
ajv.addFormat('uid', true)
ajv.addSchema(schema('request.json'), 'request.json')
ajv.addSchema(schema('service.json'), 'service.json')

const swagger = schema('swagger.json') as { definitions: Record<string, object> }

export const georeport = {
  services: ajv.compile(schema('services.json')),
  serviceDefinition: ajv.compile(schema('service-definition.json')),
  requests: ajv.compile(schema('requests.json')),
  requestResponses: ajv.compile({ type: 'array', items: swagger.definitions.RequestResponse }),
}

/** The spec's error form: a list of `{ code, description }`. */
export const errors = ajv.compile({
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['code', 'description'],
    properties: { code: { type: 'integer' }, description: { type: 'string' } },
    additionalProperties: false,
  },
})

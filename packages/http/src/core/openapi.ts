/**
 * The OpenAPI 3.1 description of the API, built from the same codecs that decode its requests:
 * one operation per command kind, the reports, the event feed and Open311.
 */
import { caseCommandCodecs, serviceCommandCodecs } from '@servicelife/domain'
import type * as t from 'io-ts/lib/index.js'
import { jsonSchemaOf, type JsonSchema } from './json-schema.js'
import { reportNames } from './report-names.js'

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
})

const open311Error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Open311Errors' } } },
})

const json = (schema: JsonSchema, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const etagHeader = {
  ETag: { description: 'the stream revision, quoted', schema: { type: 'string' } },
}

const commandOperation = (kind: 'services' | 'cases', type: string, codec: t.Mixed) => {
  const data = (codec as unknown as { required: { data: t.Mixed } }).required.data
  return {
    post: {
      operationId: `${kind === 'services' ? 'service' : 'case'}${type}`,
      tags: [kind],
      summary: `${type}: the command's data is the body`,
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: 'the command id: a retry with the same key is answered with the first outcome',
          schema: { type: 'string', minLength: 1, maxLength: 200 },
        },
        {
          name: 'If-Match',
          in: 'header',
          required: false,
          description: 'the stream revision the command was decided on ("-1": the stream must not exist)',
          schema: { type: 'string' },
        },
      ],
      requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(data) } } },
      responses: {
        '200': {
          ...json({ $ref: '#/components/schemas/Accepted' }, 'already handled: the first outcome'),
          headers: etagHeader,
        },
        '201': { ...json({ $ref: '#/components/schemas/Accepted' }, 'recorded'), headers: etagHeader },
        '400': problemResponse('the command does not decode, or its time lies in the future'),
        '409': problemResponse("a rule of the domain refuses it in the stream's present state"),
        '412': problemResponse('If-Match names a revision the stream has moved past'),
        '503': problemResponse('the stream kept changing: try again'),
      },
    },
  }
}

const idParameter = (name: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' },
})

const streamOperation = (kind: 'services' | 'cases', id: string) => ({
  get: {
    operationId: kind === 'services' ? 'serviceStream' : 'caseStream',
    tags: [kind],
    summary: "the stream's events, without their data, and its revision as the ETag",
    parameters: [idParameter(id)],
    responses: {
      '200': { ...json({ $ref: '#/components/schemas/StreamSummary' }, 'the stream'), headers: etagHeader },
      '304': { description: 'not changed since the If-None-Match tag' },
      '404': problemResponse('no such stream'),
    },
  },
})

/** Where and what an event was recorded as, without its data. */
const recordedEvent = (more: Readonly<Record<string, JsonSchema>>): JsonSchema => ({
  type: 'object',
  properties: {
    type: { type: 'string' },
    revision: { type: 'integer' },
    position: { type: 'integer' },
    ...more,
  },
})

const queryParameter = (name: string, description: string, schema: JsonSchema) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
})

/** The OpenAPI 3.1 document of the API. */
export interface OpenApiDocument {
  readonly openapi: '3.1.0'
  readonly info: { readonly title: string; readonly version: string; readonly description: string }
  readonly paths: Readonly<Record<string, unknown>>
  readonly components: { readonly schemas: Readonly<Record<string, JsonSchema>> }
}

export const openApiDocument = (
  info: { readonly title?: string; readonly version?: string } = {},
): OpenApiDocument => ({
  openapi: '3.1.0',
  info: {
    title: info.title ?? 'servicelife',
    version: info.version ?? '0.1.0',
    description:
      "A city's services and its customers' cases: commands, reports from live projections, the event feed, and Open311 GeoReport v2 with the 6Aika extensions.",
  },
  paths: {
    ...Object.fromEntries(
      Object.entries(serviceCommandCodecs).map(([type, codec]) => [
        `/services/commands/${type}`,
        commandOperation('services', type, codec),
      ]),
    ),
    ...Object.fromEntries(
      Object.entries(caseCommandCodecs).map(([type, codec]) => [
        `/cases/commands/${type}`,
        commandOperation('cases', type, codec),
      ]),
    ),
    '/services/{serviceId}': streamOperation('services', 'serviceId'),
    '/cases/{caseId}': streamOperation('cases', 'caseId'),
    '/cases/{caseId}/events': {
      get: {
        operationId: 'caseEvents',
        tags: ['cases'],
        summary:
          "the case's events with their data, personal fields included: needs the scope servicelife:personal-data",
        parameters: [idParameter('caseId')],
        responses: {
          '200': json({ type: 'array', items: { $ref: '#/components/schemas/Event' } }, 'the events'),
          '403': problemResponse('the caller lacks the scope'),
          '404': problemResponse('no such case'),
        },
      },
    },
    '/reports/{name}': {
      get: {
        operationId: 'report',
        tags: ['reports'],
        summary: 'a report from the live projections; the ETag is the global position it is read at',
        parameters: [
          { name: 'name', in: 'path', required: true, schema: { type: 'string', enum: [...reportNames] } },
          queryParameter('readAt', 'the reading time of reports that judge time (deadlines, reviews)', {
            type: 'string',
            format: 'date-time',
          }),
          queryParameter('position', 'read as of this global position (replayed from the record)', {
            type: 'integer',
            minimum: -1,
          }),
          queryParameter(
            'minPosition',
            'wait (up to a few seconds) until the projections include this position',
            {
              type: 'integer',
              minimum: -1,
            },
          ),
        ],
        responses: {
          '200': { ...json({ type: 'object' }, 'the report'), headers: etagHeader },
          '304': { description: 'not changed since the If-None-Match tag' },
          '400': problemResponse('a query parameter does not decode'),
          '404': problemResponse('no such report'),
          '503': problemResponse('the projections did not reach minPosition in time'),
        },
      },
    },
    '/events': {
      get: {
        operationId: 'events',
        tags: ['events'],
        summary:
          'server-sent events: every event recorded after a position, live; resumable with Last-Event-ID',
        parameters: [
          queryParameter('after', 'the position to start after (default: the head)', {
            type: 'integer',
            minimum: -1,
          }),
          { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'the feed',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          '400': problemResponse('after or Last-Event-ID is not a position'),
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openapi',
        tags: ['meta'],
        summary: 'this document',
        responses: { '200': json({ type: 'object' }, 'the OpenAPI document') },
      },
    },
    '/open311/v2/services.json': {
      get: {
        operationId: 'open311Services',
        tags: ['open311'],
        summary: 'the services a request can be made to (GeoReport v2)',
        parameters: [queryParameter('locale', 'fi, sv or en', { type: 'string', enum: ['fi', 'sv', 'en'] })],
        responses: { '200': json({ type: 'array', items: { type: 'object' } }, 'the services') },
      },
    },
    '/open311/v2/services/{service_code}.json': {
      get: {
        operationId: 'open311ServiceDefinition',
        tags: ['open311'],
        summary: "a service's definition (no attributes: metadata is false for every service)",
        parameters: [idParameter('service_code')],
        responses: {
          '200': json({ type: 'object' }, 'the definition'),
          '404': open311Error('no such service'),
        },
      },
    },
    '/open311/v2/requests.json': {
      get: {
        operationId: 'open311Requests',
        tags: ['open311'],
        summary: 'service requests (GeoReport v2; 6Aika log with extensions=true); never a personal field',
        parameters: [
          queryParameter('service_request_id', 'comma-separated ids: overrides the other filters', {
            type: 'string',
          }),
          queryParameter('service_code', 'comma-separated service codes', { type: 'string' }),
          queryParameter('start_date', 'requested at or after', { type: 'string' }),
          queryParameter('end_date', 'requested at or before (90 days at most after start_date)', {
            type: 'string',
          }),
          queryParameter('status', 'open, closed or both', { type: 'string' }),
          queryParameter('updated_after', '6Aika: updated at or after', { type: 'string' }),
          queryParameter('updated_before', '6Aika: updated at or before', { type: 'string' }),
          queryParameter('extensions', '6Aika: add title and log', {
            type: 'string',
            enum: ['true', 'false'],
          }),
        ],
        responses: {
          '200': json({ type: 'array', items: { type: 'object' } }, 'the requests'),
          '400': open311Error('a parameter is not understood, or the window is over 90 days'),
        },
      },
      post: {
        operationId: 'open311PostRequest',
        tags: ['open311'],
        summary: 'a new service request: the contact is received and the case opened to the service at once',
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Open311Post' } },
            'application/json': { schema: { $ref: '#/components/schemas/Open311Post' } },
          },
        },
        responses: {
          '201': json({ type: 'array', items: { type: 'object' } }, 'the new request id'),
          '400': open311Error('the form is not understood, or the service takes no requests'),
          '403': open311Error('the api_key is not valid'),
        },
      },
    },
    '/open311/v2/requests/{service_request_id}.json': {
      get: {
        operationId: 'open311Request',
        tags: ['open311'],
        summary: 'one service request',
        parameters: [idParameter('service_request_id')],
        responses: {
          '200': json({ type: 'array', items: { type: 'object' } }, 'the request, as a list of one'),
          '404': open311Error('no such request'),
        },
      },
    },
  },
  components: {
    schemas: {
      Problem: {
        type: 'object',
        description:
          'RFC 9457 problem details, with the rule code and, for a domain rule, the entity and principle or promise',
        required: ['type', 'title', 'status', 'detail', 'code'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          code: { type: 'string' },
          entity: {
            type: 'object',
            properties: { kind: { type: 'string', enum: ['service', 'case'] }, id: { type: 'string' } },
          },
          principle: { type: 'integer', minimum: 1, maximum: 6 },
          promise: { type: 'integer', minimum: 1, maximum: 3 },
          problems: { type: 'array', items: { type: 'string' } },
        },
      },
      Accepted: {
        type: 'object',
        required: ['streamId', 'revision', 'events'],
        properties: {
          streamId: { type: 'string' },
          revision: { type: 'integer' },
          position: { type: 'integer' },
          events: { type: 'array', items: recordedEvent({}) },
        },
      },
      StreamSummary: {
        type: 'object',
        required: ['streamId', 'revision', 'events'],
        properties: {
          streamId: { type: 'string' },
          revision: { type: 'integer' },
          events: {
            type: 'array',
            items: recordedEvent({ recordedAt: { type: 'string', format: 'date-time' } }),
          },
        },
      },
      Event: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          revision: { type: 'integer' },
          position: { type: 'integer' },
          data: { type: 'object' },
        },
      },
      Open311Errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'description'],
          properties: { code: { type: 'integer' }, description: { type: 'string' } },
        },
      },
      Open311Post: {
        type: 'object',
        required: ['api_key', 'service_code'],
        properties: {
          api_key: { type: 'string' },
          service_code: { type: 'string' },
          description: { type: 'string', maxLength: 4000 },
          title: { type: 'string' },
          lat: { type: 'number' },
          long: { type: 'number' },
          address_string: { type: 'string' },
          address_id: { type: 'string' },
          locale: { type: 'string' },
        },
      },
    },
  },
})

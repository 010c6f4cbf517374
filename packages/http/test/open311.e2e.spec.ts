/**
 * Open311 GeoReport v2 (with the 6Aika extensions) served over HTTP, every response validated
 * against the official JSON Schemas: services, service definitions, requests posted and read back,
 * and errors in the spec's form. No GET carries a personal field.
 */
import type { ValidateFunction } from 'ajv'
import type { CaseCommand, ServiceCommand } from '@servicelife/domain'
import { openServicelifeApi, type ServicelifeApi } from '@servicelife/http'
import { planAndLaunch, turkuServices } from '@servicelife/spec'
import { InMemoryEventStore } from '@servicelife/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errors, georeport } from './open311-schemas.js'
import { type Served, serveNode } from './serve.js'

const { generalGuidance, youthGuidance, youthPremisesA } = turkuServices
const NOW = Date.parse('2025-06-30T09:00:00Z')

let store: InMemoryEventStore
let api: ServicelifeApi
let served: Served
let ids = 0

const valid = (validate: ValidateFunction, body: unknown) => {
  const ok = validate(body)
  expect(ok, JSON.stringify(validate.errors)).toBe(true)
}

const command = async (kind: 'services' | 'cases', c: ServiceCommand | CaseCommand) => {
  const response = await fetch(`${served.base}/${kind}/commands/${c.type}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `cmd-${++ids}` },
    body: JSON.stringify(c.data),
  })
  expect(response.status).toBe(201)
}

const postRequest = (form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${served.base}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  })

const get = async (path: string) => {
  const response = await fetch(`${served.base}/open311/v2/${path}`)
  return { status: response.status, body: (await response.json()) as unknown }
}

const form = {
  api_key: 'turku-feedback',
  service_code: 'general-guidance',
  description: 'Katuvalo on rikki Aurakadulla, soittakaa minulle',
  address_string: 'Aurakatu 1, Turku',
  email: 'aino@example.fi',
  first_name: 'Aino',
  phone: '0401234567',
}

beforeAll(async () => {
  store = new InMemoryEventStore()
  let tick = 0
  api = await openServicelifeApi({
    store,
    now: () => NOW + tick++ * 60_000,
    open311: { apiKeys: ['turku-feedback'] },
  })
  served = await serveNode(api)
  for (const c of [
    ...planAndLaunch({ ...generalGuidance, answerPromise: { within: 5, unit: 'working-days' } }),
    ...planAndLaunch(youthGuidance),
    ...planAndLaunch(youthPremisesA),
  ])
    await command('services', c)
  await command('services', {
    type: 'DisruptService',
    data: {
      serviceId: 'youth-guidance',
      at: '2025-06-01T08:00:00+03:00',
      reason: 'Staff training.',
      continuity: 'Call general guidance.',
    },
  })
  await command('services', {
    type: 'RetireService',
    data: { serviceId: youthPremisesA.serviceId, at: '2025-06-02T08:00:00+03:00', reason: 'Closed.' },
  })
})

afterAll(async () => {
  await served.close()
  await api.close()
})

describe('GET services.json and services/{code}.json', () => {
  it('lists the services in production and the disrupted one with its notice, valid under services.json', async () => {
    await api.caughtUp()
    const { status, body } = await get('services.json')
    expect(status).toBe(200)
    valid(georeport.services, body)
    expect((body as { service_code: string }[]).map((s) => s.service_code)).toEqual([
      'general-guidance',
      'youth-guidance',
    ])
    expect((body as object[])[1]).toMatchObject({ service_notice: 'Call general guidance.' })
    const swedish = (await get('services.json?locale=sv')).body as { service_name: string }[]
    expect(swedish[0]!.service_name).toBe('Allmän rådgivning')
  })

  it('a service definition is valid under service-definition.json; a retired or unknown service is 404 in the error form', async () => {
    const { body } = await get('services/general-guidance.json')
    valid(georeport.serviceDefinition, body)
    for (const code of [youthPremisesA.serviceId, 'no-such-service']) {
      const missing = await get(`services/${code}.json`)
      expect(missing.status).toBe(404)
      valid(errors, missing.body)
    }
  })
})

describe('POST requests.json', () => {
  it('opens a case at once and answers its id, valid under the spec’s RequestResponse', async () => {
    const response = await postRequest(form)
    expect(response.status).toBe(201)
    const body = (await response.json()) as { service_request_id: string }[]
    valid(georeport.requestResponses, body)
    const id = body[0]!.service_request_id
    const stream = (await (await fetch(`${served.base}/cases/${id}`)).json()) as {
      events: { type: string }[]
    }
    expect(stream.events.map((e) => e.type)).toEqual(['ContactReceived', 'CaseOpened'])
  })

  it('a request to a disrupted service carries the service’s notice', async () => {
    const response = await postRequest({ ...form, service_code: 'youth-guidance' })
    expect(((await response.json()) as object[])[0]).toMatchObject({
      service_notice: 'Call general guidance.',
    })
  })

  it('the same Idempotency-Key posted twice is one case', async () => {
    const first = (await (await postRequest(form, { 'idempotency-key': 'kiosk-17' })).json()) as object[]
    const head = await store.headPosition()
    const again = (await (await postRequest(form, { 'idempotency-key': 'kiosk-17' })).json()) as object[]
    expect(again).toEqual(first)
    expect(await store.headPosition()).toBe(head)
  })

  it('a bad api_key is 403, a form it cannot read or a service that takes no requests 400, in the error form; nothing written', async () => {
    const head = await store.headPosition()
    const refusals = [
      [{ ...form, api_key: 'guess' }, 403],
      [{ service_code: 'general-guidance', description: 'no key' }, 403],
      [{ ...form, service_code: youthPremisesA.serviceId }, 400],
      [{ ...form, service_code: 'no-such-service' }, 400],
      [{ ...form, address_string: '' }, 400],
      [{ ...form, lat: 'north', long: '22', address_string: undefined }, 400],
    ] as const
    for (const [fields, status] of refusals) {
      const clean = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<
        string,
        string
      >
      const response = await postRequest(clean)
      expect([clean, response.status]).toEqual([clean, status])
      valid(errors, await response.json())
    }
    expect(await store.headPosition()).toBe(head)
  })
})

describe('POST requests.json as JSON', () => {
  it('a known key with a form it cannot read is 400, not 403: the key is checked first, then the form', async () => {
    const post = (body: object) =>
      fetch(`${served.base}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const unlocated = await post({ api_key: 'turku-feedback', service_code: 'general-guidance' })
    expect(unlocated.status).toBe(400)
    valid(errors, await unlocated.json())
    expect((await post({ api_key: 'guess', service_code: 'general-guidance' })).status).toBe(403)
    const accepted = await post({ ...form, service_code: 'general-guidance' })
    expect(accepted.status).toBe(201)
    valid(georeport.requestResponses, await accepted.json())
  })
})

describe('GET requests.json and requests/{id}.json', () => {
  let answeredId: string

  beforeAll(async () => {
    const body = (await (await postRequest(form)).json()) as { service_request_id: string }[]
    answeredId = body[0]!.service_request_id
    const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString()
    await command('cases', {
      type: 'AnswerCase',
      data: {
        caseId: answeredId,
        at: at(600),
        channel: 'email',
        by: 'Guidance desk',
        summary: 'Huoltoyhtiö korjaa.',
      },
    })
    await command('cases', {
      type: 'CloseCase',
      data: { caseId: answeredId, at: at(601), outcome: 'resolved' },
    })
    await api.caughtUp()
  })

  it('every request is valid under requests.json, with its deadline from the service’s answer promise', async () => {
    const { status, body } = await get('requests.json')
    expect(status).toBe(200)
    valid(georeport.requests, body)
    const closed = (body as Record<string, unknown>[]).find((r) => r.service_request_id === answeredId)!
    expect(closed).toMatchObject({
      status: 'closed',
      status_notes: 'closed as resolved',
      service_code: 'general-guidance',
    })
    expect(typeof closed.expected_datetime).toBe('string')
  })

  it('with extensions=true, the 6Aika title and log, still valid under requests.json', async () => {
    const { body } = await get(`requests/${answeredId}.json?extensions=true`)
    valid(georeport.requests, body)
    expect((body as { log: { status: string }[] }[])[0]!.log.map((e) => e.status)).toEqual([
      'allocated',
      'done',
      'done',
    ])
  })

  it('no GET carries a personal field: not the description, nor a name, email or phone', async () => {
    const everything = JSON.stringify([
      (await get('requests.json?extensions=true')).body,
      (await get(`requests/${answeredId}.json?extensions=true`)).body,
      (await get('services.json')).body,
    ])
    for (const personal of [
      'Katuvalo',
      'aino@example.fi',
      'Aino',
      '0401234567',
      'Huoltoyhtiö',
      'Guidance desk',
    ])
      expect(everything).not.toContain(personal)
  })

  it('filters by status, service code, id and the 6Aika updated_after', async () => {
    const open = (await get('requests.json?status=open')).body as { status: string }[]
    expect(open.length).toBeGreaterThan(0)
    expect(open.every((r) => r.status === 'open')).toBe(true)
    const youth = (await get('requests.json?service_code=youth-guidance')).body as { service_code: string }[]
    expect(youth.map((r) => r.service_code)).toEqual(['youth-guidance'])
    expect((await get(`requests.json?service_request_id=${answeredId}`)).body).toHaveLength(1)
    expect((await get('requests.json?updated_after=2030-01-01')).body).toEqual([])
  })

  it('a window over 90 days or an unknown request is refused in the error form', async () => {
    const long = await get('requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-06-30T00:00:00Z')
    expect(long.status).toBe(400)
    valid(errors, long.body)
    const missing = await get('requests/no-such-request.json')
    expect(missing.status).toBe(404)
    valid(errors, missing.body)
  })
})

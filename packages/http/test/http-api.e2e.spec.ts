/**
 * The HTTP API served by a real server on a free port and driven over HTTP: every command kind,
 * every class of refusal as a problem, ETag and If-Match, idempotent retries, reports with their
 * tags, the event feed resumed with Last-Event-ID, personal data behind a scope, and the OpenAPI
 * document validated.
 */
import { Validator } from '@seriousme/openapi-schema-validator'
import type { CaseCommand, ServiceCommand } from '@servicelife/domain'
import { openServicelifeApi, PERSONAL_DATA_SCOPE, type ServicelifeApi } from '@servicelife/http'
import { handleAll, planAndLaunch, plusMinutes, turkuServices, youthChatJourney } from '@servicelife/spec'
import { type EventStore, FileEventStore, InMemoryEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEvents, type Served, serveFastify, serveNode } from './serve.js'

const { generalGuidance, youthGuidance, youthPremisesA } = turkuServices
const premises = youthPremisesA.serviceId
const at = (minutes: number) => plusMinutes('2025-03-03T09:00:00+02:00', minutes)

/** Every service command kind, in an order the rules accept, on one service. */
const serviceLife: ReadonlyArray<ServiceCommand> = [
  { type: 'PlanService', data: { ...youthPremisesA, at: at(0) } },
  {
    type: 'RevisePlan',
    data: { serviceId: premises, at: at(1), changes: { needs: 'A place of their own.' } },
  },
  {
    type: 'SetAnswerPromise',
    data: { serviceId: premises, at: at(2), answerPromise: { within: 3, unit: 'days' } },
  },
  {
    type: 'LaunchService',
    data: { serviceId: premises, at: at(3), channels: ['service-location', 'phone'] },
  },
  { type: 'OpenChannel', data: { serviceId: premises, at: at(4), channel: 'email' } },
  { type: 'CloseChannel', data: { serviceId: premises, at: at(5), channel: 'email' } },
  {
    type: 'ReviewService',
    data: {
      serviceId: premises,
      at: at(6),
      reviewer: 'youth services board',
      evidence: { usage: 1200, reachesTargetGroup: true },
      decision: 'change-production',
      rationale: 'An association runs youth premises closer to the young.',
    },
  },
  {
    type: 'ChangeProduction',
    data: {
      serviceId: premises,
      at: at(7),
      from: 'own',
      to: 'third-sector',
      producer: 'Nuorisoyhdistys ry',
      rationale: 'Review decision.',
    },
  },
  {
    type: 'DisruptService',
    data: { serviceId: premises, at: at(8), reason: 'Water damage.', continuity: 'Use premises B.' },
  },
  { type: 'RestoreService', data: { serviceId: premises, at: at(9) } },
  {
    type: 'LinkService',
    data: { serviceId: premises, at: at(10), ptv: '0f5d3d9e-3c1e-4f7a-9c55-2a6a3f0e7b11' },
  },
  { type: 'RetireService', data: { serviceId: premises, at: at(11), reason: 'Merged into premises B.' } },
]

const caseId = 'case-http-1'
/** Every case command kind on one case: the youth chat journey, with a consent withdrawn. */
const caseLife: ReadonlyArray<CaseCommand> = (() => {
  const journey = youthChatJourney(caseId, at(20))
  return [
    ...journey.slice(0, 4),
    {
      type: 'WithdrawConsent',
      data: { caseId, at: plusMinutes(at(20), 6), scope: 'share-with-city-services' },
    },
    ...journey.slice(4),
  ]
})()

const pathOf = (command: ServiceCommand | CaseCommand) =>
  `/${command.type in { ReceiveContact: 1, OpenCase: 1, ReferCase: 1, GiveConsent: 1, WithdrawConsent: 1, AnswerCase: 1, GiveFeedback: 1, CloseCase: 1 } ? 'cases' : 'services'}/commands/${command.type}`

let dir: string
let store: FileEventStore
let api: ServicelifeApi
let served: Served
let key = 0

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${served.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `k-${++key}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

const send = (command: ServiceCommand | CaseCommand, headers: Record<string, string> = {}) =>
  post(pathOf(command), command.data, headers)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'servicelife-http-'))
  const opened = await FileEventStore.open(join(dir, 'record'))
  if (E.isLeft(opened)) throw new Error(opened.left.message)
  store = opened.right
  api = await openServicelifeApi({
    store,
    authorize: (request, access) =>
      access.scope === undefined || request.headers.authorization === `Bearer ${access.scope}`
        ? { allow: true }
        : { allow: false, status: 403, detail: `needs the scope ${access.scope}` },
  })
  served = await serveNode(api)
  for (const command of [...planAndLaunch(generalGuidance), ...planAndLaunch(youthGuidance)])
    expect((await send(command)).status).toBe(201)
})

afterAll(async () => {
  await served.close()
  await api.close()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('commands over HTTP', () => {
  it('every service command kind is accepted at its own endpoint: 201, the revision as the ETag, a Location', async () => {
    for (const [n, command] of serviceLife.entries()) {
      const response = await send(command)
      expect([command.type, response.status]).toEqual([command.type, 201])
      expect(response.headers.get('etag')).toBe(`"${n}"`)
      expect(response.headers.get('location')).toBe(`/services/${premises}`)
      expect(await response.json()).toMatchObject({ streamId: `service-${premises}`, revision: n })
    }
  })

  it('every case command kind is accepted at its own endpoint', async () => {
    for (const command of caseLife) {
      const response = await send(command)
      expect([command.type, response.status, await response.text()]).toMatchObject([
        command.type,
        201,
        expect.any(String),
      ])
    }
    const stream = await fetch(`${served.base}/cases/${caseId}`)
    expect(stream.headers.get('etag')).toBe(`"${caseLife.length - 1}"`)
    expect(((await stream.json()) as { events: { type: string }[] }).events.map((e) => e.type)).toEqual([
      'ContactReceived',
      'CaseOpened',
      'ConsentGiven',
      'CaseReferred',
      'ConsentWithdrawn',
      'CaseAnswered',
      'FeedbackGiven',
      'CaseClosed',
    ])
  })

  it('a retry with the same Idempotency-Key is answered with the first outcome and records nothing', async () => {
    const command = youthChatJourney('case-retried', at(30))[0]!
    const first = await send(command, { 'idempotency-key': '"retry-1"' })
    const head = await store.headPosition()
    const again = await send(command, { 'idempotency-key': '"retry-1"' })
    expect([first.status, again.status]).toEqual([201, 200])
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await again.json()).toEqual(await first.json())
    expect(await store.headPosition()).toBe(head)
  })

  it('If-Match with the current revision is accepted; with a revision the stream moved past, 412 and nothing written', async () => {
    const [contact, open] = youthChatJourney('case-if-match', at(40)) as [CaseCommand, CaseCommand]
    expect((await send(contact, { 'if-match': '"0"' })).status).toBe(412)
    expect((await send(contact, { 'if-match': '"-1"' })).status).toBe(201)
    const current = (await fetch(`${served.base}/cases/case-if-match`)).headers.get('etag')!
    expect(current).toBe('"0"')
    const head = await store.headPosition()
    const stale = await send(open, { 'if-match': '"-1"' })
    expect(stale.status).toBe(412)
    expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(await stale.json()).toMatchObject({
      code: 'wrong-expected-revision',
      expected: 'no-stream',
      actual: 0,
    })
    expect(await store.headPosition()).toBe(head)
    expect((await send(open, { 'if-match': current })).status).toBe(201)
  })

  it('a refusal is a problem: 400 decode, 409 rule with its entity and principle or promise, 404, 415', async () => {
    const decode = await post('/cases/commands/OpenCase', { caseId: 'x' })
    expect(decode.status).toBe(400)
    expect(await decode.json()).toMatchObject({
      code: 'decode-error',
      type: 'urn:servicelife:problem:decode-error',
    })
    const rule = await send({
      type: 'LaunchService',
      data: { serviceId: 'never-planned', at: at(50), channels: ['phone'] },
    })
    expect(rule.status).toBe(409)
    expect(await rule.json()).toMatchObject({
      code: 'service-must-be-planned',
      entity: { kind: 'service', id: 'never-planned' },
      title: 'Conflict',
    })
    const [contact] = youthChatJourney('case-unopened', at(50))
    const unopened = await send({
      type: 'AnswerCase',
      data: { caseId: 'case-unopened', at: at(51), channel: 'chat', by: 'desk', summary: 'Too soon.' },
    })
    expect(await unopened.json()).toMatchObject({ status: 409, code: 'case-starts-with-contact' })
    expect((await send(contact!)).status).toBe(201)
    const head = await store.headPosition()
    const notOpened = await send({
      type: 'AnswerCase',
      data: { caseId: 'case-unopened', at: at(52), channel: 'chat', by: 'desk', summary: 'Too soon.' },
    })
    expect(await notOpened.json()).toMatchObject({
      status: 409,
      code: 'answer-only-open-case',
      entity: { kind: 'case', id: 'case-unopened' },
      promise: 2,
    })
    expect((await post('/cases/commands/DeleteCase', {})).status).toBe(404)
    expect((await post('/cases/commands/OpenCase', '{"caseId":')).status).toBe(400)
    expect((await post('/cases/commands/OpenCase', '{}', { 'content-type': 'text/plain' })).status).toBe(415)
    expect((await post('/cases/commands/OpenCase', '{}', { 'idempotency-key': '' })).status).toBe(400)
    expect((await post('/cases/commands/OpenCase', '{}', { 'if-match': 'W/"1"' })).status).toBe(400)
    expect((await post('/cases/commands/OpenCase', 'x'.repeat(70_000))).status).toBe(413)
    expect((await fetch(`${served.base}/cases/commands/OpenCase`)).status).toBe(405)
    expect(await store.headPosition()).toBe(head)
  })

  it('a stream that keeps changing under a command is 503, try again', async () => {
    const racing = new InMemoryEventStore()
    const alwaysMoved: EventStore = Object.assign(Object.create(racing) as EventStore, {
      appendToStream: async () =>
        E.left({
          code: 'wrong-expected-revision',
          streamId: 's',
          expected: 'no-stream',
          actual: 0,
          message: 'moved',
        }),
    })
    const racingApi = await openServicelifeApi({
      store: alwaysMoved,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    })
    const response = await racingApi.handle({
      method: 'POST',
      path: '/services/commands/PlanService',
      query: new URLSearchParams(),
      headers: { 'idempotency-key': 'k' },
      body: JSON.stringify(generalGuidance),
    })
    await racingApi.close()
    expect(response).toMatchObject({ status: 503, json: { code: 'concurrency-retries-exhausted' } })
  })
})

describe('reads', () => {
  it('a report carries the global position as its ETag; the same tag in If-None-Match is 304', async () => {
    await api.caughtUp()
    const first = await fetch(`${served.base}/reports/compliance`)
    expect(first.status).toBe(200)
    const tag = first.headers.get('etag')!
    expect(tag).toBe(`"${await store.headPosition()}"`)
    const again = await fetch(`${served.base}/reports/compliance`, { headers: { 'if-none-match': tag } })
    expect(again.status).toBe(304)
  })

  it('minPosition reads one’s own write; position reads the record as it was', async () => {
    const response = await send(youthChatJourney('case-read-own', at(70))[0]!)
    const { position } = (await response.json()) as { position: number }
    const catalog = await fetch(`${served.base}/reports/catalog?minPosition=${position}`)
    expect(catalog.headers.get('etag')).toBe(`"${position}"`)
    const before = (await (await fetch(`${served.base}/reports/catalog?position=1`)).json()) as {
      serviceId: string
    }[]
    expect(before.map((s) => s.serviceId)).toEqual(['general-guidance'])
    for (const bad of ['position=soon', 'minPosition=-2', 'readAt=tomorrow'])
      expect((await fetch(`${served.base}/reports/compliance?${bad}`)).status).toBe(400)
    expect((await fetch(`${served.base}/reports/everything`)).status).toBe(404)
  })

  it('a case’s events with their data need the personal-data scope; its summary never carries data', async () => {
    expect((await fetch(`${served.base}/cases/${caseId}/events`)).status).toBe(403)
    const summary = await (await fetch(`${served.base}/cases/${caseId}`)).text()
    expect(summary).not.toContain('summer job')
    const events = await fetch(`${served.base}/cases/${caseId}/events`, {
      headers: { authorization: `Bearer ${PERSONAL_DATA_SCOPE}` },
    })
    expect(events.status).toBe(200)
    expect(await events.text()).toContain('summer job')
    expect((await fetch(`${served.base}/cases/no-such-case`)).status).toBe(404)
  })
})

describe('the event feed', () => {
  it('streams every event after a position and resumes after the last one seen with Last-Event-ID', async () => {
    const first = await readEvents(`${served.base}/events?after=-1`, 3)
    expect(first.contentType).toMatch(/^text\/event-stream/)
    expect(first.messages.map((m) => m.id)).toEqual(['0', '1', '2'])
    expect(JSON.parse(first.messages[0]!.data!)).toMatchObject({
      streamId: 'service-general-guidance',
      type: 'ServicePlanned',
    })
    const resumed = await readEvents(`${served.base}/events`, 2, { 'last-event-id': first.messages[2]!.id! })
    expect(resumed.messages.map((m) => m.id)).toEqual(['3', '4'])
  })

  it('an event recorded after the client connected arrives live; the feed never carries data', async () => {
    const head = await store.headPosition()
    const reading = readEvents(`${served.base}/events`, 1)
    await new Promise((resolve) => setTimeout(resolve, 200))
    await send(youthChatJourney('case-live', at(80))[0]!)
    const { messages } = await reading
    expect(messages[0]!.id).toBe(String(head + 1))
    expect(messages[0]!.data).not.toContain('summer job')
    expect((await fetch(`${served.base}/events?after=later`)).status).toBe(400)
  })
})

describe('the event feed ends with its client', () => {
  it('a client that goes away stops the subscription behind its feed', async () => {
    const inner = new InMemoryEventStore()
    let open = 0
    const counted: EventStore = Object.assign(Object.create(inner) as EventStore, {
      subscribeToAll: (...args: Parameters<EventStore['subscribeToAll']>) => {
        const subscription = inner.subscribeToAll(...args)
        open++
        return {
          done: subscription.done,
          stop: async () => {
            open--
            await subscription.stop()
          },
        }
      },
    })
    const feedApi = await openServicelifeApi({ store: counted })
    const feedServer = await serveNode(feedApi)
    const baseline = open
    try {
      await handleAll(inner, planAndLaunch(generalGuidance))
      const read = await readEvents(`${feedServer.base}/events?after=-1`, 2)
      expect(read.messages).toHaveLength(2)
      for (let i = 0; i < 50 && open > baseline; i++) await new Promise((resolve) => setTimeout(resolve, 20))
      expect(open).toBe(baseline)
    } finally {
      await feedServer.close()
      await feedApi.close()
    }
  })
})

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document with one operation per command kind', async () => {
    const document = (await (await fetch(`${served.base}/openapi.json`)).json()) as {
      openapi: string
      paths: Record<string, unknown>
    }
    const validator = new Validator()
    const result = await validator.validate(document)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(document.openapi).toBe('3.1.0')
    for (const command of [...serviceLife, ...caseLife])
      expect(document.paths).toHaveProperty([pathOf(command)])
  })
})

describe('the Fastify binding', () => {
  it('serves the same API: a command, a problem, a report with its tag and the event feed', async () => {
    const fastify = await serveFastify(api)
    try {
      const accepted = await fetch(`${fastify.base}/cases/commands/ReceiveContact`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'fastify-1' },
        body: JSON.stringify(youthChatJourney('case-fastify', at(90))[0]!.data),
      })
      expect(accepted.status).toBe(201)
      const refused = await fetch(`${fastify.base}/cases/commands/ReceiveContact`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'fastify-2' },
        body: '{"caseId":',
      })
      expect([refused.status, refused.headers.get('content-type')]).toEqual([
        400,
        'application/problem+json; charset=utf-8',
      ])
      await api.caughtUp()
      const report = await fetch(`${fastify.base}/reports/satisfaction`)
      expect(report.headers.get('etag')).toBe(`"${await store.headPosition()}"`)
      const feed = await readEvents(`${fastify.base}/events?after=-1`, 2)
      expect(feed.messages.map((m) => m.id)).toEqual(['0', '1'])
    } finally {
      await fastify.close()
    }
  })
})

/**
 * The API as one function from request to response, over a store: commands through the command
 * handler, reads from projections the runner keeps current, the event feed, the OpenAPI document
 * and Open311. Every binding (node:http, Fastify, Express, Hono) only converts its request and
 * response objects.
 */
import {
  caseCommandCodecs,
  caseEntity,
  caseStreamId,
  type CityCalendar,
  EntityId,
  calendarOf,
  IsoDateTime,
  serviceCommandCodecs,
  serviceEntity,
  serviceStreamId,
} from '@servicelife/domain'
import {
  allProjectionsIn,
  catalogReport,
  channelMixReport,
  type CheckpointStore,
  classificationReport,
  complianceReport,
  criticalReadinessReport,
  InMemoryCheckpointStore,
  type Projection,
  ProjectionRunner,
  projectAsOf,
  reviewAgendaReport,
  satisfactionReport,
} from '@servicelife/projections'
import {
  commandHandler,
  type CommandHandler,
  type EventStore,
  type RecordedEvent,
  readRecorded,
  type RetryPolicy,
} from '@servicelife/store'
import { createHash } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import { v7 } from 'uuid'
import { etagOf, matchesNoneMatch, parseIfMatch, revisionTag } from '../core/etag.js'
import { type HttpRequest, type HttpResponse, jsonResponse } from '../core/http-message.js'
import {
  acceptsRequests,
  decodeRequestsQuery,
  type Locale,
  type Open311Error,
  open311RequestById,
  open311Requests,
  open311Services,
} from '../core/open311.js'
import {
  commandsOfPostedRequest,
  decodePostedFields,
  postedApiKey,
  postedFields,
} from '../core/open311-post.js'
import { type Open311State, open311View } from '../core/open311-view.js'
import { openApiDocument } from '../core/openapi.js'
import { problem, problemOfRefusal, problemResponse } from '../core/problem.js'
import { type ReportName, reportNames } from '../core/report-names.js'
import { eventFeed } from './event-feed.js'

/** The scope a caller needs to read personal fields (`GET /cases/{id}/events`). */
export const PERSONAL_DATA_SCOPE = 'servicelife:personal-data'

/** What the city's access hook is asked: which operation, and the scope it needs if any. */
export interface AccessRequest {
  readonly operation: string
  readonly scope?: string
}

export type AccessDecision =
  { readonly allow: true } | { readonly allow: false; readonly status: 401 | 403; readonly detail: string }

/**
 * Authentication and authorisation are the city's: given the request (its headers carry whatever
 * the city uses), allow it or refuse it. Without a hook every operation is allowed except those
 * that need a scope.
 */
export type Authorize = (
  request: HttpRequest,
  access: AccessRequest,
) => AccessDecision | Promise<AccessDecision>

export interface ApiOptions {
  readonly store: EventStore
  /** Where the projections keep their checkpoints (default in memory: rebuilt at start). */
  readonly checkpoints?: CheckpointStore
  readonly calendar?: CityCalendar
  readonly authorize?: Authorize
  /** Open311: the api keys `POST requests.json` accepts (none: posting is refused). */
  readonly open311?: { readonly apiKeys: ReadonlyArray<string> }
  /** The clock (epoch ms): commands' business time is checked against it; Open311 posts are stamped with it. */
  readonly now?: () => number
  /** How a command that lost a race with another writer is tried again (the command handler's policy). */
  readonly retry?: Partial<RetryPolicy>
  /** New ids for cases and contacts posted through Open311 (default uuid v7). */
  readonly newId?: () => string
  /**
   * Whether an accepted command is answered only once the reports include it (default true), so
   * that a client reads its own write without passing `minPosition`. Waits at most `catchUpWaitMs`.
   */
  readonly readYourWrites?: boolean
  /** How long `minPosition` (and `readYourWrites`) waits for the projections (default 5 s). */
  readonly catchUpWaitMs?: number
  /** How often the event feed sends a keep-alive comment (default 15 s). */
  readonly heartbeatMs?: number
  /** The largest body read (default 64 KiB). */
  readonly maxBodyBytes?: number
}

export interface ServicelifeApi {
  readonly handle: (request: HttpRequest) => Promise<HttpResponse>
  /** Resolves when the reads include every event up to `position` (default: the store's head). */
  readonly caughtUp: (position?: number) => Promise<void>
  readonly maxBodyBytes: number
  /** Stops the projections (saving their checkpoints). The store stays open: it is the caller's. */
  readonly close: () => Promise<void>
}

type Route = (request: HttpRequest, params: ReadonlyArray<string>) => Promise<HttpResponse>

const open311Errors = (error: Open311Error): HttpResponse => jsonResponse(error.code, [error])

const NOT_MODIFIED = (etag: string): HttpResponse => ({ status: 304, headers: { etag } })

const idempotencyKey = (header: string | undefined): string | undefined => {
  if (header === undefined) return undefined
  // RFC draft-ietf-httpapi-idempotency-key-header: a structured-field string, quoted.
  const value = header.trim()
  return /^".*"$/.test(value) ? value.slice(1, -1) : value
}

const Position = (text: string | null): E.Either<string, number | undefined> => {
  if (text === null) return E.right(undefined)
  return /^(-1|0|[1-9]\d{0,15})$/.test(text) ? E.right(Number(text)) : E.left(text)
}

/** Opens the API: starts the projections' runner over the store and returns the request handler. */
export const openServicelifeApi = async (options: ApiOptions): Promise<ServicelifeApi> => {
  const { store } = options
  const calendar = options.calendar ?? calendarOf('Europe/Helsinki')
  const now = options.now ?? Date.now
  const newId = options.newId ?? v7
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024
  const authorize: Authorize =
    options.authorize ??
    ((_, access) =>
      access.scope === undefined
        ? { allow: true }
        : { allow: false, status: 403, detail: `needs the scope ${access.scope}` })
  const apiKeys = new Set(options.open311?.apiKeys ?? [])
  const readYourWrites = options.readYourWrites ?? true
  const handlerOptions = { now, calendar, ...(options.retry === undefined ? {} : { retry: options.retry }) }
  const handlers: Record<'services' | 'cases', CommandHandler<unknown>> = {
    services: commandHandler(store, serviceEntity, handlerOptions) as CommandHandler<unknown>,
    cases: commandHandler(store, caseEntity, handlerOptions) as CommandHandler<unknown>,
  }
  const projections = allProjectionsIn(calendar)
  const runner = new ProjectionRunner({
    store,
    projections: [...Object.values(projections), open311View],
    checkpoints: options.checkpoints ?? new InMemoryCheckpointStore(),
    onInvalidEvent: 'skip',
  })
  await runner.start()

  const caughtUp = async (position?: number) => runner.caughtUpTo(position ?? (await store.headPosition()))

  /** Waits for `minPosition`, at most `catchUpWaitMs`: false when the projections did not get there. */
  const reached = async (position: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), options.catchUpWaitMs ?? 5000)
    })
    const done = await Promise.race([runner.caughtUpTo(position).then(() => true as const), timeout])
    clearTimeout(timer)
    return done
  }

  const allowed = async (request: HttpRequest, access: AccessRequest): Promise<HttpResponse | undefined> => {
    const decision = await authorize(request, access)
    return decision.allow
      ? undefined
      : problemResponse(problem(decision.status, 'access-refused', decision.detail))
  }

  // ---- commands ----------------------------------------------------------------------------
  const command =
    (kind: 'services' | 'cases'): Route =>
    async (request, [type]) => {
      const codecs: Readonly<Record<string, unknown>> =
        kind === 'services' ? serviceCommandCodecs : caseCommandCodecs
      if (!Object.hasOwn(codecs, type!))
        return problemResponse(problem(404, 'unknown-command', `no ${kind} command is called ${type}`))
      const refused = await allowed(request, { operation: `${kind}.${type}` })
      if (refused) return refused
      const commandId = idempotencyKey(request.headers['idempotency-key'])
      if (commandId === undefined || commandId === '')
        return problemResponse(
          problem(
            400,
            'idempotency-key-required',
            'a command needs an Idempotency-Key header: its command id',
          ),
        )
      const ifMatch = parseIfMatch(request.headers['if-match'])
      if (ifMatch.kind === 'invalid')
        return problemResponse(
          problem(
            400,
            'if-match-invalid',
            'If-Match must be one strong tag: the stream revision, quoted ("3")',
          ),
        )
      const contentType = request.headers['content-type']
      if (contentType !== undefined && !/^application\/([a-z.+-]*\+)?json\b/.test(contentType))
        return problemResponse(problem(415, 'unsupported-media-type', 'a command body is application/json'))
      let data: unknown
      try {
        data = JSON.parse(request.body ?? '')
      } catch {
        return problemResponse(problem(400, 'body-not-json', 'the body is not JSON'))
      }
      const correlationId = request.headers['x-correlation-id']
      const handled = await handlers[kind].handle(
        { type, data },
        {
          commandId,
          ...(correlationId === undefined ? {} : { correlationId }),
          ...(ifMatch.kind === 'revision' ? { expectedRevision: ifMatch.revision } : {}),
        },
      )
      if (E.isLeft(handled)) return problemResponse(problemOfRefusal(handled.left))
      const { streamId, nextExpectedRevision, duplicate, events } = handled.right
      const entityId = streamId.slice(streamId.indexOf('-') + 1)
      const last = events[events.length - 1]
      if (readYourWrites && last !== undefined) await reached(last.position)
      return jsonResponse(
        duplicate ? 200 : 201,
        {
          streamId,
          revision: nextExpectedRevision ?? -1,
          ...(last === undefined ? {} : { position: last.position }),
          events: events.map((e) => ({ type: e.type, revision: e.revision, position: e.position })),
        },
        {
          etag: revisionTag(nextExpectedRevision),
          location: `/${kind}/${encodeURIComponent(entityId)}`,
          ...(duplicate ? { 'idempotent-replayed': 'true' } : {}),
        },
      )
    }

  // ---- streams -----------------------------------------------------------------------------
  const streamOf = (kind: 'services' | 'cases', id: string) =>
    kind === 'services' ? serviceStreamId(id) : caseStreamId(id)

  const stream =
    (kind: 'services' | 'cases', withData: boolean): Route =>
    async (request, [id]) => {
      const refused = await allowed(request, {
        operation: withData ? `${kind}.events` : `${kind}.stream`,
        ...(withData ? { scope: PERSONAL_DATA_SCOPE } : {}),
      })
      if (refused) return refused
      if (!EntityId.is(id)) return problemResponse(problem(400, 'bad-id', 'not an entity id'))
      const streamId = streamOf(kind, id)
      const revision = await store.streamRevision(streamId)
      if (revision === undefined)
        return problemResponse(problem(404, 'no-such-stream', `no stream ${streamId}`))
      const etag = revisionTag(revision)
      if (matchesNoneMatch(request.headers['if-none-match'], etag)) return NOT_MODIFIED(etag)
      const events = await store.readStream(streamId)
      const shown = events.map((e) => {
        const meta = {
          type: e.type,
          revision: e.revision,
          position: e.position,
          recordedAt: e.metadata.recordedAt,
        }
        if (!withData) return meta
        const read = readRecorded(e)
        return {
          ...meta,
          data: E.isRight(read) ? read.right.map((r) => r.data) : { unreadable: read.left.message },
        }
      })
      return jsonResponse(
        200,
        withData ? shown : { streamId, revision: events.at(-1)?.revision ?? revision, events: shown },
        {
          etag: revisionTag(events.at(-1)?.revision ?? revision),
        },
      )
    }

  // ---- reports -----------------------------------------------------------------------------
  /** Each report: the projection it reads and how its body is rendered from that state. */
  interface Report<S> {
    readonly projection: Projection<S>
    readonly render: (state: S, at: { readonly readAt?: string }) => unknown
  }
  const report = <S>(projection: Projection<S>, render: Report<S>['render']) =>
    ({ projection, render }) as unknown as Report<unknown>
  const reports: Record<ReportName, Report<unknown>> = {
    catalog: report(projections.serviceCatalog, (state) => catalogReport(state)),
    compliance: report(projections.promiseCompliance, complianceReport),
    satisfaction: report(projections.satisfaction, satisfactionReport),
    'channel-mix': report(projections.channelMix, channelMixReport),
    'review-agenda': report(projections.reviewAgenda, reviewAgendaReport),
    'critical-readiness': report(projections.criticalReadiness, criticalReadinessReport),
    classification: report(projections.classificationSummary, (state) => classificationReport(state)),
  }
  /** Bodies already rendered, by report, query and position: a repeated read is a lookup. */
  const rendered = new Map<string, unknown>()
  const remember = (key: string, body: unknown) => {
    if (rendered.size >= 64) rendered.delete(rendered.keys().next().value!)
    rendered.set(key, body)
  }

  /** The record read as today's model reads it, up to a position. */
  async function* decodedUpTo(position: number): AsyncGenerator<RecordedEvent> {
    for await (const event of store.readAll()) {
      if (event.position > position) return
      const read = readRecorded(event)
      if (E.isRight(read)) yield* read.right
    }
  }

  const reportRoute: Route = async (request, [name]) => {
    if (!(reportNames as ReadonlyArray<string>).includes(name!))
      return problemResponse(problem(404, 'unknown-report', `no report is called ${name}`))
    const reportName = name as ReportName
    const refused = await allowed(request, { operation: `reports.${reportName}` })
    if (refused) return refused
    const readAt = request.query.get('readAt') ?? undefined
    if (readAt !== undefined && !IsoDateTime.is(readAt))
      return problemResponse(problem(400, 'bad-query', 'readAt: an ISO-8601 date-time with an offset'))
    const asOf = Position(request.query.get('position'))
    const minPosition = Position(request.query.get('minPosition'))
    if (E.isLeft(asOf) || E.isLeft(minPosition))
      return problemResponse(
        problem(400, 'bad-query', 'position and minPosition: a global position (an integer >= -1)'),
      )
    if (minPosition.right !== undefined && !(await reached(minPosition.right)))
      return problemResponse(
        problem(503, 'not-caught-up', `the projections did not reach position ${minPosition.right} in time`),
        { 'retry-after': '1' },
      )
    const { projection, render } = reports[reportName]
    // A projection stopped on an error would serve a state that no longer moves: say so instead.
    if (asOf.right === undefined && runner.hasFailed(projection.name))
      return problemResponse(
        problem(503, 'projection-failed', `the ${reportName} report's projection stopped on an error`),
      )
    const live = runner.position(projection.name)
    const position = asOf.right === undefined ? live : Math.min(asOf.right, await store.headPosition())
    const etag = etagOf(position)
    if (matchesNoneMatch(request.headers['if-none-match'], etag)) return NOT_MODIFIED(etag)
    const key = `${reportName}@${position}@${readAt ?? ''}`
    let body = rendered.get(key)
    if (body === undefined) {
      const state =
        asOf.right === undefined
          ? runner.state(projection)
          : await projectAsOf(projection, decodedUpTo(position), { position })
      body = render(state, readAt === undefined ? {} : { readAt })
      remember(key, body)
    }
    return jsonResponse(200, body, { etag, 'cache-control': 'no-cache' })
  }

  // ---- events, openapi ---------------------------------------------------------------------
  const events: Route = async (request) => {
    const refused = await allowed(request, { operation: 'events' })
    if (refused) return refused
    const resume = Position(request.headers['last-event-id'] ?? null)
    const after = Position(request.query.get('after'))
    if (E.isLeft(resume) || E.isLeft(after))
      return problemResponse(
        problem(400, 'bad-query', 'after and Last-Event-ID: a global position (an integer >= -1)'),
      )
    const from = resume.right ?? after.right ?? (await store.headPosition())
    return {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      events: eventFeed(store, from, options.heartbeatMs ?? 15_000),
    }
  }
  const document = openApiDocument()
  const openapi: Route = async () => jsonResponse(200, document)

  // ---- Open311 -----------------------------------------------------------------------------
  const open311State = (): Open311State => runner.state(open311View)
  const localeOf = (request: HttpRequest): Locale => {
    const locale = request.query.get('locale')
    return locale === 'sv' || locale === 'en' ? locale : 'fi'
  }
  const services311: Route = async (request) => {
    const refused = await allowed(request, { operation: 'open311.services' })
    if (refused) return refused
    return jsonResponse(200, open311Services(open311State(), localeOf(request)))
  }
  const definition311: Route = async (request, [code]) => {
    const refused = await allowed(request, { operation: 'open311.service' })
    if (refused) return refused
    const service = open311State().services.get(code!)
    if (!acceptsRequests(service)) return open311Errors({ code: 404, description: 'no such service' })
    return jsonResponse(200, { service_code: service.serviceId, attributes: [] })
  }
  const requests311: Route = async (request) => {
    const refused = await allowed(request, { operation: 'open311.requests' })
    if (refused) return refused
    const query = decodeRequestsQuery(request.query, now())
    if (E.isLeft(query)) return open311Errors(query.left)
    return jsonResponse(200, open311Requests(open311State(), query.right))
  }
  const request311: Route = async (request, [id]) => {
    const refused = await allowed(request, { operation: 'open311.request' })
    if (refused) return refused
    const found = open311RequestById(open311State(), id!, {
      extensions: request.query.get('extensions') === 'true',
      locale: localeOf(request),
    })
    return found === undefined
      ? open311Errors({ code: 404, description: 'no such request' })
      : jsonResponse(200, [found])
  }
  const post311: Route = async (request) => {
    const refused = await allowed(request, { operation: 'open311.post' })
    if (refused) return refused
    // The key first: an unknown or missing one is 403 even when the rest of the form is also wrong.
    const fields = postedFields(request.body ?? '', request.headers['content-type'])
    if (E.isLeft(fields)) return open311Errors(fields.left)
    const apiKey = postedApiKey(fields.right)
    if (apiKey === undefined || !apiKeys.has(apiKey))
      return open311Errors({ code: 403, description: 'api_key not valid' })
    const posted = decodePostedFields(fields.right)
    if (E.isLeft(posted)) return open311Errors(posted.left)
    const service = open311State().services.get(posted.right.service_code)
    if (!acceptsRequests(service))
      return open311Errors({
        code: 400,
        description: `service_code ${posted.right.service_code} takes no requests`,
      })
    // With an Idempotency-Key the ids follow from it, so that a retried post finds its own case.
    const key = idempotencyKey(request.headers['idempotency-key'])
    const keyed = key === undefined || key === '' ? undefined : createHash('sha256').update(key).digest('hex')
    const caseId = keyed === undefined ? newId() : `r-${keyed.slice(0, 32)}`
    const contactId = keyed === undefined ? newId() : `c-${keyed.slice(0, 32)}`
    const ids = { caseId, contactId, at: new Date(now()).toISOString() }
    const commandId = `open311:${caseId}`
    let lastPosition = -1
    for (const [n, commandOf] of commandsOfPostedRequest(posted.right, ids).entries()) {
      const handled = await handlers.cases.handle(commandOf, {
        commandId: `${commandId}:${n}`,
        correlationId: commandId,
      })
      if (E.isLeft(handled)) {
        const refusal = problemOfRefusal(handled.left)
        return open311Errors({
          code: refusal.status >= 500 ? refusal.status : 400,
          description: refusal.detail,
        })
      }
      lastPosition = handled.right.events.at(-1)?.position ?? lastPosition
    }
    if (readYourWrites) await reached(lastPosition)
    return jsonResponse(201, [
      {
        service_request_id: caseId,
        ...(service.notice === undefined ? {} : { service_notice: service.notice }),
      },
    ])
  }

  const routes: ReadonlyArray<readonly [string, RegExp, Route]> = [
    ['POST', /^\/services\/commands\/([^/]+)$/, command('services')],
    ['POST', /^\/cases\/commands\/([^/]+)$/, command('cases')],
    ['GET', /^\/services\/([^/]+)$/, stream('services', false)],
    ['GET', /^\/cases\/([^/]+)$/, stream('cases', false)],
    ['GET', /^\/cases\/([^/]+)\/events$/, stream('cases', true)],
    ['GET', /^\/reports\/([^/]+)$/, reportRoute],
    ['GET', /^\/events$/, events],
    ['GET', /^\/openapi\.json$/, openapi],
    ['GET', /^\/open311\/v2\/services\.json$/, services311],
    ['GET', /^\/open311\/v2\/services\/([^/]+)\.json$/, definition311],
    ['GET', /^\/open311\/v2\/requests\.json$/, requests311],
    ['POST', /^\/open311\/v2\/requests\.json$/, post311],
    ['GET', /^\/open311\/v2\/requests\/([^/]+)\.json$/, request311],
  ]

  const handle = async (request: HttpRequest): Promise<HttpResponse> => {
    let pathMatched = false
    for (const [method, pattern, route] of routes) {
      const match = pattern.exec(request.path)
      if (match === null) continue
      pathMatched = true
      if (method !== request.method && !(method === 'GET' && request.method === 'HEAD')) continue
      let params: string[]
      try {
        params = match.slice(1).map(decodeURIComponent)
      } catch {
        return problemResponse(problem(400, 'bad-path', 'the path is not valid percent-encoding'))
      }
      return route(request, params)
    }
    return pathMatched
      ? problemResponse(problem(405, 'method-not-allowed', `${request.method} is not allowed here`))
      : problemResponse(problem(404, 'not-found', 'no such resource'))
  }

  return { handle, caughtUp, maxBodyBytes, close: () => runner.stop() }
}

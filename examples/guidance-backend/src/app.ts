/**
 * A small guidance backend on servicelife: services and cases take commands over HTTP, and the
 * city's reports are read from projections kept current by the runner. Plain `node:http`, so
 * that the same code runs under any framework's request handler.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { caseEntity, isDecodeError, isDomainError, IsoDateTime, serviceEntity } from '@servicelife/domain'
import {
  allProjections,
  catalogReport,
  complianceReport,
  type CheckpointStore,
  ProjectionRunner,
} from '@servicelife/projections'
import { commandHandler, type EventStore, type HandleError } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

/** The HTTP status of a refused command: the client's fault (400), the rules' (409), or try again (503). */
export const statusOf = (error: HandleError): number => {
  if (isDecodeError(error) || error.code === 'business-time-in-future') return 400
  if (isDomainError(error)) return 409
  if (error.code === 'concurrency-retries-exhausted') return 503
  return 500
}

const MAX_BODY = 64 * 1024

const readBody = async (request: IncomingMessage): Promise<E.Either<string, unknown>> => {
  let text = ''
  for await (const chunk of request) {
    text += String(chunk)
    if (text.length > MAX_BODY) return E.left(`a body over ${MAX_BODY} bytes`)
  }
  try {
    return E.right(JSON.parse(text) as unknown)
  } catch {
    return E.left('a body that is not JSON')
  }
}

const send = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

export interface Backend {
  readonly server: Server
  /** Waits until the reports include everything accepted so far. */
  readonly caughtUp: () => Promise<void>
  readonly close: () => Promise<void>
}

export const guidanceBackend = async (store: EventStore, checkpoints: CheckpointStore): Promise<Backend> => {
  const handlers = {
    services: commandHandler(store, serviceEntity),
    cases: commandHandler(store, caseEntity),
  }
  const runner = new ProjectionRunner({
    store,
    projections: [allProjections.serviceCatalog, allProjections.promiseCompliance],
    checkpoints,
    onError: (failure) => console.error(`projection: ${failure.message}`),
  })
  await runner.start()
  const caughtUp = async () => runner.caughtUpTo(await store.headPosition())

  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => {
      console.error(error)
      send(response, 500, { code: 'internal-error' })
    })
  })
  const route = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const kind = /^\/(services|cases)\/commands$/.exec(url.pathname)?.[1] as 'services' | 'cases' | undefined
    if (request.method === 'POST' && kind !== undefined) {
      const commandId = request.headers['idempotency-key']
      if (typeof commandId !== 'string' || commandId === '')
        return send(response, 400, { code: 'idempotency-key-required' })
      const body = await readBody(request)
      if (E.isLeft(body)) return send(response, 400, { code: 'bad-body', message: body.left })
      const handled = await handlers[kind].handle(body.right, { commandId })
      if (E.isLeft(handled)) return send(response, statusOf(handled.left), handled.left)
      const { streamId, nextExpectedRevision, duplicate, events } = handled.right
      return send(response, duplicate ? 200 : 201, {
        streamId,
        revision: nextExpectedRevision,
        events: events.map((e) => e.type),
      })
    }
    if (request.method === 'GET' && url.pathname === '/reports/catalog') {
      await caughtUp()
      return send(response, 200, catalogReport(runner.state(allProjections.serviceCatalog)))
    }
    if (request.method === 'GET' && url.pathname === '/reports/compliance') {
      await caughtUp()
      const readAt = url.searchParams.get('readAt')
      // A query parameter is input like a body: decoded before it is used.
      const decoded = readAt === null ? E.right(undefined) : IsoDateTime.decode(readAt)
      if (E.isLeft(decoded)) return send(response, 400, { code: 'bad-read-at', message: `readAt: ${readAt}` })
      const state = runner.state(allProjections.promiseCompliance)
      return send(
        response,
        200,
        complianceReport(state, decoded.right === undefined ? {} : { readAt: decoded.right }),
      )
    }
    send(response, 404, { code: 'not-found' })
  }

  return {
    server,
    caughtUp,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await runner.stop()
    },
  }
}

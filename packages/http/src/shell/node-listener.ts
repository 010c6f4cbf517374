/**
 * The API as a `node:http` request listener. Express mounts the same function
 * (`app.use(nodeListener(api))`), since an Express request is a node request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { bodyText, type HttpRequest, type HttpResponse } from '../core/http-message.js'
import { problem, problemResponse } from '../core/problem.js'
import type { ServicelifeApi } from './servicelife-api.js'

type Body = { readonly ok: true; readonly text: string } | { readonly ok: false }

const readBody = async (request: IncomingMessage, limit: number): Promise<Body> => {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) return { ok: false }
    chunks.push(chunk)
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') }
}

/** A node request as the API's plain request. */
export const httpRequestOf = (request: IncomingMessage, body: string | undefined): HttpRequest => {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(request.headers))
    headers[name] = Array.isArray(value) ? value.join(', ') : value
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers,
    ...(body === undefined ? {} : { body }),
  }
}

/** Writes the API's response, streaming server-sent events until the client goes away. */
export const writeResponse = async (
  response: ServerResponse,
  reply: HttpResponse,
  head = false,
): Promise<void> => {
  if (reply.events === undefined) {
    const text = head ? undefined : bodyText(reply)
    response.writeHead(reply.status, reply.headers).end(text)
    return
  }
  const feed = reply.events
  response.writeHead(reply.status, reply.headers)
  response.flushHeaders()
  const stop = () => void feed.return?.()
  response.once('close', stop)
  try {
    for await (const chunk of feed)
      if (!response.write(chunk))
        // A client that stops reading and then goes away sends no drain: wait for either.
        await new Promise((resolve) => {
          response.once('drain', resolve)
          response.once('close', resolve)
        })
  } finally {
    response.off('close', stop)
    response.end()
  }
}

export const nodeListener =
  (api: ServicelifeApi) =>
  (request: IncomingMessage, response: ServerResponse): void => {
    void (async () => {
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
      const body = hasBody ? await readBody(request, api.maxBodyBytes) : undefined
      if (body !== undefined && !body.ok) {
        await writeResponse(
          response.setHeader('connection', 'close'),
          problemResponse(problem(413, 'body-too-large', `a body over ${api.maxBodyBytes} bytes`)),
        )
        return
      }
      const reply = await api.handle(httpRequestOf(request, body?.text))
      await writeResponse(response, reply, request.method === 'HEAD')
    })().catch((error: unknown) => {
      // A bug, not a refusal: logged for the operator, a bare 500 for the client.
      console.error(error)
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/problem+json' })
      response.end(JSON.stringify(problem(500, 'internal-error', 'the server failed')))
    })
  }

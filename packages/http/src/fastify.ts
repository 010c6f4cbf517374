/**
 * The API as a Fastify plugin: Fastify routes every method and path under its prefix to the
 * API, with bodies read as text (the API decodes them itself, so a bad body is a problem, not a
 * Fastify error).
 *
 * ```ts
 * const app = Fastify()
 * await app.register(servicelifeFastify, { api })
 * ```
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { bodyText, type HttpRequest } from './core/http-message.js'
import type { ServicelifeApi } from './shell/servicelife-api.js'

export type { HttpRequest, HttpResponse } from './core/http-message.js'
export type { ServicelifeApi } from './shell/servicelife-api.js'

export interface ServicelifeFastifyOptions {
  readonly api: ServicelifeApi
}

export const servicelifeFastify: FastifyPluginAsync<ServicelifeFastifyOptions> = async (
  app: FastifyInstance,
  { api },
) => {
  // Every body as text: the API decides what it means. Registered inside this plugin's scope only.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: api.maxBodyBytes }, (_request, body, done) =>
    done(null, body),
  )
  app.all('/*', async (request, reply) => {
    const url = new URL(request.url, 'http://localhost')
    const headers: Record<string, string | undefined> = {}
    for (const [name, value] of Object.entries(request.headers))
      headers[name] = Array.isArray(value) ? value.join(', ') : value
    const plain: HttpRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      ...(typeof request.body === 'string' ? { body: request.body } : {}),
    }
    const response = await api.handle(plain)
    if (response.events !== undefined) {
      const feed = response.events
      reply.hijack()
      reply.raw.writeHead(response.status, response.headers)
      reply.raw.flushHeaders()
      const stop = () => void feed.return?.()
      reply.raw.once('close', stop)
      for await (const chunk of feed) reply.raw.write(chunk)
      reply.raw.off('close', stop)
      reply.raw.end()
      return reply
    }
    return reply
      .code(response.status)
      .headers(response.headers)
      .send(request.method === 'HEAD' ? undefined : bodyText(response))
  })
}

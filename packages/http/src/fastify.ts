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
import { bodyText } from './core/http-message.js'
import { httpRequestOf, writeResponse } from './shell/node-listener.js'
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
    const response = await api.handle(
      httpRequestOf(request.raw, typeof request.body === 'string' ? request.body : undefined),
    )
    if (response.events !== undefined) {
      // The feed outlives Fastify's reply: written on the raw response until the client goes away.
      reply.hijack()
      await writeResponse(reply.raw, response)
      return reply
    }
    return reply
      .code(response.status)
      .headers(response.headers)
      .send(request.method === 'HEAD' ? undefined : bodyText(response))
  })
}

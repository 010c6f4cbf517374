/** Test helpers: the API served on a free port of localhost, and reading its event feed. */
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { nodeListener, type ServicelifeApi } from '@servicelife/http'
import Fastify from 'fastify'
import { servicelifeFastify } from '@servicelife/http/fastify'

export interface Served {
  readonly base: string
  readonly close: () => Promise<void>
}

export const serveNode = async (api: ServicelifeApi): Promise<Served> => {
  const server = createServer(nodeListener(api))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export const serveFastify = async (api: ServicelifeApi): Promise<Served> => {
  const app = Fastify()
  await app.register(servicelifeFastify, { api })
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  return { base: address, close: () => app.close() }
}

export interface SseMessage {
  readonly id?: string
  readonly event?: string
  readonly data?: string
}

/** Reads server-sent events until `count` messages with data have come, then disconnects. */
export const readEvents = async (url: string, count: number, headers: Record<string, string> = {}) => {
  const controller = new AbortController()
  const response = await fetch(url, { headers, signal: controller.signal })
  const messages: SseMessage[] = []
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  while (messages.length < count) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += value
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const fields = Object.fromEntries(
        block
          .split('\n')
          .filter((line) => !line.startsWith(':') && line.includes(': '))
          .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
      ) as SseMessage
      if (fields.data !== undefined) messages.push(fields)
    }
  }
  controller.abort()
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    messages: messages.slice(0, count),
  }
}

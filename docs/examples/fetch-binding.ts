/**
 * The API behind the web-standard `fetch` signature, `(Request) => Promise<Response>`: what Hono,
 * Deno, Bun and edge runtimes serve. In Hono: `app.all('*', (c) => handler(c.req.raw))`.
 */
import { bodyText, type HttpRequest, type ServicelifeApi } from '@servicelife/http'

export const fetchHandler =
  (api: ServicelifeApi) =>
  async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const headers: Record<string, string> = {}
    request.headers.forEach((value, name) => (headers[name] = value))
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text()
    const plain: HttpRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      ...(body === undefined ? {} : { body }),
    }
    const response = await api.handle(plain)
    const events = response.events
    if (events !== undefined) {
      const stream = new ReadableStream<string>({
        async pull(controller) {
          const next = await events.next()
          if (next.done === true) controller.close()
          else controller.enqueue(next.value)
        },
        cancel: () => void events.return?.(),
      })
      return new Response(stream.pipeThrough(new TextEncoderStream()), {
        status: response.status,
        headers: response.headers,
      })
    }
    return new Response(bodyText(response) ?? null, { status: response.status, headers: response.headers })
  }

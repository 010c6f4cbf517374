/**
 * A request and a response as plain values: what every binding (node:http, Fastify, Express, Hono)
 * turns its own objects into and out of. The API itself never sees a framework.
 */

export interface HttpRequest {
  readonly method: string
  /** The path without the query, as sent (`/cases/commands/OpenCase`). */
  readonly path: string
  readonly query: URLSearchParams
  /** Header names in lower case; a repeated header joined with `, `. */
  readonly headers: Readonly<Record<string, string | undefined>>
  /** The body as text, undecoded: decoding is the API's, so a bad body is a problem, not a crash. */
  readonly body?: string
}

export interface HttpResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  /** A JSON value, written with `JSON.stringify`. */
  readonly json?: unknown
  /**
   * Server-sent events: chunks of `text/event-stream`, written as they come. The binding calls
   * `return()` when the client goes away, which ends the subscription behind it.
   */
  readonly events?: AsyncIterableIterator<string>
}

export const jsonResponse = (
  status: number,
  json: unknown,
  headers: Readonly<Record<string, string>> = {},
): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  json,
})

/** A response body as the bytes a binding writes. */
export const bodyText = (response: HttpResponse): string | undefined =>
  response.json === undefined ? undefined : JSON.stringify(response.json)

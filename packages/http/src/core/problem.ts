/**
 * Refusals as RFC 9457 problem details (`application/problem+json`): the status says whose fault
 * it is, `code` names the broken rule, and a domain refusal carries the entity and the strategy's
 * principle or promise behind the rule.
 */
import { isDecodeError, isDomainError } from '@servicelife/domain'
import type { HandleError } from '@servicelife/store'
import type { HttpResponse } from './http-message.js'

export interface Problem {
  /** A URI naming the kind of problem: `urn:servicelife:problem:<code>`. */
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail: string
  /** The rule or check that refused: a domain rule code, `decode-error`, `wrong-expected-revision`... */
  readonly code: string
  readonly entity?: { readonly kind: 'service' | 'case'; readonly id: string }
  readonly principle?: number
  readonly promise?: number
  /** What did not decode, one line each (decode errors only). */
  readonly problems?: ReadonlyArray<string>
  readonly streamId?: string
  readonly expected?: number | 'no-stream' | 'any' | 'exists'
  readonly actual?: number | 'no-stream'
}

const titles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export const problem = (
  status: number,
  code: string,
  detail: string,
  extra: Partial<Omit<Problem, 'type' | 'title' | 'status' | 'code' | 'detail'>> = {},
): Problem => ({
  type: `urn:servicelife:problem:${code}`,
  title: titles[status] ?? 'Error',
  status,
  detail,
  code,
  ...extra,
})

/**
 * The problem of a refused command:
 * - 400: the request itself is wrong (does not decode, or its business time lies in the future);
 * - 409: a rule of the domain refuses it in the stream's present state;
 * - 412: `If-Match` named a revision the stream has moved past (RFC 9110 §13.1.1);
 * - 503: the stream kept changing under it, try again;
 * - 500: the record could not be read back (a damaged record, for an operator).
 */
export const problemOfRefusal = (error: HandleError): Problem => {
  if (isDecodeError(error)) return problem(400, error.code, error.message, { problems: error.problems })
  if (isDomainError(error))
    return problem(409, error.code, error.message, {
      entity: error.entity,
      ...(error.principle === undefined ? {} : { principle: error.principle }),
      ...(error.promise === undefined ? {} : { promise: error.promise }),
    })
  switch (error.code) {
    case 'business-time-in-future':
      return problem(400, error.code, error.message)
    case 'wrong-expected-revision':
      return problem(412, error.code, error.message, {
        streamId: error.streamId,
        expected: error.expected,
        actual: error.actual,
      })
    case 'concurrency-retries-exhausted':
      return problem(503, error.code, error.message, { streamId: error.streamId })
    case 'unreadable-history':
      return problem(500, error.code, error.message, { streamId: error.streamId })
  }
}

export const problemResponse = (
  p: Problem,
  headers: Readonly<Record<string, string>> = {},
): HttpResponse => ({
  status: p.status,
  headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  json: p,
})

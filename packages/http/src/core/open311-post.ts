/**
 * `POST requests.json`: a resident's service request as the two commands that keep the promise
 * "the matter is initiated at the first contact" (ReceiveContact, then OpenCase). The form is
 * decoded here; the ids and the time come in from the shell.
 */
import { type CaseCommand, EntityId, LanguageTag, text } from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import type { Open311Error } from './open311.js'

const Coordinate = new t.Type<number, string, unknown>(
  'a coordinate (a decimal number)',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    const n = typeof u === 'number' ? u : typeof u === 'string' && u.trim() !== '' ? Number(u) : NaN
    return Number.isFinite(n) && Math.abs(n) <= 180 ? t.success(n) : t.failure(u, c)
  },
  String,
)

/**
 * The fields a request is posted with. The location and media are accepted as the spec requires
 * and not kept: the model holds no places. `email`, `first_name`, `last_name` and `phone` are
 * accepted and never stored: servicelife keeps no names.
 */
export const PostedRequest = t.intersection([
  t.type({ api_key: t.string, service_code: EntityId }),
  t.partial({
    description: text(4000),
    title: text(500),
    lat: Coordinate,
    long: Coordinate,
    address_string: text(500),
    address_id: text(200),
    locale: LanguageTag,
    jurisdiction_id: t.string,
  }),
])
export type PostedRequest = t.TypeOf<typeof PostedRequest>

/** The posted fields, undecoded, from `application/x-www-form-urlencoded` (the spec's) or a JSON object. */
export const postedFields = (
  body: string,
  contentType: string | undefined,
): E.Either<Open311Error, unknown> => {
  if (contentType?.startsWith('application/json') !== true)
    return E.right(Object.fromEntries(new URLSearchParams(body)))
  try {
    return E.right(JSON.parse(body) as unknown)
  } catch {
    return E.left({ code: 400, description: 'a body that is not JSON' })
  }
}

/** The `api_key` among posted fields, when there is one to check. */
export const postedApiKey = (fields: unknown): string | undefined => {
  const key =
    typeof fields === 'object' && fields !== null ? (fields as { api_key?: unknown }).api_key : undefined
  return typeof key === 'string' ? key : undefined
}

/** Posted fields decoded as a request: every field well formed, and a location given. */
export const decodePostedFields = (fields: unknown): E.Either<Open311Error, PostedRequest> => {
  const decoded = PostedRequest.decode(fields)
  if (E.isLeft(decoded)) {
    const names = [...new Set(decoded.left.map((e) => e.context[e.context.length - 1]?.key).filter(Boolean))]
    return E.left({ code: 400, description: `not understood: ${names.join(', ') || 'the form'}` })
  }
  const posted = decoded.right
  const located =
    (posted.lat !== undefined && posted.long !== undefined) ||
    posted.address_string !== undefined ||
    posted.address_id !== undefined
  if (!located)
    return E.left({
      code: 400,
      description: 'a location is required: lat and long, address_string or address_id',
    })
  return E.right(posted)
}

/** The posted request, read and decoded. */
export const decodePostedRequest = (
  body: string,
  contentType: string | undefined,
): E.Either<Open311Error, PostedRequest> => E.chain(decodePostedFields)(postedFields(body, contentType))

/** The commands of a posted request: the contact received and the case opened to the service. */
export const commandsOfPostedRequest = (
  posted: PostedRequest,
  ids: { readonly caseId: string; readonly contactId: string; readonly at: string },
): readonly [CaseCommand, CaseCommand] => [
  {
    type: 'ReceiveContact',
    data: {
      caseId: ids.caseId,
      at: ids.at,
      contactId: ids.contactId,
      channel: 'web-form',
      customer: { kind: 'resident' },
      language: posted.locale ?? 'fi',
      subject: posted.description ?? posted.title ?? `a request to ${posted.service_code}`,
      serviceId: posted.service_code,
    },
  },
  {
    type: 'OpenCase',
    data: { caseId: ids.caseId, at: ids.at, serviceId: posted.service_code, onContact: ids.contactId },
  },
]

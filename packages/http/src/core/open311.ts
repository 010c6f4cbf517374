/**
 * Open311 GeoReport v2 (with the 6Aika extensions) over the Open311 view: query parameters
 * decoded, services and requests written in the spec's shape, errors in its array form.
 * Pure: the reading time comes in with the query.
 */
import { instant, IsoDate, IsoDateTime, type LocalizedText } from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import type { LogEntry, Open311Request, Open311Service, Open311State } from './open311-view.js'

/** An Open311 error: the spec's `[{ code, description }]`, with the HTTP status as the code. */
export interface Open311Error {
  readonly code: number
  readonly description: string
}

export type Locale = 'fi' | 'sv' | 'en'

export const MAX_WINDOW_DAYS = 90
export const MAX_REQUESTS = 1000
const DAY_MS = 86_400_000

export interface RequestsQuery {
  readonly ids?: ReadonlyArray<string>
  readonly serviceCodes?: ReadonlyArray<string>
  readonly statuses?: ReadonlyArray<'open' | 'closed'>
  /** Requested within [from, to] (epoch ms). */
  readonly from: number
  readonly to: number
  readonly updatedAfter?: number
  readonly updatedBefore?: number
  readonly extensions: boolean
  readonly locale: Locale
}

/** An instant as Open311 clients send it: a date-time with an offset, or a date (its start, UTC). */
const DateOrDateTime = t.union([IsoDateTime, IsoDate])
const instantOf = (text: string): number =>
  IsoDate.is(text) ? Date.parse(`${text}T00:00:00Z`) : instant(text)

const CommaList = new t.Type<ReadonlyArray<string>, string, unknown>(
  'a comma-separated list',
  (u): u is ReadonlyArray<string> => Array.isArray(u),
  (u, c) =>
    typeof u === 'string' && u.length <= 10_000
      ? t.success(
          u
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
        )
      : t.failure(u, c),
  (list) => list.join(','),
)

const RawRequestsQuery = t.partial({
  service_request_id: CommaList,
  service_code: CommaList,
  status: CommaList,
  start_date: DateOrDateTime,
  end_date: DateOrDateTime,
  updated_after: DateOrDateTime,
  updated_before: DateOrDateTime,
  extensions: t.keyof({ true: null, false: null }),
  locale: t.keyof({ fi: null, sv: null, en: null }),
})

const bad = (description: string): E.Either<Open311Error, never> => E.left({ code: 400, description })

const param = (params: URLSearchParams, name: string): string | undefined => params.get(name) ?? undefined

/**
 * The query of `GET requests.json`. Without dates, the 90 days up to `now`; a window longer than
 * 90 days is refused. `service_request_id` overrides the other filters, as the spec says.
 */
export const decodeRequestsQuery = (
  params: URLSearchParams,
  now: number,
): E.Either<Open311Error, RequestsQuery> => {
  const raw = Object.fromEntries(
    Object.keys(RawRequestsQuery.props).flatMap((name) => {
      const value = param(params, name)
      return value === undefined ? [] : [[name, value]]
    }),
  )
  const decoded = RawRequestsQuery.decode(raw)
  if (E.isLeft(decoded)) {
    const names = [...new Set(decoded.left.map((e) => e.context[1]?.key).filter((k) => k !== undefined))]
    return bad(`not understood: ${names.join(', ')}`)
  }
  const q = decoded.right
  const statuses = q.status ?? []
  if (statuses.some((s) => s !== 'open' && s !== 'closed')) return bad('status: open, closed or both')
  const start = q.start_date === undefined ? undefined : instantOf(q.start_date)
  const end = q.end_date === undefined ? undefined : instantOf(q.end_date)
  const to = end ?? (start === undefined ? now : start + MAX_WINDOW_DAYS * DAY_MS)
  const from = start ?? to - MAX_WINDOW_DAYS * DAY_MS
  if (from > to) return bad('start_date after end_date')
  if (to - from > MAX_WINDOW_DAYS * DAY_MS) return bad(`a window of more than ${MAX_WINDOW_DAYS} days`)
  return E.right({
    ...(q.service_request_id === undefined ? {} : { ids: q.service_request_id }),
    ...(q.service_code === undefined ? {} : { serviceCodes: q.service_code }),
    ...(statuses.length === 0 ? {} : { statuses: statuses as ReadonlyArray<'open' | 'closed'> }),
    from,
    to,
    ...(q.updated_after === undefined ? {} : { updatedAfter: instantOf(q.updated_after) }),
    ...(q.updated_before === undefined ? {} : { updatedBefore: instantOf(q.updated_before) }),
    extensions: q.extensions === 'true',
    locale: q.locale ?? 'fi',
  })
}

const localized = (text: LocalizedText, locale: Locale): string => text[locale] ?? text.fi

/** The services a request can be made to: those in production, a disrupted one with its notice. */
export const open311Services = (state: Open311State, locale: Locale = 'fi'): ReadonlyArray<object> =>
  [...state.services.values()]
    .filter((s) => s.lifecycle === 'in-production' || s.lifecycle === 'disrupted')
    .sort((a, b) => (a.serviceId < b.serviceId ? -1 : a.serviceId > b.serviceId ? 1 : 0))
    .map((s) => open311Service(s, locale))

export const open311Service = (s: Open311Service, locale: Locale): object => ({
  service_code: s.serviceId,
  service_name: localized(s.name, locale),
  description: s.description === undefined ? null : localized(s.description, locale),
  metadata: false,
  type: 'realtime',
  keywords: s.targetGroups.join(','),
  group: s.serviceArea,
  ...(s.notice === undefined ? {} : { service_notice: s.notice }),
})

/** A service in production or disrupted: one a request can be made to. */
export const acceptsRequests = (s: Open311Service | undefined): s is Open311Service =>
  s !== undefined && (s.lifecycle === 'in-production' || s.lifecycle === 'disrupted')

/** Only routed cases are service requests: a contact not yet given to a service has no code. */
export type RoutedRequest = Open311Request & { readonly serviceId: string }
const routed = (r: Open311Request): r is RoutedRequest => r.serviceId !== undefined

/**
 * A case as a GeoReport v2 request. `description` is the customer's own words, personal data:
 * never published. `status_notes` says how a closed case ended.
 */
export const open311Request = (
  state: Open311State,
  r: RoutedRequest,
  options: { readonly extensions: boolean; readonly locale: Locale },
): object => {
  const service = state.services.get(r.serviceId)
  const name = service === undefined ? null : localized(service.name, options.locale)
  return {
    service_request_id: r.caseId,
    status: r.closedAt === undefined ? 'open' : 'closed',
    status_notes: r.outcome === undefined ? null : `closed as ${r.outcome}`,
    service_name: name,
    service_code: r.serviceId,
    description: null,
    requested_datetime: r.requestedAt,
    updated_datetime: r.updatedAt,
    expected_datetime: r.answerDue ?? null,
    ...(options.extensions
      ? {
          title: name ?? r.serviceId,
          log: r.log.map((entry: LogEntry) => ({ time: entry.time, status: entry.status, note: entry.note })),
        }
      : {}),
  }
}

/** One request by id; undefined when there is none (or it is not routed to a service yet). */
export const open311RequestById = (
  state: Open311State,
  id: string,
  options: { readonly extensions: boolean; readonly locale: Locale },
): object | undefined => {
  const r = state.requests.get(id)
  return r === undefined || !routed(r) ? undefined : open311Request(state, r, options)
}

/** The requests a query selects, most recently requested first, at most 1000. */
export const open311Requests = (state: Open311State, query: RequestsQuery): ReadonlyArray<object> => {
  const options = { extensions: query.extensions, locale: query.locale }
  if (query.ids !== undefined)
    return query.ids.flatMap((id) => {
      const found = open311RequestById(state, id, options)
      return found === undefined ? [] : [found]
    })
  const codes = query.serviceCodes === undefined ? undefined : new Set(query.serviceCodes)
  const selected: Array<{ readonly request: RoutedRequest; readonly requested: number }> = []
  for (const r of state.requests.values()) {
    if (!routed(r)) continue
    const requested = instant(r.requestedAt)
    if (requested < query.from || requested > query.to) continue
    if (codes !== undefined && !codes.has(r.serviceId)) continue
    const status = r.closedAt === undefined ? 'open' : 'closed'
    if (query.statuses !== undefined && !query.statuses.includes(status)) continue
    const updated = instant(r.updatedAt)
    if (query.updatedAfter !== undefined && updated < query.updatedAfter) continue
    if (query.updatedBefore !== undefined && updated > query.updatedBefore) continue
    selected.push({ request: r, requested })
  }
  return selected
    .sort((a, b) => b.requested - a.requested || (a.request.caseId < b.request.caseId ? -1 : 1))
    .slice(0, MAX_REQUESTS)
    .map(({ request }) => open311Request(state, request, options))
}

/**
 * Open311 GeoReport v2 over the record: what is published of services and cases, the query
 * parameters a client may send, and a posted request as the commands of the first contact.
 */
import { fc, test } from '@fast-check/vitest'
import { personalValuesOf, withPersonalValues } from '@servicelife/domain'
import {
  commandsOfPostedRequest,
  decodePostedRequest,
  decodeRequestsQuery,
  open311Requests,
  open311Services,
  type Open311State,
  open311View,
} from '@servicelife/http'
import {
  asRecorded,
  cityHistory,
  eventOfCommand,
  type HistoryEntry,
  planAndLaunch,
  turkuServices,
} from '@servicelife/spec'
import { decodeState, encodeState, unencodable } from '@servicelife/projections'
import type { RecordedEvent } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

const fold = (events: ReadonlyArray<RecordedEvent>): Open311State =>
  events.reduce(open311View.apply, open311View.initial)

/** Every personal value in a history replaced by a marker no published field could hold by chance. */
const marked = (history: ReadonlyArray<HistoryEntry>): ReadonlyArray<HistoryEntry> => {
  let n = 0
  return history.map(({ streamId, event }) => ({
    streamId,
    event: withPersonalValues(
      Object.fromEntries(personalValuesOf(event).map(({ path }) => [path, `PERSONAL-${n++}-SECRET`])),
    )(event),
  }))
}

const wholeRecord = { from: 0, to: Number.MAX_SAFE_INTEGER, extensions: true, locale: 'fi' } as const

describe('what Open311 publishes', () => {
  test.prop([cityHistory({ services: 3, cases: 8 })], { numRuns: 30 })(
    'no personal field (subject, answer, comment, reason, names, customer reference) is ever published',
    (history) => {
      const state = fold(asRecorded(marked(history)))
      const published = JSON.stringify([open311Services(state), open311Requests(state, wholeRecord)])
      expect(published).not.toContain('SECRET')
    },
  )

  test.prop([cityHistory({ services: 3, cases: 8 })], { numRuns: 30 })(
    'every opened case is one request, closed exactly when its case is closed, with the service it is with now',
    (history) => {
      const state = fold(asRecorded(history))
      const requests = open311Requests(state, wholeRecord) as ReadonlyArray<{
        service_request_id: string
        status: string
        service_code: string
      }>
      const opened = new Map<string, string>()
      const closed = new Set<string>()
      for (const { event } of history) {
        if (event.type === 'CaseOpened') opened.set(event.data.caseId, event.data.serviceId)
        if (event.type === 'CaseReferred') opened.set(event.data.caseId, event.data.to)
        if (event.type === 'CaseClosed') closed.add(event.data.caseId)
      }
      expect(new Set(requests.map((r) => r.service_request_id))).toEqual(new Set(opened.keys()))
      for (const r of requests) {
        expect(r.status).toBe(closed.has(r.service_request_id) ? 'closed' : 'open')
        expect(r.service_code).toBe(opened.get(r.service_request_id))
      }
    },
  )

  it('only services in production take requests; a disrupted one is listed with its notice', () => {
    const { generalGuidance, youthGuidance } = turkuServices
    const events = asRecorded(
      [
        ...planAndLaunch(generalGuidance),
        ...planAndLaunch(youthGuidance),
        {
          type: 'DisruptService',
          data: {
            serviceId: youthGuidance.serviceId,
            at: '2024-01-02T08:00:00+02:00',
            reason: 'network outage',
            continuity: 'call 040 123 instead',
          },
        },
      ].map((command) => ({
        streamId: `service-${command.data.serviceId}`,
        event: {
          type: eventOfCommand[command.type as keyof typeof eventOfCommand],
          data: command.data,
        } as never,
      })),
    )
    const planned = fold(events.slice(0, 1))
    expect(open311Services(planned)).toEqual([])
    const services = open311Services(fold(events)) as ReadonlyArray<Record<string, unknown>>
    expect(services.map((s) => s.service_code)).toEqual(['general-guidance', 'youth-guidance'])
    expect(services[1]).toMatchObject({
      service_name: 'Nuorten ohjaus',
      service_notice: 'call 040 123 instead',
    })
    expect(services[0]).not.toHaveProperty('service_notice')
  })
})

describe('the query of GET requests.json', () => {
  const now = Date.parse('2025-06-30T12:00:00Z')
  const query = (params: string) => decodeRequestsQuery(new URLSearchParams(params), now)

  it('without dates, the 90 days up to now', () => {
    expect(query('')).toMatchObject({ right: { from: now - 90 * 86_400_000, to: now, extensions: false } })
  })

  it('a window of more than 90 days is refused with a 400 in the spec’s error form', () => {
    expect(query('start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z')).toEqual(
      E.left({ code: 400, description: 'a window of more than 90 days' }),
    )
    expect(E.isRight(query('start_date=2025-03-01&end_date=2025-05-29'))).toBe(true)
  })

  it('a date that is not a date, an unknown status or a start after the end is refused, naming the parameter', () => {
    expect(query('start_date=yesterday')).toEqual(
      E.left({ code: 400, description: 'not understood: start_date' }),
    )
    expect(query('status=pending')).toEqual(
      E.left({ code: 400, description: 'status: open, closed or both' }),
    )
    expect(query('start_date=2025-05-02&end_date=2025-05-01')).toEqual(
      E.left({ code: 400, description: 'start_date after end_date' }),
    )
  })

  it('lists are comma-separated, and the 6Aika parameters are read', () => {
    expect(
      query(
        'service_request_id=a,b&service_code=x&status=open,closed&updated_after=2025-06-01&extensions=true',
      ),
    ).toMatchObject({
      right: {
        ids: ['a', 'b'],
        serviceCodes: ['x'],
        statuses: ['open', 'closed'],
        updatedAfter: Date.parse('2025-06-01T00:00:00Z'),
        extensions: true,
      },
    })
  })
})

describe('POST requests.json', () => {
  const form = 'api_key=k&service_code=general-guidance&description=Katuvalo+rikki&lat=60.45&long=22.26'

  it('a form-encoded request becomes the contact received and the case opened to the service at once', () => {
    const posted = decodePostedRequest(form, 'application/x-www-form-urlencoded')
    expect(E.isRight(posted)).toBe(true)
    const [contact, open] = commandsOfPostedRequest(E.isRight(posted) ? posted.right : (undefined as never), {
      caseId: 'r-1',
      contactId: 'c-1',
      at: '2025-06-30T12:00:00.000Z',
    })
    expect(contact).toMatchObject({
      type: 'ReceiveContact',
      data: {
        caseId: 'r-1',
        contactId: 'c-1',
        channel: 'web-form',
        subject: 'Katuvalo rikki',
        serviceId: 'general-guidance',
      },
    })
    expect(open).toEqual({
      type: 'OpenCase',
      data: {
        caseId: 'r-1',
        at: '2025-06-30T12:00:00.000Z',
        serviceId: 'general-guidance',
        onContact: 'c-1',
      },
    })
  })

  it('names, email and phone are accepted as the spec allows and never reach a command', () => {
    const posted = decodePostedRequest(
      `${form}&email=a%40b.fi&first_name=Aino&last_name=K&phone=040`,
      undefined,
    )
    const commands = commandsOfPostedRequest(E.isRight(posted) ? posted.right : (undefined as never), {
      caseId: 'r-1',
      contactId: 'c-1',
      at: '2025-06-30T12:00:00.000Z',
    })
    expect(JSON.stringify(commands)).not.toMatch(/Aino|a@b\.fi|"040"/)
  })

  it('a request without a location, or with a coordinate that is not one, is refused', () => {
    expect(decodePostedRequest('api_key=k&service_code=x', undefined)).toEqual(
      E.left({
        code: 400,
        description: 'a location is required: lat and long, address_string or address_id',
      }),
    )
    expect(decodePostedRequest('api_key=k&service_code=x&lat=north&long=1', undefined)).toEqual(
      E.left({ code: 400, description: 'not understood: lat' }),
    )
    expect(decodePostedRequest('{"api_key":', 'application/json')).toEqual(
      E.left({ code: 400, description: 'a body that is not JSON' }),
    )
  })

  test.prop([fc.string({ maxLength: 300 })])(
    'any body at all is decoded or refused, never thrown on',
    (body) => {
      for (const type of [undefined, 'application/json'])
        expect(() => decodePostedRequest(body, type)).not.toThrow()
    },
  )
})

describe('the Open311 view as a checkpoint', () => {
  test.prop([cityHistory({ services: 3, cases: 8 })], { numRuns: 10 })(
    'its state is saved and read back as the same state, so that a restart resumes from its checkpoint',
    (history) => {
      const state = fold(asRecorded(history))
      expect(unencodable(state)).toBeUndefined()
      const restored = decodeState(JSON.parse(JSON.stringify(encodeState(state))))
      expect(E.isRight(restored) && JSON.stringify(encodeState(restored.right))).toBe(
        JSON.stringify(encodeState(state)),
      )
      expect(E.isRight(restored) && open311Requests(restored.right as Open311State, wholeRecord)).toEqual(
        open311Requests(state, wholeRecord),
      )
    },
  )
})

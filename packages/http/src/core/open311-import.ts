/**
 * GeoReport v2 requests read into cases: each request as the commands that would have recorded it.
 * The request's first contact opens the case at once; the 6Aika log, when the source gives one,
 * dates the opening, the answers and the closing; without it, a closed request is answered with its
 * status notes and closed at its update time. What the model cannot take is said, never dropped.
 */
import {
  type CaseCommand,
  CaseOutcome,
  ContactChannel,
  EntityId,
  IsoDateTime,
  text,
} from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'

const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null])

const LogLine = t.type({
  time: IsoDateTime,
  status: t.keyof({ received: null, allocated: null, handling: null, done: null }),
  note: t.union([t.string, t.undefined]),
})

/** A GeoReport v2 request as a source sends it (the fields the import reads; others are passed by). */
export const GeoReportRequest = t.intersection([
  t.type({
    service_request_id: EntityId,
    status: t.keyof({ open: null, closed: null }),
    service_code: EntityId,
    requested_datetime: IsoDateTime,
  }),
  t.partial({
    status_notes: nullable(t.string),
    description: nullable(t.string),
    updated_datetime: nullable(IsoDateTime),
    expected_datetime: nullable(IsoDateTime),
    log: t.readonlyArray(LogLine),
  }),
])
export type GeoReportRequest = t.TypeOf<typeof GeoReportRequest>

/** A request the model could not take, or something of it that did not come across. */
export interface ImportNote {
  readonly id: string
  readonly note: string
}

export interface ImportedRequest {
  readonly id: string
  readonly commands: ReadonlyArray<CaseCommand>
  /** The deadline the source gave, to compare with the one the service's answer promise sets. */
  readonly expected?: string
  /** What did not come across (a referral history, which needs consents the source does not give). */
  readonly losses: ReadonlyArray<string>
}

/** An item of a requests list: decoded, or the reason it cannot be (by its index in the list). */
export const decodeGeoReportRequests = (
  u: unknown,
): E.Either<string, ReadonlyArray<E.Either<ImportNote, GeoReportRequest>>> => {
  if (!Array.isArray(u)) return E.left('not a GeoReport v2 requests list (a JSON array)')
  return E.right(
    u.map((item: unknown, index) => {
      const decoded = GeoReportRequest.decode(item)
      if (E.isRight(decoded)) return decoded
      const id =
        typeof item === 'object' &&
        item !== null &&
        typeof (item as { service_request_id?: unknown }).service_request_id === 'string'
          ? (item as { service_request_id: string }).service_request_id.slice(0, 80)
          : `#${index}`
      const fields = [
        ...new Set(decoded.left.map((e) => e.context[2]?.key ?? e.context[1]?.key).filter(Boolean)),
      ]
      return E.left({ id, note: `not a GeoReport v2 request: ${fields.join(', ') || 'its shape'}` })
    }),
  )
}

const Summary = text(4000)
const outcomeOf = (notes: string | null | undefined): CaseOutcome => {
  const named = /^closed as (\S+)$/.exec(notes ?? '')?.[1]
  return named !== undefined && CaseOutcome.is(named) ? named : 'resolved'
}
const channelOf = (note: string | undefined): ContactChannel => {
  const named = /^answered by (\S+)$/.exec(note ?? '')?.[1]
  return named !== undefined && ContactChannel.is(named) ? named : 'web-form'
}

/** The commands that record a request, in order. */
export const importedRequest = (r: GeoReportRequest): ImportedRequest => {
  const caseId = r.service_request_id
  const contactId = `${caseId}-contact`
  const log = r.log ?? []
  const losses: string[] = []
  const opened = log.find(
    (line) => line.status === 'allocated' && line.note?.startsWith('opened to ') === true,
  )
  if (log.some((line) => line.note?.startsWith('referred ') === true))
    losses.push(
      'its referrals: a referral needs a consent the source does not give; opened to its present service',
    )
  const commands: CaseCommand[] = [
    {
      type: 'ReceiveContact',
      data: {
        caseId,
        at: r.requested_datetime,
        contactId,
        channel: 'web-form',
        customer: { kind: 'resident' },
        language: 'fi',
        subject: Summary.is(r.description) ? r.description : `a request to ${r.service_code}`,
        serviceId: r.service_code,
      },
    },
    {
      type: 'OpenCase',
      data: {
        caseId,
        at: opened?.time ?? r.requested_datetime,
        serviceId: r.service_code,
        onContact: contactId,
      },
    },
  ]
  const answers = log.filter((line) => line.status === 'done' && line.note?.startsWith('answered') === true)
  for (const answer of answers)
    commands.push({
      type: 'AnswerCase',
      data: {
        caseId,
        at: answer.time,
        channel: channelOf(answer.note),
        by: 'Open311 import',
        summary: 'answered in the source system',
      },
    })
  if (r.status === 'closed') {
    const closing = log.find((line) => line.status === 'done' && line.note?.startsWith('closed as ') === true)
    const at = closing?.time ?? r.updated_datetime ?? r.requested_datetime
    const outcome = outcomeOf(closing?.note ?? r.status_notes)
    if (answers.length === 0 && outcome !== 'withdrawn' && outcome !== 'duplicate')
      commands.push({
        type: 'AnswerCase',
        data: {
          caseId,
          at,
          channel: 'web-form',
          by: 'Open311 import',
          summary: Summary.is(r.status_notes) ? r.status_notes : 'closed in the source system',
        },
      })
    commands.push({ type: 'CloseCase', data: { caseId, at, outcome } })
  }
  return {
    id: caseId,
    commands,
    ...(typeof r.expected_datetime === 'string' ? { expected: r.expected_datetime } : {}),
    losses,
  }
}

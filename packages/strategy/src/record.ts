/**
 * The record as the strategy's monitors read it: one pass over a history (recorded events in
 * global order), gathered per service and per case, as of a business time.
 */
import type {
  CaseAnsweredData,
  CaseOpenedData,
  ContactReceivedData,
  FeedbackGivenData,
  ServiceChannel,
  ServiceDisruptedData,
  ServicePlannedData,
  ServiceRetiredData,
  ServiceReviewedData,
} from '@servicelife/domain'
import { type AsOf, checkedAsOf } from '@servicelife/projections'

/** What a monitor needs of an event: a RecordedEvent fits. */
export interface HistoryEvent {
  readonly streamId: string
  readonly position?: number
  readonly type: string
  readonly data: unknown
}

export interface ServiceRecord {
  readonly serviceId: string
  plan: ServicePlannedData
  lifecycle: 'planned' | 'in-production' | 'disrupted' | 'retired'
  readonly channels: Set<ServiceChannel>
  readonly reviews: HistoryEvent[]
  launched?: HistoryEvent
  disruption?: HistoryEvent
  retired?: HistoryEvent
}

export interface CaseRecord {
  readonly caseId: string
  readonly contacts: HistoryEvent[]
  readonly answers: HistoryEvent[]
  readonly feedback: HistoryEvent[]
  opened?: HistoryEvent
  closed?: HistoryEvent
}

export interface CityRecord {
  readonly services: Map<string, ServiceRecord>
  readonly cases: Map<string, CaseRecord>
  /** The instant the record is read at (epoch ms): an `asOf` time, or the latest business time taken. */
  readonly now: number
}

export const at = (e: HistoryEvent): number => Date.parse((e.data as { at: string }).at)
export const dataOf = <D>(e: HistoryEvent): D => e.data as D

const DIGITAL: ReadonlySet<ServiceChannel> = new Set(['web-page', 'e-service', 'chat', 'email'])
export const isDigital = (c: ServiceChannel): boolean => DIGITAL.has(c)

/**
 * Which events a reading as of a point takes: those at or before a business time (`{ at }`),
 * or at or before a global position (`{ position }`; an event without a position, from a history
 * not read from a store, is taken). And the instant the record is read at: the time of `{ at }`,
 * else the latest business time taken.
 */
export const readingAsOf = (
  asOf: AsOf | undefined,
): { readonly takes: (e: HistoryEvent) => boolean; readonly limit: number | undefined } => {
  if (asOf === undefined) return { takes: () => true, limit: undefined }
  const point = checkedAsOf(asOf)
  if ('at' in point) {
    const limit = Date.parse(point.at)
    return { takes: (e) => at(e) <= limit, limit }
  }
  return { takes: (e) => e.position === undefined || e.position <= point.position, limit: undefined }
}

export const readRecord = (events: Iterable<HistoryEvent>, asOf?: AsOf): CityRecord => {
  const { takes, limit } = readingAsOf(asOf)
  const services = new Map<string, ServiceRecord>()
  const cases = new Map<string, CaseRecord>()
  let latest = Number.NEGATIVE_INFINITY
  for (const e of events) {
    if (!takes(e)) continue
    const time = at(e)
    latest = Math.max(latest, time)
    const d = e.data as { serviceId?: string; caseId?: string }
    if (e.type.startsWith('Service')) {
      if (e.type === 'ServicePlanned') {
        const plan = dataOf<ServicePlannedData>(e)
        services.set(plan.serviceId, {
          serviceId: plan.serviceId,
          plan,
          lifecycle: 'planned',
          channels: new Set(),
          reviews: [],
        })
        continue
      }
      const s = services.get(d.serviceId!)
      if (s === undefined) continue
      switch (e.type) {
        case 'ServicePlanRevised':
          s.plan = { ...s.plan, ...(e.data as { changes: Partial<ServicePlannedData> }).changes }
          break
        case 'ServiceLaunched':
          s.launched = e
          s.lifecycle = 'in-production'
          for (const c of (e.data as { channels: ServiceChannel[] }).channels) s.channels.add(c)
          break
        case 'ServiceChannelOpened':
          s.channels.add((e.data as { channel: ServiceChannel }).channel)
          break
        case 'ServiceChannelClosed':
          s.channels.delete((e.data as { channel: ServiceChannel }).channel)
          break
        case 'ServiceReviewed':
          s.reviews.push(e)
          break
        case 'ServiceProductionChanged':
          s.plan = { ...s.plan, productionMode: (e.data as { to: ServicePlannedData['productionMode'] }).to }
          break
        case 'ServiceDisrupted':
          s.disruption = e
          s.lifecycle = 'disrupted'
          break
        case 'ServiceRestored':
          s.disruption = undefined
          s.lifecycle = 'in-production'
          break
        case 'ServiceRetired':
          s.retired = e
          s.lifecycle = 'retired'
          break
      }
    } else if (d.caseId !== undefined) {
      let c = cases.get(d.caseId)
      if (c === undefined) {
        c = { caseId: d.caseId, contacts: [], answers: [], feedback: [] }
        cases.set(d.caseId, c)
      }
      if (e.type === 'ContactReceived') c.contacts.push(e)
      else if (e.type === 'CaseOpened') c.opened = e
      else if (e.type === 'CaseAnswered') c.answers.push(e)
      else if (e.type === 'FeedbackGiven') c.feedback.push(e)
      else if (e.type === 'CaseClosed') c.closed = e
    }
  }
  return { services, cases, now: limit ?? latest }
}

export type {
  CaseAnsweredData,
  CaseOpenedData,
  ContactReceivedData,
  FeedbackGivenData,
  ServiceDisruptedData,
  ServiceRetiredData,
  ServiceReviewedData,
}

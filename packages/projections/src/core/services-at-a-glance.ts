/**
 * Service-level projections over one shared per-service record: the review agenda (principle 4),
 * critical readiness (principle 6) and the classification summary (Pori).
 */
import {
  type Availability,
  instant,
  type LocalizedText,
  type Obligation,
  type ProductionMode,
  type ReviewEvidence,
} from '@servicelife/domain'
import { Map as IMap } from 'immutable'
import { domainEventOf, type Projection, unionOfParts } from './projection.js'
import { DAY_MS, readingInstant } from './statistics.js'

export interface ServiceFacts {
  readonly serviceId: string
  readonly name: LocalizedText
  readonly lifecycle: 'planned' | 'in-production' | 'disrupted' | 'retired'
  readonly obligation: Obligation
  readonly availability: Availability
  readonly productionMode: ProductionMode
  readonly critical: boolean
  readonly launchedAt?: string
  readonly lastReviewAt?: string
  readonly lastEvidence?: ReviewEvidence
  /** The latest review decided `retire` and no retirement has followed yet. */
  readonly retireDecidedAt?: string
  readonly disruption?: { readonly since: string; readonly reason: string; readonly continuity?: string }
}

export interface ServicesState {
  readonly services: IMap<string, ServiceFacts>
  readonly latestAt: number
}

const applyService = (
  state: ServicesState,
  recorded: Parameters<Projection<ServicesState>['apply']>[1],
): ServicesState => {
  const event = domainEventOf(recorded)
  if (!event.type.startsWith('Service')) return state
  const data = event.data as { serviceId: string; at: string }
  const latestAt = Math.max(state.latestAt, instant(data.at))
  const facts = state.services.get(data.serviceId)
  const put = (next: ServiceFacts) => ({ services: state.services.set(data.serviceId, next), latestAt })
  switch (event.type) {
    case 'ServicePlanned': {
      const d = event.data
      return put({
        serviceId: d.serviceId,
        name: d.name,
        lifecycle: 'planned',
        obligation: d.obligation,
        availability: d.availability,
        productionMode: d.productionMode,
        critical: d.critical,
      })
    }
    case 'ServicePlanRevised': {
      if (!facts) return state
      const c = event.data.changes
      return put({
        ...facts,
        ...(c.name ? { name: c.name } : {}),
        ...(c.obligation ? { obligation: c.obligation } : {}),
        ...(c.availability ? { availability: c.availability } : {}),
        ...(c.productionMode ? { productionMode: c.productionMode } : {}),
        ...(c.critical === undefined ? {} : { critical: c.critical }),
      })
    }
    case 'ServiceLaunched':
      return facts ? put({ ...facts, lifecycle: 'in-production', launchedAt: event.data.at }) : state
    case 'ServiceReviewed': {
      if (!facts) return state
      const { retireDecidedAt: _, ...rest } = facts
      const reviewed = { ...rest, lastReviewAt: event.data.at, lastEvidence: event.data.evidence }
      return put(
        event.data.decision === 'retire' ? { ...reviewed, retireDecidedAt: event.data.at } : reviewed,
      )
    }
    case 'ServiceProductionChanged':
      return facts ? put({ ...facts, productionMode: event.data.to }) : state
    case 'ServiceDisrupted': {
      if (!facts) return state
      const { continuity, reason, at } = event.data
      return put({
        ...facts,
        lifecycle: 'disrupted',
        disruption: { since: at, reason, ...(continuity === undefined ? {} : { continuity }) },
      })
    }
    case 'ServiceRestored': {
      if (!facts) return state
      const { disruption: _, ...rest } = facts
      return put({ ...rest, lifecycle: 'in-production' })
    }
    case 'ServiceRetired': {
      if (!facts) return state
      const { disruption: _d, retireDecidedAt: _r, ...rest } = facts
      return put({ ...rest, lifecycle: 'retired' })
    }
    default:
      return { services: state.services, latestAt }
  }
}

const servicesProjection = (name: string): Projection<ServicesState> => ({
  name,
  version: 1,
  initial: { services: IMap(), latestAt: Number.NEGATIVE_INFINITY },
  apply: applyService,
  merge: (a, b) => ({
    services: unionOfParts(a.services, b.services),
    latestAt: Math.max(a.latestAt, b.latestAt),
  }),
})

export const reviewAgenda = servicesProjection('reviewAgenda')
export const criticalReadiness = servicesProjection('criticalReadiness')
export const classificationSummary = servicesProjection('classificationSummary')

const running = (f: ServiceFacts) => f.lifecycle === 'in-production' || f.lifecycle === 'disrupted'
/** "Not statutory": neither statutory authority activity nor under the city's organizing responsibility. */
const nonStatutory = (f: ServiceFacts) => f.obligation === 'other' || f.obligation === 'internal-support'

/** Calendar months back from an instant, in the UTC calendar; the day of month is clamped (31.3. -> 28.2.). */
export const monthsBefore = (iso: string | number, months: number): number => {
  const d = new Date(typeof iso === 'string' ? Date.parse(iso) : iso)
  const year = d.getUTCFullYear()
  const month = d.getUTCMonth() - months
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return Date.UTC(
    year,
    month,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  )
}

export interface AgendaOptions {
  /** The time the agenda is read at (ISO-8601 or epoch ms; default: the latest event's time). */
  readonly readAt?: string | number
  /** A service in production whose last review is older than this is due (default 12). */
  readonly reviewEveryMonths?: number
  /** Latest evidence `needsMet` mean below this questions a non-statutory service (default 3). */
  readonly satisfactionBelow?: number
}

/** Principle 4: what the city should review, question or finish. */
/** Principle 4's agenda: reviews due, services questioned by their evidence, retirements decided and not done. */
export interface ReviewAgendaReport {
  readonly reviewDue: ReadonlyArray<{
    readonly serviceId: string
    readonly name: LocalizedText
    readonly lastReviewAt: string | null
  }>
  readonly questioned: ReadonlyArray<{
    readonly serviceId: string
    readonly name: LocalizedText
    readonly reasons: ReadonlyArray<'does-not-reach-target-group' | 'low-satisfaction'>
    readonly evidence: ReviewEvidence
    readonly reviewedAt: string
  }>
  readonly retirementDecidedNotDone: ReadonlyArray<{
    readonly serviceId: string
    readonly name: LocalizedText
    readonly decidedAt: string
  }>
}

export const reviewAgendaReport = (state: ServicesState, options: AgendaOptions = {}): ReviewAgendaReport => {
  const now = readingInstant(options.readAt ?? state.latestAt, 'readAt')
  const dueBefore = monthsBefore(now, options.reviewEveryMonths ?? 12)
  const threshold = options.satisfactionBelow ?? 3
  const services = [...state.services.values()].sort((a, b) => a.serviceId.localeCompare(b.serviceId))
  return {
    reviewDue: services
      .filter((f) => running(f) && (f.lastReviewAt === undefined || Date.parse(f.lastReviewAt) < dueBefore))
      .map((f) => ({ serviceId: f.serviceId, name: f.name, lastReviewAt: f.lastReviewAt ?? null })),
    questioned: services.flatMap((f) => {
      if (!running(f) || !nonStatutory(f) || f.lastEvidence === undefined) return []
      const reasons: Array<'does-not-reach-target-group' | 'low-satisfaction'> = []
      if (f.lastEvidence.reachesTargetGroup === false) reasons.push('does-not-reach-target-group')
      if (f.lastEvidence.needsMet !== undefined && f.lastEvidence.needsMet < threshold)
        reasons.push('low-satisfaction')
      return reasons.length === 0
        ? []
        : [
            {
              serviceId: f.serviceId,
              name: f.name,
              reasons,
              evidence: f.lastEvidence,
              reviewedAt: f.lastReviewAt!,
            },
          ]
    }),
    retirementDecidedNotDone: services
      .filter((f) => f.retireDecidedAt !== undefined)
      .map((f) => ({ serviceId: f.serviceId, name: f.name, decidedAt: f.retireDecidedAt! })),
  }
}

/** Principle 6: the critical services disrupted now, since when, why, and how long so far. */
export type CriticalReadinessReport = ReadonlyArray<{
  readonly serviceId: string
  readonly name: LocalizedText
  readonly since: string
  readonly reason: string
  readonly continuity: string | null
  readonly days: number
}>

export interface ReadinessOptions {
  /** The time the report is read at (ISO-8601 or epoch ms; default: the latest event's time). */
  readonly readAt?: string | number
}

export const criticalReadinessReport = (
  state: ServicesState,
  options: ReadinessOptions = {},
): CriticalReadinessReport => {
  const now = readingInstant(options.readAt ?? state.latestAt, 'readAt')
  return [...state.services.values()]
    .filter((f) => f.critical && f.disruption !== undefined)
    .sort((a, b) => a.serviceId.localeCompare(b.serviceId))
    .map((f) => ({
      serviceId: f.serviceId,
      name: f.name,
      since: f.disruption!.since,
      reason: f.disruption!.reason,
      continuity: f.disruption!.continuity ?? null,
      days: (now - Date.parse(f.disruption!.since)) / DAY_MS,
    }))
}

/** Pori: services (not retired, unless asked) by obligation x availability x production mode. */
/** Pori's classification: how many services each combination of the three has. */
export type ClassificationReport = ReadonlyArray<{
  readonly obligation: Obligation
  readonly availability: Availability
  readonly productionMode: ProductionMode
  readonly count: number
}>

export const classificationReport = (
  state: ServicesState,
  options: { readonly includeRetired?: boolean } = {},
): ClassificationReport => {
  const counts = new Map<string, number>()
  for (const f of state.services.values()) {
    if (f.lifecycle === 'retired' && !options.includeRetired) continue
    const key = `${f.obligation}|${f.availability}|${f.productionMode}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => {
      const [obligation, availability, productionMode] = key.split('|') as [
        Obligation,
        Availability,
        ProductionMode,
      ]
      return { obligation, availability, productionMode, count }
    })
}

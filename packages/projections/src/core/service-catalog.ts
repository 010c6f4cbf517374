/** The service catalogue: every service with its lifecycle state and what it carries (PTV-like). */
import type {
  Availability,
  LocalizedText,
  Obligation,
  ProductionMode,
  ReviewDecision,
  ReviewEvidence,
  ServiceChannel,
  ServiceLifecycle,
} from '@servicelife/domain'
import { producerAfter } from '@servicelife/domain'
import { Map as IMap } from 'immutable'
import { domainEventOf, type Projection, unionOfParts } from './projection.js'

export interface CatalogEntry {
  readonly serviceId: string
  /** Never `unplanned`: a service is in the catalogue once its plan is recorded. */
  readonly lifecycle: ServiceLifecycle
  readonly name: LocalizedText
  readonly description?: LocalizedText
  /** The needs the service meets, as planned. */
  readonly needs: string
  readonly serviceArea: string
  readonly obligation: Obligation
  readonly availability: Availability
  readonly productionMode: ProductionMode
  readonly producer?: string
  /** Planned channels until launch, then the open ones. */
  readonly channels: ReadonlyArray<ServiceChannel>
  readonly critical: boolean
  readonly targetGroups: ReadonlyArray<string>
  readonly plannedAt: string
  readonly launchedAt?: string
  readonly retiredAt?: string
  readonly replacedBy?: string
  /** The service's id in the national service catalogue PTV, once linked. */
  readonly ptv?: string
  readonly lastReview?: {
    readonly at: string
    readonly decision: ReviewDecision
    readonly evidence: ReviewEvidence
  }
}

export type CatalogState = IMap<string, CatalogEntry>

const withProducer = (
  entry: CatalogEntry,
  mode: ProductionMode,
  producer: string | undefined,
): CatalogEntry => {
  const { producer: _, ...rest } = entry
  const kept = producerAfter(mode, producer, entry.producer)
  return kept === undefined
    ? { ...rest, productionMode: mode }
    : { ...rest, productionMode: mode, producer: kept }
}

export const serviceCatalog: Projection<CatalogState> = {
  name: 'serviceCatalog',
  version: 1,
  initial: IMap(),
  apply(state, recorded) {
    const event = domainEventOf(recorded)
    const id = (event.data as { serviceId: string }).serviceId
    const entry = state.get(id)
    switch (event.type) {
      case 'ServicePlanned': {
        const { at, serviceId, channels, plannedLaunch: _, ...plan } = event.data
        return state.set(id, { ...plan, serviceId, channels, lifecycle: 'planned', plannedAt: at })
      }
      case 'ServicePlanRevised': {
        if (!entry) return state
        const { productionMode, producer, plannedLaunch: _, ...changes } = event.data.changes
        return state.set(
          id,
          withProducer({ ...entry, ...changes }, productionMode ?? entry.productionMode, producer),
        )
      }
      case 'ServiceLaunched':
        return entry
          ? state.set(id, {
              ...entry,
              lifecycle: 'in-production',
              launchedAt: event.data.at,
              channels: [...new Set(event.data.channels)],
            })
          : state
      case 'ServiceReviewed':
        return entry
          ? state.set(id, {
              ...entry,
              lastReview: { at: event.data.at, decision: event.data.decision, evidence: event.data.evidence },
            })
          : state
      case 'ServiceProductionChanged':
        return entry ? state.set(id, withProducer(entry, event.data.to, event.data.producer)) : state
      case 'ServiceChannelOpened':
        return entry ? state.set(id, { ...entry, channels: [...entry.channels, event.data.channel] }) : state
      case 'ServiceChannelClosed':
        return entry
          ? state.set(id, { ...entry, channels: entry.channels.filter((c) => c !== event.data.channel) })
          : state
      case 'ServiceDisrupted':
        return entry ? state.set(id, { ...entry, lifecycle: 'disrupted' }) : state
      case 'ServiceRestored':
        return entry ? state.set(id, { ...entry, lifecycle: 'in-production' }) : state
      case 'ServiceRetired': {
        if (!entry) return state
        const retired: CatalogEntry = { ...entry, lifecycle: 'retired', retiredAt: event.data.at }
        return state.set(
          id,
          event.data.replacedBy === undefined ? retired : { ...retired, replacedBy: event.data.replacedBy },
        )
      }
      case 'ServiceLinked':
        return entry ? state.set(id, { ...entry, ptv: event.data.ptv }) : state
      default:
        return state
    }
  },
  merge: unionOfParts,
}

/** The catalogue: its entries in service id order. */
export type CatalogReport = ReadonlyArray<CatalogEntry>

export interface CatalogOptions {
  /** Only services in these lifecycle states (default: all). */
  readonly lifecycles?: ReadonlyArray<ServiceLifecycle>
}

/** The catalogue's entries in service id order, optionally of some lifecycle states only. */
export const catalogReport = (state: CatalogState, options: CatalogOptions = {}): CatalogReport =>
  [...state.values()]
    .filter((e) => options.lifecycles === undefined || options.lifecycles.includes(e.lifecycle))
    .sort((a, b) => a.serviceId.localeCompare(b.serviceId))

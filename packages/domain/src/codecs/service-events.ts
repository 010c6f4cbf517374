/** Events of a service's stream (`service-<serviceId>`): the service's life, from needs to retirement. */
import * as t from 'io-ts/lib/index.js'
import {
  Amount,
  Count,
  EntityId,
  IsoDate,
  IsoDateTime,
  LocalizedText,
  LongText,
  refinedNumber,
  refinedString,
  ScoreMean,
  ShortText,
  struct,
} from './primitives.js'
import {
  AnswerPromiseUnit,
  Availability,
  Obligation,
  ProductionMode,
  ReviewDecision,
  ServiceChannel,
} from './vocabulary.js'
import { personal } from './personal.js'

const at = { serviceId: EntityId, at: IsoDateTime }

/**
 * How soon a service promises an answer to a case opened to it (Turku's promise "the customer
 * always gets an answer", made measurable per service; Open311's `expected_datetime`).
 */
export const AnswerPromise = struct(
  'AnswerPromise',
  {
    within: refinedNumber('a whole number 1-1000', (n) => Number.isInteger(n) && n >= 1 && n <= 1000),
    unit: AnswerPromiseUnit,
  },
  {},
)
export type AnswerPromise = t.TypeOf<typeof AnswerPromise>

/** The planned fields of a service: what `ServicePlanned` sets and `ServicePlanRevised` may change. */
const planFields = {
  name: LocalizedText,
  needs: LongText,
  serviceArea: ShortText,
  obligation: Obligation,
  availability: Availability,
  productionMode: ProductionMode,
  critical: t.boolean,
  targetGroups: t.readonlyArray(ShortText),
  channels: t.readonlyArray(ServiceChannel),
}
const optionalPlanFields = {
  description: LocalizedText,
  producer: ShortText,
  plannedLaunch: IsoDate,
  /** Since schema version 2: the service's own answer promise (without one, the city's applies). */
  answerPromise: AnswerPromise,
}

export const ServicePlannedData = struct('ServicePlannedData', { ...at, ...planFields }, optionalPlanFields)
export type ServicePlannedData = t.TypeOf<typeof ServicePlannedData>

export const PlanChanges = struct('PlanChanges', {}, { ...planFields, ...optionalPlanFields })
export type PlanChanges = t.TypeOf<typeof PlanChanges>

export const ServicePlanRevisedData = struct('ServicePlanRevisedData', { ...at, changes: PlanChanges }, {})
export type ServicePlanRevisedData = t.TypeOf<typeof ServicePlanRevisedData>

export const ServiceLaunchedData = struct(
  'ServiceLaunchedData',
  { ...at, channels: t.readonlyArray(ServiceChannel) },
  {},
)
export type ServiceLaunchedData = t.TypeOf<typeof ServiceLaunchedData>

/** What a review rests on (principle 2: services are run on data). */
export const ReviewEvidence = struct(
  'ReviewEvidence',
  {},
  {
    usage: Count,
    costEur: Amount,
    needsMet: ScoreMean,
    communication: ScoreMean,
    responses: Count,
    reachesTargetGroup: t.boolean,
  },
)
export type ReviewEvidence = t.TypeOf<typeof ReviewEvidence>

export const ServiceReviewedData = struct(
  'ServiceReviewedData',
  {
    ...at,
    reviewer: personal(ShortText),
    evidence: ReviewEvidence,
    decision: ReviewDecision,
    rationale: LongText,
  },
  {},
)
export type ServiceReviewedData = t.TypeOf<typeof ServiceReviewedData>

export const ServiceProductionChangedData = struct(
  'ServiceProductionChangedData',
  { ...at, from: ProductionMode, to: ProductionMode, rationale: LongText },
  { producer: ShortText },
)
export type ServiceProductionChangedData = t.TypeOf<typeof ServiceProductionChangedData>

export const ServiceChannelData = struct('ServiceChannelData', { ...at, channel: ServiceChannel }, {})
export type ServiceChannelData = t.TypeOf<typeof ServiceChannelData>

export const ServiceDisruptedData = struct(
  'ServiceDisruptedData',
  { ...at, reason: LongText },
  { continuity: LongText },
)
export type ServiceDisruptedData = t.TypeOf<typeof ServiceDisruptedData>

export const ServiceRestoredData = struct('ServiceRestoredData', at, {})
export type ServiceRestoredData = t.TypeOf<typeof ServiceRestoredData>

/** A service's answer promise set or changed; without `answerPromise`, the service makes none of its own. */
export const ServiceAnswerPromiseSetData = struct('ServiceAnswerPromiseSetData', at, {
  answerPromise: AnswerPromise,
})
export type ServiceAnswerPromiseSetData = t.TypeOf<typeof ServiceAnswerPromiseSetData>

export const ServiceRetiredData = struct(
  'ServiceRetiredData',
  { ...at, reason: LongText },
  { replacedBy: EntityId, decisionRef: ShortText },
)
export type ServiceRetiredData = t.TypeOf<typeof ServiceRetiredData>

/** An id in the Finnish Service Catalogue (PTV, Palvelutietovaranto): a UUID. */
export const PtvId = refinedString('PtvId (a UUID)', (s) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s),
)

/**
 * A service linked to its record in a national catalogue, so that later exports update that
 * record: `ptv` the service's id in PTV. A later link replaces the earlier one.
 */
export const ServiceLinkedData = struct('ServiceLinkedData', { ...at, ptv: PtvId }, {})
export type ServiceLinkedData = t.TypeOf<typeof ServiceLinkedData>

/** `{ type, data }` with a literal type tag. */
export const message = <T extends string, D extends t.Mixed>(type: T, data: D) =>
  struct(type, { type: t.literal(type), data }, {})

export const serviceEventCodecs = {
  ServicePlanned: message('ServicePlanned', ServicePlannedData),
  ServicePlanRevised: message('ServicePlanRevised', ServicePlanRevisedData),
  ServiceLaunched: message('ServiceLaunched', ServiceLaunchedData),
  ServiceReviewed: message('ServiceReviewed', ServiceReviewedData),
  ServiceProductionChanged: message('ServiceProductionChanged', ServiceProductionChangedData),
  ServiceChannelOpened: message('ServiceChannelOpened', ServiceChannelData),
  ServiceChannelClosed: message('ServiceChannelClosed', ServiceChannelData),
  ServiceDisrupted: message('ServiceDisrupted', ServiceDisruptedData),
  ServiceRestored: message('ServiceRestored', ServiceRestoredData),
  ServiceRetired: message('ServiceRetired', ServiceRetiredData),
  ServiceAnswerPromiseSet: message('ServiceAnswerPromiseSet', ServiceAnswerPromiseSetData),
  ServiceLinked: message('ServiceLinked', ServiceLinkedData),
} as const

const s = serviceEventCodecs
export const ServiceEvent = t.union(
  [
    s.ServicePlanned,
    s.ServicePlanRevised,
    s.ServiceLaunched,
    s.ServiceReviewed,
    s.ServiceProductionChanged,
    s.ServiceChannelOpened,
    s.ServiceChannelClosed,
    s.ServiceDisrupted,
    s.ServiceRestored,
    s.ServiceRetired,
    s.ServiceAnswerPromiseSet,
    s.ServiceLinked,
  ],
  'ServiceEvent',
)
export type ServiceEvent = t.TypeOf<typeof ServiceEvent>
export type ServiceEventType = ServiceEvent['type']

/**
 * Every projection of the record in one pass, and the report an auditor reads: the catalogue by
 * obligation x availability x production mode, promise compliance, satisfaction, the review agenda,
 * critical readiness, the channel mix and each service's timeline, as of a point in the record.
 */
import { type CityCalendar, helsinki, isRecordEventType } from '@servicelife/domain'
import {
  type AllProjections,
  allProjectionsIn,
  type AsOf,
  applyEvents,
  catalogReport,
  channelMixReport,
  classificationReport,
  complianceReport,
  criticalReadinessReport,
  mergeStates,
  reviewAgendaReport,
  satisfactionReport,
  timelineReport,
  within,
} from '@servicelife/projections'
import type { RecordedEvent } from '@servicelife/store'

export type ProjectionName = keyof AllProjections
export type ReplayStates = { readonly [K in ProjectionName]: AllProjections[K]['initial'] }

export interface Replay {
  readonly asOf?: AsOf
  /** The projections folded, with months and days in the city's calendar. */
  readonly projections: AllProjections
  readonly states: ReplayStates
  /** Events folded so far (those within `asOf`). */
  readonly events: number
  /** Global position of the latest event folded, -1 before the first. */
  readonly position: number
  /** Latest business time folded (epoch ms), -Infinity before the first. */
  readonly latestAt: number
}

/** How a record is replayed: as of a point (default: all of it), in a city's calendar (default Helsinki). */
export interface ReplayOptions {
  readonly asOf?: AsOf
  readonly calendar?: CityCalendar
}

/** A replay of nothing yet. */
export const startReplay = (options: ReplayOptions = {}): Replay => {
  const { asOf } = options
  const projections = allProjectionsIn(options.calendar ?? helsinki)
  const names = Object.keys(projections) as ProjectionName[]
  return {
    asOf,
    projections,
    states: Object.fromEntries(names.map((n) => [n, projections[n].initial])) as unknown as ReplayStates,
    events: 0,
    position: -1,
    latestAt: Number.NEGATIVE_INFINITY,
  }
}

/**
 * Folds a batch of events into every projection; events beyond `asOf` leave the replay as it is.
 * Batches let the projections that keep a map per case change one transient copy per batch.
 */
export const replayEvents =
  (keep: (event: RecordedEvent) => boolean) =>
  (replay: Replay, batch: ReadonlyArray<RecordedEvent>): Replay => {
    // Events about the record itself (a migration) are not a service's or a case's: no projection's.
    const events = batch.filter((event) => keep(event) && !isRecordEventType(event.type))
    if (events.length === 0) return replay
    const s = replay.states
    const p = replay.projections
    // Written out rather than looped over the names or spread: one object shape, so the engine keeps it fast.
    const states = {
      serviceCatalog: applyEvents(p.serviceCatalog, s.serviceCatalog, events),
      serviceTimeline: applyEvents(p.serviceTimeline, s.serviceTimeline, events),
      promiseCompliance: applyEvents(p.promiseCompliance, s.promiseCompliance, events),
      satisfaction: applyEvents(p.satisfaction, s.satisfaction, events),
      reviewAgenda: applyEvents(p.reviewAgenda, s.reviewAgenda, events),
      channelMix: applyEvents(p.channelMix, s.channelMix, events),
      criticalReadiness: applyEvents(p.criticalReadiness, s.criticalReadiness, events),
      classificationSummary: applyEvents(p.classificationSummary, s.classificationSummary, events),
    }
    return {
      asOf: replay.asOf,
      projections: p,
      states,
      events: replay.events + events.length,
      position: events[events.length - 1]!.position,
      // Promise compliance keeps the latest business time of every event it is fed: read there, not parsed again.
      latestAt: states.promiseCompliance.latestAt,
    }
  }

/** Folds one event into every projection; an event beyond `asOf` leaves the replay as it is. */
export const replayEvent = (keep: (event: RecordedEvent) => boolean) => {
  const many = replayEvents(keep)
  return (replay: Replay, event: RecordedEvent): Replay => many(replay, [event])
}

/** What to keep of the record for a point: everything, or the events within it. */
export const keepFor = (asOf: AsOf | undefined): ((event: RecordedEvent) => boolean) =>
  asOf === undefined ? () => true : within(asOf)

/** How many events a replay folds at a time. */
export const REPLAY_BATCH = 1024

/** The events of a sequence in arrays of up to `size`. */
export function* batches<A>(items: Iterable<A>, size = REPLAY_BATCH): Iterable<A[]> {
  let batch: A[] = []
  for (const item of items) {
    batch.push(item)
    if (batch.length === size) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

/** The replay of a sequence of events. */
export const replay = (events: Iterable<RecordedEvent>, options: ReplayOptions = {}): Replay => {
  const step = replayEvents(keepFor(options.asOf))
  let r = startReplay(options)
  for (const batch of batches(events)) r = step(r, batch)
  return r
}

const sameAsOf = (a: AsOf | undefined, b: AsOf | undefined): boolean =>
  a === undefined || b === undefined
    ? a === b
    : 'position' in a
      ? 'position' in b && a.position === b.position
      : 'at' in b && a.at === b.at

/**
 * The replay of a record from the replays of its two parts, folded apart (on two threads, say):
 * each part holds whole streams and every event lies in its entity's stream (`entityStreamId`),
 * and both were replayed as of the same point. Its report is the whole record's (each
 * projection's `merge`); an entity in both parts, or two points, is a bug of the caller's and
 * throws.
 */
export const mergeReplays = (a: Replay, b: Replay): Replay => {
  if (!sameAsOf(a.asOf, b.asOf)) throw new Error('replays as of different points cannot be merged')
  if (a.projections.channelMix.calendar !== b.projections.channelMix.calendar)
    throw new Error('replays in different calendars cannot be merged')
  const p = a.projections
  const x = a.states
  const y = b.states
  // Written out, as in replayEvents: one object shape.
  const states = {
    serviceCatalog: mergeStates(p.serviceCatalog, x.serviceCatalog, y.serviceCatalog),
    serviceTimeline: mergeStates(p.serviceTimeline, x.serviceTimeline, y.serviceTimeline),
    promiseCompliance: mergeStates(p.promiseCompliance, x.promiseCompliance, y.promiseCompliance),
    satisfaction: mergeStates(p.satisfaction, x.satisfaction, y.satisfaction),
    reviewAgenda: mergeStates(p.reviewAgenda, x.reviewAgenda, y.reviewAgenda),
    channelMix: mergeStates(p.channelMix, x.channelMix, y.channelMix),
    criticalReadiness: mergeStates(p.criticalReadiness, x.criticalReadiness, y.criticalReadiness),
    classificationSummary: mergeStates(
      p.classificationSummary,
      x.classificationSummary,
      y.classificationSummary,
    ),
  }
  return {
    asOf: a.asOf,
    projections: p,
    states,
    events: a.events + b.events,
    position: Math.max(a.position, b.position),
    latestAt: states.promiseCompliance.latestAt,
  }
}

export interface ReportOptions {
  /** A service in production unreviewed this long is due for review (default 12 months). */
  readonly reviewEveryMonths?: number
  /** The city's answer time, in hours, for a case whose service promised none (default 336: 14 days). */
  readonly defaultAnswerHours?: number
}

/** The instant the record is read at: the `asOf` time, else its latest business time. */
export const readingTime = (r: Replay): string | undefined =>
  r.asOf !== undefined && 'at' in r.asOf
    ? r.asOf.at
    : Number.isFinite(r.latestAt)
      ? new Date(r.latestAt).toISOString()
      : undefined

export const cityReport = (r: Replay, options: ReportOptions = {}) => {
  const now = readingTime(r)
  const { states } = r
  const catalog = catalogReport(states.serviceCatalog)
  return {
    asOf: r.asOf ?? null,
    readAt: now ?? null,
    events: r.events,
    position: r.position,
    catalog,
    classification: classificationReport(states.classificationSummary, { includeRetired: false }),
    compliance: complianceReport(states.promiseCompliance, {
      readAt: now ?? 0,
      ...(options.defaultAnswerHours === undefined ? {} : { defaultAnswerHours: options.defaultAnswerHours }),
    }),
    satisfaction: satisfactionReport(states.satisfaction),
    reviewAgenda: reviewAgendaReport(states.reviewAgenda, {
      ...(now === undefined ? {} : { readAt: now }),
      ...(options.reviewEveryMonths === undefined ? {} : { reviewEveryMonths: options.reviewEveryMonths }),
    }),
    criticalReadiness: criticalReadinessReport(states.criticalReadiness, { readAt: now ?? 0 }),
    channelMix: channelMixReport(states.channelMix),
    timelines: Object.fromEntries(
      catalog.map((e) => [e.serviceId, timelineReport(states.serviceTimeline, e.serviceId)]),
    ),
  }
}
export type CityReport = ReturnType<typeof cityReport>

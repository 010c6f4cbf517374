/**
 * A projection: a pure fold of recorded events into a state that answers queries. `apply` is O(1)
 * amortised per event and never mutates the state it is given: states are persistent (maps, or
 * case tables for per-case facts), so an old state stays valid (that is what makes as-of queries
 * and snapshots cheap).
 */
import { Count, type DomainEvent, instant, IsoDateTime } from '@servicelife/domain'
import * as t from 'io-ts/lib/index.js'
import type { RecordedEvent } from '@servicelife/store'
import type { Map as IMap } from 'immutable'

export interface Projection<S> {
  readonly name: string
  /** Raised when the meaning of the state changes: a stored checkpoint of another version is rebuilt. */
  readonly version: number
  /**
   * The time zone whose months and days the state is bucketed in, for a projection that reads
   * them: a stored checkpoint of another zone is rebuilt.
   */
  readonly calendar?: string
  readonly initial: S
  readonly apply: (state: S, event: RecordedEvent) => S
  /**
   * The same as folding `apply` over the events, for projections that keep facts per case: the
   * batch's changes go into one transient edit of the state instead of a new persistent state per
   * event, so a replay makes far less garbage. The state given is left as it was.
   */
  readonly applyAll?: (state: S, events: ReadonlyArray<RecordedEvent>) => S
  /**
   * The state of a record from the states of its two parts folded apart, where each part holds
   * whole streams and every event lies in its entity's stream (`entityStreamId`): what folding
   * the whole record gives, as its queries read it. Rows and map entries of `a` come before
   * those of `b`. An entity found in both parts is a bug of the caller's partition, and throws.
   * Neither state given is changed.
   */
  readonly merge?: (a: S, b: S) => S
}

/** The union of two maps by entity from the two parts of a record: no entity may be in both. */
export const unionOfParts = <V>(a: IMap<string, V>, b: IMap<string, V>): IMap<string, V> => {
  if (b.size === 0) return a
  if (a.size === 0) return b
  for (const key of b.keys()) if (a.has(key)) throw new Error(`${key} is in both parts merged`)
  return a.merge(b)
}

/** Two parts' maps of counts or tallies, added key by key. */
export const sumOfParts = <V>(
  a: IMap<string, V>,
  b: IMap<string, V>,
  add: (x: V, y: V) => V,
): IMap<string, V> => (b.size === 0 ? a : a.size === 0 ? b : a.mergeWith(add, b))

/** A projection's `merge`, which every projection a replay merges must have. */
export const mergeStates = <S>(projection: Projection<S>, a: S, b: S): S => {
  if (projection.merge === undefined) throw new Error(`projection ${projection.name} has no merge`)
  return projection.merge(a, b)
}

/** Folds a batch of events into a projection's state, through `applyAll` where it has one. */
export const applyEvents = <S>(
  projection: Projection<S>,
  state: S,
  events: ReadonlyArray<RecordedEvent>,
): S => {
  if (projection.applyAll !== undefined) return projection.applyAll(state, events)
  let s = state
  for (const event of events) s = projection.apply(s, event)
  return s
}

/** The domain event a recorded event carries. Projections are fed events that passed the domain codecs. */
export const domainEventOf = (recorded: RecordedEvent): DomainEvent => recorded as unknown as DomainEvent

const isAsync = <A>(events: Iterable<A> | AsyncIterable<A>): events is AsyncIterable<A> =>
  Symbol.asyncIterator in events

const fold = <S>(projection: Projection<S>, state: S, keep: (event: RecordedEvent) => boolean) => {
  const sync = (events: Iterable<RecordedEvent>): S => {
    let s = state
    for (const event of events) if (keep(event)) s = projection.apply(s, event)
    return s
  }
  const async = async (events: AsyncIterable<RecordedEvent>): Promise<S> => {
    let s = state
    for await (const event of events) if (keep(event)) s = projection.apply(s, event)
    return s
  }
  return { sync, async }
}

const everything = () => true

/**
 * Folds events into a projection from its initial state (or from `state`, to continue). Given
 * an async iterable (a store's `readAll()`), it resolves to the state.
 */
export function project<S>(projection: Projection<S>, events: Iterable<RecordedEvent>, state?: S): S
export function project<S>(
  projection: Projection<S>,
  events: AsyncIterable<RecordedEvent>,
  state?: S,
): Promise<S>
export function project<S>(
  projection: Projection<S>,
  events: Iterable<RecordedEvent> | AsyncIterable<RecordedEvent>,
  state: S = projection.initial,
): S | Promise<S> {
  const folding = fold(projection, state, everything)
  return isAsync(events) ? folding.async(events) : folding.sync(events)
}

/** A point in the record: a global position (inclusive) or a business time (events with `at` <= it). */
export type AsOf = { readonly position: number } | { readonly at: string }

/** An as-of point as it arrives from outside (a request body, a query): decode it with this codec. */
export const AsOfCodec: t.Type<AsOf, AsOf, unknown> = t.union(
  [t.exact(t.type({ position: Count })), t.exact(t.type({ at: IsoDateTime }))],
  'AsOf ({ position } or { at: ISO-8601 instant })',
)

/**
 * A point checked: a position that is a whole number >= 0, or a time that is an ISO-8601 instant
 * with its offset. A point from outside (a request, an argument) is decoded with `decodeAsOf`;
 * a bad one given to a function here is a bug of the caller's, and throws a RangeError naming it.
 */
export const checkedAsOf = (point: AsOf): AsOf => {
  if ('position' in point) {
    if (!Number.isSafeInteger(point.position) || point.position < -1)
      throw new RangeError(`as of position ${String(point.position)}: a position is a whole number >= -1`)
    return point
  }
  if (!IsoDateTime.is(point.at))
    throw new RangeError(`as of ${JSON.stringify(point.at)}: not an ISO-8601 instant with its offset`)
  return point
}

/** Whether an event belongs to the record as of a point. */
export const within = (point: AsOf): ((event: RecordedEvent) => boolean) => {
  checkedAsOf(point)
  if ('position' in point) return (event) => event.position <= point.position
  const limit = instant(point.at)
  return (event) => instant((event.data as { at: string }).at) <= limit
}

/** The projection over exactly the events up to a point; given an async iterable, it resolves to it. */
export function projectAsOf<S>(projection: Projection<S>, events: Iterable<RecordedEvent>, point: AsOf): S
export function projectAsOf<S>(
  projection: Projection<S>,
  events: AsyncIterable<RecordedEvent>,
  point: AsOf,
): Promise<S>
export function projectAsOf<S>(
  projection: Projection<S>,
  events: Iterable<RecordedEvent> | AsyncIterable<RecordedEvent>,
  point: AsOf,
): S | Promise<S> {
  const folding = fold(projection, projection.initial, within(point))
  return isAsync(events) ? folding.async(events) : folding.sync(events)
}

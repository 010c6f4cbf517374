/**
 * A projection: a pure fold of recorded events into a state that answers queries. `apply` is O(1)
 * amortised per event and never mutates the state it is given: states are persistent (maps, or
 * case tables for per-case facts), so an old state stays valid (that is what makes as-of queries
 * and snapshots cheap).
 */
import { type DomainEvent, instant } from '@servicelife/domain'
import type { RecordedEvent } from '@servicelife/store'
import type { Map as IMap } from 'immutable'

export interface Projection<S> {
  readonly name: string
  /** Raised when the meaning of the state changes: a stored checkpoint of another version is rebuilt. */
  readonly version: number
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

/** Folds events into a projection from its initial state (or from `state`, to continue). */
export const project = <S>(
  projection: Projection<S>,
  events: Iterable<RecordedEvent>,
  state: S = projection.initial,
): S => {
  let s = state
  for (const event of events) s = projection.apply(s, event)
  return s
}

/** A point in the record: a global position (inclusive) or a business time (events with `at` <= it). */
export type AsOf = { readonly position: number } | { readonly at: string }

/** Whether an event belongs to the record as of a point. */
export const within = (point: AsOf): ((event: RecordedEvent) => boolean) => {
  if ('position' in point) return (event) => event.position <= point.position
  const limit = instant(point.at)
  return (event) => instant((event.data as { at: string }).at) <= limit
}

/** The projection over exactly the events up to a point. */
export const projectAsOf = <S>(
  projection: Projection<S>,
  events: Iterable<RecordedEvent>,
  point: AsOf,
): S => {
  const keep = within(point)
  let s = projection.initial
  for (const event of events) if (keep(event)) s = projection.apply(s, event)
  return s
}

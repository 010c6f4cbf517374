/** Each service's phases (planning, production, disruptions, retirement), linked to the events behind them. */
import { List, Map as IMap } from 'immutable'
import { domainEventOf, type Projection, unionOfParts } from './projection.js'
import { DAY_MS } from './statistics.js'

export type PhaseKind = 'planning' | 'production' | 'disruption' | 'retirement'

export interface Phase {
  readonly phase: PhaseKind
  readonly start: string
  readonly end?: string
  /** Global positions of the events that started, changed or ended the phase. */
  readonly positions: List<number>
}

export type TimelineState = IMap<string, List<Phase>>

/** Index of the latest phase of a kind that is still open. */
const openPhase = (phases: List<Phase>, kind: PhaseKind): number =>
  phases.findLastIndex((p) => p.phase === kind && p.end === undefined)

const touch = (phases: List<Phase>, kind: PhaseKind, position: number, end?: string): List<Phase> => {
  const i = openPhase(phases, kind)
  if (i < 0) return phases
  return phases.update(i, (p) => ({
    ...p!,
    positions: p!.positions.push(position),
    ...(end === undefined ? {} : { end }),
  }))
}

export const serviceTimeline: Projection<TimelineState> = {
  name: 'serviceTimeline',
  version: 1,
  initial: IMap(),
  apply(state, recorded) {
    const event = domainEventOf(recorded)
    if (!event.type.startsWith('Service')) return state
    const { serviceId: id, at } = event.data as { serviceId: string; at: string }
    const p = recorded.position
    const phases = state.get(id) ?? List<Phase>()
    const start = (kind: PhaseKind) => ({ phase: kind, start: at, positions: List([p]) })
    switch (event.type) {
      case 'ServicePlanned':
        return state.set(id, List([start('planning')]))
      case 'ServicePlanRevised':
        return state.set(id, touch(phases, 'planning', p))
      case 'ServiceLaunched':
        return state.set(id, touch(phases, 'planning', p, at).push(start('production')))
      case 'ServiceDisrupted':
        return state.set(id, touch(phases, 'production', p).push(start('disruption')))
      case 'ServiceRestored':
        return state.set(id, touch(touch(phases, 'disruption', p, at), 'production', p))
      case 'ServiceRetired': {
        let closed = phases
        for (const kind of ['planning', 'disruption', 'production'] as const)
          closed = touch(closed, kind, p, at)
        return state.set(id, closed.push(start('retirement')))
      }
      default:
        return state.set(id, touch(phases, 'production', p))
    }
  },
  merge: unionOfParts,
}

export interface PhaseView {
  readonly phase: PhaseKind
  readonly start: string
  readonly end?: string
  /** Whole and fractional days from start to end; absent while the phase is open. */
  readonly days?: number
  readonly positions: ReadonlyArray<number>
}

/** A service's phases, oldest first; empty for a service never planned. */
export type TimelineReport = ReadonlyArray<PhaseView>

export const timelineReport = (state: TimelineState, serviceId: string): TimelineReport =>
  (state.get(serviceId) ?? List<Phase>()).toArray().map((p) => ({
    phase: p.phase,
    start: p.start,
    ...(p.end === undefined ? {} : { end: p.end, days: (Date.parse(p.end) - Date.parse(p.start)) / DAY_MS }),
    positions: p.positions.toArray(),
  }))

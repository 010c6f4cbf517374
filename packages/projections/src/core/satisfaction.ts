/**
 * The two city-wide questions on the 1-5 scale: "the service meets my needs" (`needsMet`) and
 * "the service's communication is sufficient and understandable" (`communication`): count, mean
 * and distribution by service (the case's service when the feedback was given), by Helsinki month
 * of the feedback and city-wide.
 */
import { helsinkiMonth } from '@servicelife/domain'
import { Map as IMap } from 'immutable'
import { UNROUTED } from './promise-compliance.js'
import { domainEventOf, type Projection } from './projection.js'
import { scoreSummary } from './statistics.js'

type Tally = readonly [number, number, number, number, number]
const EMPTY: Tally = [0, 0, 0, 0, 0]

export interface SatisfactionState {
  readonly caseService: IMap<string, string>
  /** Keys: `city`, `service:<id>`, `month:<YYYY-MM>`. */
  readonly needsMet: IMap<string, Tally>
  readonly communication: IMap<string, Tally>
}

const count = (
  tallies: IMap<string, Tally>,
  keys: ReadonlyArray<string>,
  score: number,
): IMap<string, Tally> =>
  tallies.withMutations((m) => {
    for (const key of keys) {
      const t = [...(m.get(key) ?? EMPTY)] as [number, number, number, number, number]
      t[score - 1]! += 1
      m.set(key, t)
    }
  })

export const satisfaction: Projection<SatisfactionState> = {
  name: 'satisfaction',
  version: 1,
  initial: { caseService: IMap(), needsMet: IMap(), communication: IMap() },
  apply(state, recorded) {
    const event = domainEventOf(recorded)
    switch (event.type) {
      case 'CaseOpened':
        return { ...state, caseService: state.caseService.set(event.data.caseId, event.data.serviceId) }
      case 'CaseReferred':
        return { ...state, caseService: state.caseService.set(event.data.caseId, event.data.to) }
      case 'FeedbackGiven': {
        const service = state.caseService.get(event.data.caseId) ?? UNROUTED
        const keys = ['city', `service:${service}`, `month:${helsinkiMonth(event.data.at)}`]
        return {
          caseService: state.caseService,
          needsMet: count(state.needsMet, keys, event.data.needsMet),
          communication: count(state.communication, keys, event.data.communication),
        }
      }
      default:
        return state
    }
  },
}

const summaryOf = (state: SatisfactionState, key: string) => ({
  needsMet: scoreSummary(state.needsMet.get(key) ?? EMPTY),
  communication: scoreSummary(state.communication.get(key) ?? EMPTY),
})

const byPrefix = (state: SatisfactionState, prefix: string) =>
  Object.fromEntries(
    [...state.needsMet.keys()]
      .filter((k) => k.startsWith(prefix))
      .sort()
      .map((k) => [k.slice(prefix.length), summaryOf(state, k)]),
  )

export const satisfactionReport = (state: SatisfactionState) => ({
  city: summaryOf(state, 'city'),
  byService: byPrefix(state, 'service:'),
  byMonth: byPrefix(state, 'month:'),
})

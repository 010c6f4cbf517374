/** The arbitraries generate what they promise: valid journeys, realistic cities, invalid commands. */
import { test } from '@fast-check/vitest'
import {
  caseDecider,
  decodeCommand,
  decodeEvent,
  type CaseEvent,
  type ServiceEvent,
} from '@servicelife/domain'
import {
  inProduction,
  caseHistoryViolations,
  caseJourney,
  cityHistory,
  invalidCommand,
  runCommands,
  serviceHistoryViolations,
} from '@servicelife/spec'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

describe('caseJourney', () => {
  test.prop([fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2026, 0, 1) })], { numRuns: 100 })(
    'every command of a journey is accepted by the case decider, its services in production',
    (start) => {
      const [journey] = fc.sample(caseJourney({ caseId: 'c', start, services: ['s1', 's2'] }), {
        seed: start % 1000,
        numRuns: 1,
      })
      const { outcomes } = runCommands(caseDecider, journey!.map(inProduction))
      expect(outcomes.filter((o) => E.isLeft(o.outcome))).toEqual([])
    },
  )
})

describe('cityHistory', () => {
  test.prop([cityHistory({ services: 4, cases: 15 })], { numRuns: 30 })(
    'is time-ordered, decodes, and every stream keeps the rules',
    (entries) => {
      for (let i = 1; i < entries.length; i++) {
        expect(Date.parse(entries[i]!.event.data.at)).toBeGreaterThanOrEqual(
          Date.parse(entries[i - 1]!.event.data.at),
        )
      }
      for (const { event } of entries)
        expect(E.isRight(decodeEvent(JSON.parse(JSON.stringify(event))))).toBe(true)
      const streams = new Map<string, (ServiceEvent | CaseEvent)[]>()
      for (const { streamId, event } of entries)
        streams.set(streamId, [...(streams.get(streamId) ?? []), event as ServiceEvent | CaseEvent])
      for (const [streamId, events] of streams) {
        const violations = streamId.startsWith('service-')
          ? serviceHistoryViolations(events as ServiceEvent[])
          : caseHistoryViolations(events as CaseEvent[])
        expect(violations).toEqual([])
      }
    },
  )

  it('has realistic proportions: most cases answered, some late, some never; few services retired', () => {
    const cities = fc.sample(cityHistory({ services: 5, cases: 30 }), { seed: 42, numRuns: 20 })
    let cases = 0
    let answered = 0
    let late = 0
    let services = 0
    let retired = 0
    for (const city of cities) {
      const byCase = new Map<string, CaseEvent[]>()
      for (const { streamId, event } of city) {
        if (event.type === 'ServicePlanned') services++
        if (event.type === 'ServiceRetired') retired++
        if (streamId.startsWith('case-'))
          byCase.set(streamId, [...(byCase.get(streamId) ?? []), event as CaseEvent])
      }
      for (const events of byCase.values()) {
        cases++
        const first = events.find((e) => e.type === 'ContactReceived')!
        const answer = events.find((e) => e.type === 'CaseAnswered')
        if (answer) {
          answered++
          if (Date.parse(answer.data.at) - Date.parse(first.data.at) > 14 * 86_400_000) late++
        }
      }
    }
    expect(answered / cases).toBeGreaterThan(0.85)
    expect(answered / cases).toBeLessThan(0.99)
    expect(late / answered).toBeGreaterThan(0.01)
    expect(late / answered).toBeLessThan(0.15)
    expect(retired / services).toBeGreaterThan(0.02)
    expect(retired / services).toBeLessThan(0.3)
  })
})

describe('invalidCommand', () => {
  test.prop([invalidCommand], { numRuns: 300 })(
    'is always refused at the boundary, naming what is broken',
    ({ command, broken }) => {
      const decoded = decodeCommand(command)
      expect(E.isLeft(decoded)).toBe(true)
      if (E.isLeft(decoded)) {
        const paths = broken.split('|')
        expect(decoded.left.problems.some((p) => paths.some((path) => p.startsWith(`${path}:`)))).toBe(true)
      }
    },
  )
})

/**
 * The demo's city year: the same seed gives the same year, every command it holds is one the
 * deciders accept, commands come in business-time order, and the year tells the strategy's stories.
 */
import { test } from '@fast-check/vitest'
import {
  type CaseEvent,
  caseDecider,
  type CaseState,
  type ServiceEvent,
  serviceDecider,
  type ServiceState,
} from '@servicelife/domain'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cityYear, type CityYear, decideCityYear } from '../src/index.js'

/** The year decided in memory: its events by type, and the final state of each service and case. */
const run = (year: CityYear) => {
  const { entries, rejected } = decideCityYear(year)
  const services = new Map<string, ServiceState>()
  const cases = new Map<string, CaseState>()
  for (const { streamId, event } of entries) {
    if (event.type.startsWith('Service')) {
      const id = streamId.slice('service-'.length)
      services.set(
        id,
        serviceDecider.evolve(services.get(id) ?? serviceDecider.initialState, event as ServiceEvent),
      )
    } else {
      cases.set(
        streamId,
        caseDecider.evolve(cases.get(streamId) ?? caseDecider.initialState, event as CaseEvent),
      )
    }
  }
  return { rejected, events: entries.map((e) => e.event.type), services, cases }
}

const options = fc.record({
  seed: fc.nat(),
  services: fc.integer({ min: 1, max: 40 }),
  contacts: fc.integer({ min: 0, max: 150 }),
  year: fc.integer({ min: 2020, max: 2030 }),
})

describe('the city year', () => {
  test.prop([options], { numRuns: 40 })('the same options give the same year', (o) => {
    expect(cityYear(o)).toEqual(cityYear(o))
  })

  test.prop([options], { numRuns: 40 })('every command is accepted by the deciders', (o) => {
    expect(run(cityYear(o)).rejected).toEqual([])
  })

  test.prop([options], { numRuns: 40 })('commands come in business-time order', (o) => {
    const times = cityYear(o).commands.map((c) => Date.parse(c.command.data.at))
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!)
  })

  it('a default-sized year tells every story of the strategy', () => {
    const year = cityYear({ seed: 7, services: 24, contacts: 2_000, year: 2025 })
    const { events, services, cases } = run(year)
    const count = (type: string) => events.filter((e) => e === type).length
    for (const type of [
      'ServicePlanned',
      'ServiceLaunched',
      'ServiceReviewed',
      'ServiceProductionChanged',
      'ServiceDisrupted',
      'ServiceRestored',
      'ServiceRetired',
      'ContactReceived',
      'CaseOpened',
      'CaseReferred',
      'ConsentGiven',
      'CaseAnswered',
      'FeedbackGiven',
      'CaseClosed',
    ])
      expect(count(type), type).toBeGreaterThan(0)
    // Principle 4: a retired youth premises replaced by mobile youth work; day activities to associations.
    expect(services.get('youth-premises')?.lifecycle).toBe('retired')
    expect(services.get('elderly-day-activities')?.plan?.productionMode).toBe('third-sector')
    const retire = year.commands.find(
      (c) => c.command.type === 'RetireService' && c.command.data.serviceId === 'youth-premises',
    )
    expect(retire?.command.data).toMatchObject({ replacedBy: 'mobile-youth-work' })
    // Promise 2: most answered, some never.
    const awaiting = [...cases.values()].filter((c) => c.latestContactAt > c.latestAnswerAt).length
    expect(awaiting).toBeGreaterThan(0)
    expect(awaiting).toBeLessThan(cases.size * 0.2)
    // Every contact channel is used.
    const channels = new Set(
      year.commands.flatMap((c) => (c.command.type === 'ReceiveContact' ? [c.command.data.channel] : [])),
    )
    expect(channels.size).toBe(7)
  })
})

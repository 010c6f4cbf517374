/**
 * The demo's city year: the same seed gives the same year, every command it holds is one the
 * deciders accept, commands come in business-time order, and the year tells the strategy's stories.
 */
import { test } from '@fast-check/vitest'
import {
  type CaseCommand,
  caseDecider,
  type CaseState,
  type ServiceLifecycle,
  serviceDecider,
  type ServiceState,
} from '@servicelife/domain'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { cityYear, type CityYear } from '../src/index.js'

/** Runs a year through the deciders as the command handler would, target states filled from service state. */
const run = (year: CityYear) => {
  const services = new Map<string, ServiceState>()
  const cases = new Map<string, CaseState>()
  const rejected: string[] = []
  const events: string[] = []
  const lifecycle = (id: string): ServiceLifecycle => {
    const l = services.get(id)?.lifecycle ?? 'unplanned'
    return l === 'unplanned' ? 'unknown' : l
  }
  for (const { stream, command } of year.commands) {
    if (stream === 'service') {
      const id = command.data.serviceId
      const state = services.get(id) ?? serviceDecider.initialState
      const decided = serviceDecider.decide(command, state)
      if (E.isLeft(decided)) rejected.push(`${command.type} ${id}: ${decided.left.code}`)
      else {
        services.set(id, decided.right.reduce(serviceDecider.evolve, state))
        events.push(...decided.right.map((e) => e.type))
      }
      continue
    }
    const filled: CaseCommand =
      command.type === 'OpenCase'
        ? { ...command, data: { ...command.data, targetServiceState: lifecycle(command.data.serviceId) } }
        : command.type === 'ReferCase'
          ? { ...command, data: { ...command.data, targetServiceState: lifecycle(command.data.to) } }
          : command
    const id = command.data.caseId
    const state = cases.get(id) ?? caseDecider.initialState
    const decided = caseDecider.decide(filled, state)
    if (E.isLeft(decided)) rejected.push(`${command.type} ${id}: ${decided.left.code}`)
    else {
      cases.set(id, decided.right.reduce(caseDecider.evolve, state))
      events.push(...decided.right.map((e) => e.type))
    }
  }
  return { rejected, events, services, cases }
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

/**
 * Testing with the spec kit: every example in docs/testing.md, run. Each ```ts block of that page
 * is a passage of this file (checked below), and every name @servicelife/spec exports is named
 * on the page.
 */
import { readFileSync } from 'node:fs'
import { test as propertyTest } from '@fast-check/vitest'
import { caseDecider, caseEntity, serviceDecider } from '@servicelife/domain'
import { allProjections, applyEvents, complianceReport } from '@servicelife/projections'
import * as spec from '@servicelife/spec'
import {
  acceptedHistory,
  archiveTextOf,
  asRecorded,
  badCommands,
  caseCommandSequence,
  caseHistoryViolations,
  caseJourney,
  cityHistory,
  deciderSpec,
  handleAll,
  inChunks,
  invalidCommand,
  planAndLaunch,
  plusDays,
  refusals,
  runCommands,
  serviceCommandSequence,
  serviceHistoryViolations,
  strategy,
  turkuServices,
  youthChatJourney,
} from '@servicelife/spec'
import { commandHandler, InMemoryEventStore, readArchive } from '@servicelife/store'
import { checkHistory } from '@servicelife/strategy'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

const plan = turkuServices.elderlyDayActivities

describe('given/when/then over a decider', () => {
  it('deciderSpec: a plan is accepted, a launch of a service never planned is refused', () => {
    const services = deciderSpec(serviceDecider)
    services
      .given([])
      .when({ type: 'PlanService', data: plan })
      .then([{ type: 'ServicePlanned', data: plan }])
    const error = services
      .given([])
      .when({ type: 'LaunchService', data: { serviceId: plan.serviceId, at: plan.at, channels: ['phone'] } })
      .thenFails('service-must-be-planned')
    expect(error.entity).toEqual({ kind: 'service', id: plan.serviceId })
  })

  it('runCommands: every outcome in order, the accepted events and the state they fold to', () => {
    const { events, outcomes, state } = runCommands(serviceDecider, planAndLaunch(plan))
    expect(outcomes.every((o) => E.isRight(o.outcome))).toBe(true)
    expect(events.map((e) => e.type)).toEqual(['ServicePlanned', 'ServiceLaunched'])
    expect(state.lifecycle).toBe('in-production')
  })
})

describe('properties over generated histories', () => {
  propertyTest.prop([acceptedHistory(serviceDecider, serviceCommandSequence())])(
    'acceptedHistory: whatever commands come, the accepted service history breaks no rule',
    (events) => {
      expect(serviceHistoryViolations(events)).toEqual([])
    },
  )

  propertyTest.prop([acceptedHistory(caseDecider, caseCommandSequence())])(
    'caseCommandSequence: the accepted case history breaks no rule either',
    (events) => {
      expect(caseHistoryViolations(events)).toEqual([])
    },
  )

  propertyTest.prop([
    caseJourney({ caseId: 'c-1', start: Date.parse('2025-03-03T09:00:00+02:00'), services: ['s1'] }),
  ])('caseJourney: a realistic journey opens its case on the first contact', (commands) => {
    expect(commands[0]!.type).toBe('ReceiveContact')
    expect(commands[1]!.type).toBe('OpenCase')
  })

  propertyTest.prop([cityHistory({ services: 3, cases: 10 }).map(asRecorded)], { numRuns: 20 })(
    'cityHistory: no case answered is counted as awaiting an answer',
    (events) => {
      const state = applyEvents(
        allProjections.promiseCompliance,
        allProjections.promiseCompliance.initial,
        events,
      )
      const report = complianceReport(state)
      expect(report.city.answered + report.city.awaitingAnswer + report.city.closedWithoutAnswer).toBe(
        report.city.cases,
      )
      expect(checkHistory(events).every((v) => v.ruleId !== 'metrics.satisfaction-scale')).toBe(true)
    },
  )

  it('strategy: each rule of the strategy is a property that fast-check runs', () => {
    fc.assert(strategy.principles.criticalServicesRun.property(), { numRuns: 20 })
  })
})

describe('the boundary', () => {
  propertyTest.prop([invalidCommand])(
    'invalidCommand: a command with one field broken is refused and writes nothing',
    async ({ command }) => {
      const store = new InMemoryEventStore()
      const handled = await commandHandler(store, caseEntity).handle(command, { commandId: 'x' })
      expect(E.isLeft(handled)).toBe(true)
      expect(await store.headPosition()).toBe(-1)
    },
  )

  it('badCommands: what a tired operator or an attacker sends, each with the code it must get', async () => {
    const store = new InMemoryEventStore()
    const cases = commandHandler(store, caseEntity)
    for (const bad of badCommands('c-1').filter((b) => b.entity === 'case')) {
      // Some rows break the command's metadata rather than the command.
      const metadata = 'metadata' in bad ? bad.metadata : { commandId: bad.name }
      const handled = await cases.handle(bad.command, metadata as { commandId: string })
      expect(E.isLeft(handled) && handled.left.code).toBe(bad.code)
    }
    expect(await store.headPosition()).toBe(-1)
  })
})

describe('through a store, as a city system records', () => {
  it('handleAll and refusals: the Turku fixtures recorded through the handler, none refused', async () => {
    const store = new InMemoryEventStore()
    const { generalGuidance, youthGuidance } = turkuServices
    const outcomes = await handleAll(store, [
      ...planAndLaunch(generalGuidance),
      ...planAndLaunch(youthGuidance),
      ...youthChatJourney('c-1', plusDays(youthGuidance.at, 30)),
    ])
    expect(refusals(outcomes)).toEqual([])
  })

  it('archiveTextOf and inChunks: an archive read back in chunks cut inside lines', async () => {
    const store = new InMemoryEventStore()
    await handleAll(store, planAndLaunch(plan))
    const text = await archiveTextOf(store)
    let lines = 0
    for await (const line of readArchive(inChunks(text, 13))) if (E.isRight(line)) lines++
    expect(lines).toBe(2)
  })
})

describe('docs/testing.md', () => {
  const page = readFileSync(new URL('./testing.md', import.meta.url), 'utf8')
  const self = readFileSync(new URL(import.meta.url), 'utf8')

  it('names every export of @servicelife/spec', () => {
    // In code type, alone or called: `name` or `name(...)`.
    const missing = Object.keys(spec).filter((name) => !new RegExp(`\`${name}(?![\\w$])`).test(page))
    expect(missing).toEqual([])
  })

  it('shows only code this file runs', () => {
    const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
    expect(blocks.length).toBeGreaterThan(0)
    const collapse = (s: string) => s.replace(/\s+/g, ' ').trim()
    for (const block of blocks) expect(collapse(self)).toContain(collapse(block))
  })
})

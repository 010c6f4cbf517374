/**
 * Explaining an entity: each event shows what it changed in the state the decider folds, the rules
 * that guarded it, and a retirement shows the review it rests on.
 */
import { CaseEvent, caseDecider, type RuleCode, ServiceEvent, serviceDecider } from '@servicelife/domain'
import {
  inProduction,
  asRecorded,
  planAndLaunch,
  runCommands,
  turkuServices,
  youthChatJourney,
  youthPremisesReview,
} from '@servicelife/spec'
import { describe, expect, it } from 'vitest'
import { explain } from '../src/index.js'
import { rulesGuarding } from '../src/core/explain.js'

const premises = runCommands(serviceDecider, [
  ...planAndLaunch(turkuServices.youthPremisesA),
  ...youthPremisesReview('youth-premises-a', '2025-02-24T18:00:00+02:00', 'pop-up-youth-work'),
]).events
const recordedPremises = asRecorded(
  premises.map((event) => ({ streamId: 'service-youth-premises-a', event })),
)

describe('explain service', () => {
  const story = explain({ kind: 'service', id: 'youth-premises-a' }, recordedPremises)

  it('each event says how the lifecycle changed', () => {
    expect(story.events.map((e) => [e.type, e.changes.find((c) => c.field === 'lifecycle')])).toEqual([
      ['ServicePlanned', { field: 'lifecycle', from: 'unplanned', to: 'planned' }],
      ['ServiceLaunched', { field: 'lifecycle', from: 'planned', to: 'in-production' }],
      ['ServiceReviewed', undefined],
      ['ServiceRetired', { field: 'lifecycle', from: 'in-production', to: 'retired' }],
    ])
    expect(story.state.lifecycle).toBe('retired')
  })

  it('a retirement rests on the latest review before it, with its evidence', () => {
    const retired = story.events.find((e) => e.type === 'ServiceRetired')!
    expect(retired.basis).toEqual({
      reviewedAt: '2025-02-24T18:00:00+02:00',
      decision: 'retire',
      evidence: expect.objectContaining({ usage: 1900, needsMet: 3.1, reachesTargetGroup: false }),
    })
    expect(retired.details).toMatchObject({ replacedBy: 'pop-up-youth-work' })
    expect(retired.guardedBy).toContain('statutory-retirement-names-replacement')
  })

  it('events keep their place in the record', () => {
    expect(story.events.map((e) => e.position)).toEqual(recordedPremises.map((e) => e.position))
  })
})

describe('explain case', () => {
  const journey = runCommands(
    caseDecider,
    youthChatJourney('c1', '2025-03-03T10:00:00+02:00').map(inProduction),
  ).events
  const story = explain(
    { kind: 'case', id: 'c1' },
    asRecorded(journey.map((event) => ({ streamId: 'case-c1', event }))),
  )

  it('the answer ends the wait for an answer; the referral moves the case', () => {
    const changed = (type: string, field: string) =>
      story.events.find((e) => e.type === type)?.changes.find((c) => c.field === field)
    expect(changed('ContactReceived', 'awaitingAnswer')).toEqual({
      field: 'awaitingAnswer',
      from: null,
      to: 'true',
    })
    expect(changed('CaseAnswered', 'awaitingAnswer')).toEqual({
      field: 'awaitingAnswer',
      from: 'true',
      to: 'false',
    })
    expect(changed('CaseReferred', 'service')).toEqual({
      field: 'service',
      from: 'general-guidance',
      to: 'youth-guidance',
    })
    expect(story.events.find((e) => e.type === 'CaseReferred')?.guardedBy).toContain('referral-needs-consent')
  })
})

describe('the rules guarding each event', () => {
  it('every event type of the domain names the rules that guard it', () => {
    const types = [...ServiceEvent.types, ...CaseEvent.types].map((c) => c.required.type.value as string)
    for (const type of types) expect(rulesGuarding[type]?.length ?? 0, type).toBeGreaterThan(0)
    expect(Object.keys(rulesGuarding).sort()).toEqual([...types].sort())
  })

  it('every rule the deciders can break guards some event', () => {
    const guarded = new Set(Object.values(rulesGuarding).flat())
    const codes: RuleCode[] = [
      'launch-needs-a-channel',
      'critical-disruption-states-continuity',
      'statutory-retirement-names-replacement',
      'referral-needs-consent',
      'opened-on-own-contact',
      'close-after-answer',
      'score-in-range',
    ]
    for (const code of codes) expect(guarded.has(code), code).toBe(true)
  })
})

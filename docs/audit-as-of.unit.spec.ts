import { InMemoryEventStore, handleCommand } from '@servicelife/store'
import { serviceDecider, serviceStreamId } from '@servicelife/domain'
import { COUNCIL_DECISION, planAndLaunch, turkuServices, youthPremisesReview } from '@servicelife/spec'
import { describe, expect, it } from 'vitest'
import { auditOnDecisionDay } from './examples/audit-as-of.js'

describe('docs/examples/audit-as-of.ts', () => {
  it('on the decision date the premises still ran; the retirement rests on the review evidence', async () => {
    const store = new InMemoryEventStore()
    const commands = [
      ...planAndLaunch(turkuServices.youthPremisesA),
      ...youthPremisesReview('youth-premises-a', COUNCIL_DECISION),
    ]
    for (const [i, command] of commands.entries())
      await handleCommand(store, serviceDecider, serviceStreamId('youth-premises-a'), command, {
        commandId: `c${i}`,
      })
    const audit = await auditOnDecisionDay(store, COUNCIL_DECISION, 'youth-premises-a')
    expect(audit.lifecycles).toEqual({ 'youth-premises-a': 'in-production' })
    expect(audit.evidence).toMatchObject({ usage: 1900, reachesTargetGroup: false })
  })
})

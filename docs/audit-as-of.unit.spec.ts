import { InMemoryEventStore } from '@servicelife/store'
import {
  COUNCIL_DECISION,
  handleAll,
  planAndLaunch,
  refusals,
  turkuServices,
  youthPremisesReview,
} from '@servicelife/spec'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { auditOnDecisionDay } from './examples/audit-as-of.js'

describe('docs/examples/audit-as-of.ts', () => {
  it('on the decision date the premises still ran; the retirement rests on the review evidence', async () => {
    const store = new InMemoryEventStore()
    const commands = [
      ...planAndLaunch(turkuServices.youthPremisesA),
      ...youthPremisesReview('youth-premises-a', COUNCIL_DECISION),
    ]
    expect(refusals(await handleAll(store, commands))).toEqual([])
    const audited = await auditOnDecisionDay(store, COUNCIL_DECISION, 'youth-premises-a')
    if (E.isLeft(audited)) throw new Error(audited.left.message)
    const audit = audited.right
    expect(audit.lifecycles).toEqual({ 'youth-premises-a': 'in-production' })
    expect(audit.evidence).toMatchObject({ usage: 1900, reachesTargetGroup: false })
  })
})

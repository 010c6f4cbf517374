import { handleAll, planAndLaunch, refusals, turkuServices, youthChatJourney } from '@servicelife/spec'
import { InMemoryEventStore } from '@servicelife/store'
import { describe, expect, it } from 'vitest'
import { runContactsByLanguage } from './examples/own-projection.js'

describe('docs/examples/own-projection.ts', () => {
  it('counts contacts by language, caught up at start and kept current after', async () => {
    const store = new InMemoryEventStore()
    const commands = [
      ...planAndLaunch(turkuServices.generalGuidance),
      ...planAndLaunch(turkuServices.youthGuidance),
      ...youthChatJourney('y1', '2025-03-03T09:00:00+02:00'),
    ]
    expect(refusals(await handleAll(store, commands))).toEqual([])
    const { runner, failures, now } = await runContactsByLanguage(store)
    expect(now()).toEqual({ fi: 1 })
    expect(
      refusals(await handleAll(store, youthChatJourney('y2', '2025-03-04T09:00:00+02:00'), { prefix: 'y2' })),
    ).toEqual([])
    await runner.caughtUpTo(await store.headPosition())
    expect(now()).toEqual({ fi: 2 })
    expect(failures).toEqual([])
    await runner.stop()
  })
})

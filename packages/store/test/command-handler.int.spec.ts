/** Command handling: decide against the stream read, idempotent command ids, retries, cross-stream facts. */
import {
  caseDecider,
  caseStreamId,
  type ServiceCommand,
  type ServicePlannedData,
  serviceDecider,
  serviceStreamId,
} from '@servicelife/domain'
import { test } from '@fast-check/vitest'
import { caseCommandSequence, planAndLaunch, turkuServices, youthChatJourney } from '@servicelife/spec'
import {
  type EventStore,
  foldStream,
  handleCommand,
  InMemoryEventStore,
  StreamStateCache,
} from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

const plan = turkuServices.generalGuidance
const stream = serviceStreamId(plan.serviceId)
const [planCommand, launchCommand] = planAndLaunch(plan) as [ServiceCommand, ServiceCommand]

const launchServices = async (store: EventStore, ...plans: ServicePlannedData[]) => {
  for (const p of plans) {
    for (const [i, command] of planAndLaunch(p).entries()) {
      await handleCommand(store, serviceDecider, serviceStreamId(p.serviceId), command, {
        commandId: `${p.serviceId}-${i}`,
      })
    }
  }
}

describe('handleCommand', () => {
  it('appends the decided events with the command, correlation and causation ids', async () => {
    const store = new InMemoryEventStore()
    const handled = await handleCommand(store, serviceDecider, stream, planCommand, {
      commandId: 'cmd-1',
      correlationId: 'council-2025',
    })
    expect(E.isRight(handled) && handled.right.state.lifecycle).toBe('planned')
    const [recorded] = await store.readStream(stream)
    expect(recorded).toMatchObject({
      type: 'ServicePlanned',
      revision: 0,
      metadata: { commandId: 'cmd-1', correlationId: 'council-2025', causationId: 'cmd-1' },
    })
  })

  it('returns a broken rule as a value and writes nothing', async () => {
    const store = new InMemoryEventStore()
    const handled = await handleCommand(store, serviceDecider, stream, launchCommand, { commandId: 'cmd-1' })
    expect(E.isLeft(handled) && handled.left.code).toBe('service-must-be-planned')
    expect(await store.readStream(stream)).toEqual([])
  })

  it('the same command id handled twice appends nothing the second time and returns the first outcome', async () => {
    const store = new InMemoryEventStore()
    const first = await handleCommand(store, serviceDecider, stream, planCommand, { commandId: 'cmd-1' })
    const second = await handleCommand(store, serviceDecider, stream, planCommand, { commandId: 'cmd-1' })
    expect(E.isRight(second) && second.right.duplicate).toBe(true)
    expect(E.isRight(first) && E.isRight(second) && second.right.events).toEqual(
      E.isRight(first) && first.right.events,
    )
    expect((await store.readStream(stream)).length).toBe(1)
  })

  it('on a concurrent write it reloads, decides again against the new state and appends', async () => {
    const store = new InMemoryEventStore()
    await handleCommand(store, serviceDecider, stream, planCommand, { commandId: 'plan' })
    // Two launches race: both read the planned service; one wins, the other reloads and is rejected by the rule.
    const outcomes = await Promise.all([
      handleCommand(store, serviceDecider, stream, launchCommand, { commandId: 'launch-a' }),
      handleCommand(store, serviceDecider, stream, launchCommand, { commandId: 'launch-b' }),
    ])
    expect(outcomes.filter(E.isRight).length).toBe(1)
    expect(outcomes.find(E.isLeft)?.left).toMatchObject({ code: 'launch-only-from-planned' })
    expect((await store.readStream(stream)).length).toBe(2)
  })

  it('gives up after the bounded number of retries with a typed error', async () => {
    const inner = new InMemoryEventStore()
    await handleCommand(inner, serviceDecider, stream, planCommand, { commandId: 'plan' })
    // A store whose stream always moves on between the read and the append.
    const busy: EventStore = Object.assign(Object.create(inner), {
      readStream: async (id: string) => {
        const events = await inner.readStream(id)
        await inner.appendToStream(id, [{ type: 'ServiceReviewed', data: {} }], { expectedRevision: 'any' })
        return events.filter((e) => e.type !== 'ServiceReviewed')
      },
    })
    const handled = await handleCommand(busy, serviceDecider, stream, launchCommand, {
      commandId: 'launch',
      maxRetries: 2,
    })
    expect(E.isLeft(handled) && handled.left).toMatchObject({
      code: 'concurrency-retries-exhausted',
      attempts: 3,
    })
  })

  it('fills the routed-to service lifecycle state by reading its stream', async () => {
    const store = new InMemoryEventStore()
    await launchServices(store, turkuServices.generalGuidance, turkuServices.youthGuidance)
    const journey = youthChatJourney('youth-1', '2025-04-01T09:00:00+03:00').map((command) => {
      if (command.type !== 'OpenCase' && command.type !== 'ReferCase') return command
      const { targetServiceState: _, ...data } = command.data
      return { ...command, data } as typeof command
    })
    for (const [i, command] of journey.entries()) {
      const handled = await handleCommand(store, caseDecider, caseStreamId('youth-1'), command, {
        commandId: `c${i}`,
      })
      expect(handled._tag, JSON.stringify(handled)).toBe('Right')
    }
  })

  it('rejects routing to a service that was never planned, naming it', async () => {
    const store = new InMemoryEventStore()
    const [contact, open] = youthChatJourney('youth-2', '2025-04-01T09:00:00+03:00')
    await handleCommand(store, caseDecider, caseStreamId('youth-2'), contact!, { commandId: 'c0' })
    const { targetServiceState: _, ...data } = (open as Extract<typeof open, { type: 'OpenCase' }>).data
    const handled = await handleCommand(
      store,
      caseDecider,
      caseStreamId('youth-2'),
      { type: 'OpenCase', data },
      { commandId: 'c1' },
    )
    expect(E.isLeft(handled) && handled.left.message).toMatch(/general-guidance: it is unknown/)
  })

  it('an event read back that does not decode is an error naming stream and revision, not a crash', async () => {
    const store = new InMemoryEventStore()
    await store.appendToStream(
      stream,
      [{ type: 'ServicePlanned', data: { serviceId: 'general-guidance' } }],
      { expectedRevision: 'no-stream' },
    )
    const handled = await handleCommand(store, serviceDecider, stream, launchCommand, { commandId: 'launch' })
    expect(E.isLeft(handled) && handled.left).toMatchObject({
      code: 'unreadable-history',
      streamId: stream,
      revision: 0,
    })
  })
})

describe('the stream state cache', () => {
  const outcomes = async (
    store: EventStore,
    commands: ReadonlyArray<Parameters<typeof caseDecider.decide>[0]>,
    cache?: false,
  ) => {
    const seen: string[] = []
    for (const [i, command] of commands.entries()) {
      const handled = await handleCommand(store, caseDecider, caseStreamId('c'), command, {
        commandId: `cmd-${i % 7}`,
        ...(cache === false ? { cache } : {}),
      })
      seen.push(
        E.isRight(handled)
          ? `${handled.right.duplicate}:${handled.right.events.map((e) => e.type)}`
          : handled.left.code,
      )
    }
    return seen
  }

  test.prop([caseCommandSequence(25)], { numRuns: 60 })(
    'handling through the cache decides exactly as reading the whole stream each time',
    async (commands) => {
      expect(await outcomes(new InMemoryEventStore(), commands)).toEqual(
        await outcomes(new InMemoryEventStore(), commands, false),
      )
    },
  )

  it('events another writer appended after the cached fold are read and folded', async () => {
    const store = new InMemoryEventStore()
    await handleCommand(store, serviceDecider, stream, planCommand, { commandId: 'plan' })
    // Another process launches the service behind this handler's back.
    const other = await handleCommand(store, serviceDecider, stream, launchCommand, {
      commandId: 'launch',
      cache: new StreamStateCache(),
    })
    expect(E.isRight(other)).toBe(true)
    const review: ServiceCommand = {
      type: 'ReviewService',
      data: {
        serviceId: plan.serviceId,
        at: '2025-01-10T10:00:00+02:00',
        reviewer: 'Board',
        evidence: { usage: 10 },
        decision: 'continue',
        rationale: 'Evidence reviewed.',
      },
    }
    const handled = await handleCommand(store, serviceDecider, stream, review, { commandId: 'review' })
    expect(E.isRight(handled) && handled.right.state.lifecycle).toBe('in-production')
  })

  it('holds at most its bound, dropping the least recently used stream first', () => {
    const cache = new StreamStateCache(2)
    const entry = { revision: 0, state: null, commands: new Map() }
    cache.set('a', entry)
    cache.set('b', entry)
    cache.get('a')
    cache.set('c', entry)
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((e) => e !== undefined)).toEqual([
      true,
      false,
      true,
    ])
    expect(cache.size).toBe(2)
  })
})

describe('foldStream', () => {
  test.prop([caseCommandSequence(25)], { numRuns: 40 })(
    'folds the record of a stream to the state and revision handling its commands reached',
    async (commands) => {
      const store = new InMemoryEventStore()
      let last: { state: unknown; revision: number } = { state: caseDecider.initialState, revision: -1 }
      for (const [i, command] of commands.entries()) {
        const handled = await handleCommand(store, caseDecider, caseStreamId('c'), command, {
          commandId: `k${i}`,
        })
        if (E.isRight(handled))
          last = { state: handled.right.state, revision: handled.right.nextExpectedRevision ?? -1 }
      }
      expect(await foldStream(store, caseDecider, caseStreamId('c'))).toEqual(E.right(last))
    },
  )

  it('an event that does not decode is an error naming stream and revision', async () => {
    const store = new InMemoryEventStore()
    await handleCommand(store, serviceDecider, stream, planCommand, { commandId: 'plan' })
    await store.appendToStream(stream, [{ type: 'ServiceLaunched', data: { serviceId: 42 } }], {
      expectedRevision: 0,
    })
    expect(await foldStream(store, serviceDecider, stream)).toMatchObject(
      E.left({ code: 'unreadable-history', streamId: stream, revision: 1 }),
    )
  })
})

/**
 * Command handling: the contract on both stores of this package, then what the handler adds:
 * command, correlation and causation ids, idempotent command ids, retries with back-off, the
 * stream state cache, and folding a stream read back.
 */
import { test } from '@fast-check/vitest'
import {
  caseDecider,
  caseEntity,
  type RoutedCaseCommand,
  type ServiceCommand,
  serviceEntity,
  serviceStreamId,
} from '@servicelife/domain'
import {
  caseCommandSequence,
  commandHandlerContract,
  handleAll,
  planAndLaunch,
  refusals,
  turkuServices,
} from '@servicelife/spec'
import {
  commandHandler,
  type EventStore,
  FileEventStore,
  foldStream,
  InMemoryEventStore,
} from '@servicelife/store'
import { StreamStateCache } from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { tempDir } from './temp-dir.js'

commandHandlerContract(
  'InMemoryEventStore',
  async () => ({ store: new InMemoryEventStore(), cleanup: async () => {} }),
  { describe, it },
)

commandHandlerContract(
  'FileEventStore',
  async () => {
    const { dir, remove } = tempDir()
    const opened = await FileEventStore.open(dir)
    if (E.isLeft(opened)) throw new Error(opened.left.message)
    return {
      store: opened.right,
      cleanup: async () => {
        await opened.right.close()
        remove()
      },
    }
  },
  { describe, it },
)

const plan = turkuServices.generalGuidance
const stream = serviceStreamId(plan.serviceId)
const [planCommand, launchCommand] = planAndLaunch(plan) as [ServiceCommand, ServiceCommand]

describe('commandHandler', () => {
  it('appends the decided events with the command, correlation and causation ids', async () => {
    const store = new InMemoryEventStore()
    const handled = await commandHandler(store, serviceEntity).handle(planCommand, {
      commandId: 'cmd-1',
      correlationId: 'council-2025',
    })
    expect(E.isRight(handled) && handled.right).toMatchObject({
      streamId: stream,
      state: { lifecycle: 'planned' },
    })
    const [recorded] = await store.readStream(stream)
    expect(recorded).toMatchObject({
      type: 'ServicePlanned',
      revision: 0,
      metadata: { commandId: 'cmd-1', correlationId: 'council-2025', causationId: 'cmd-1' },
    })
  })

  it('returns a broken rule as a value and writes nothing', async () => {
    const store = new InMemoryEventStore()
    const handled = await commandHandler(store, serviceEntity).handle(launchCommand, { commandId: 'cmd-1' })
    expect(E.isLeft(handled) && handled.left.code).toBe('service-must-be-planned')
    expect(await store.headPosition()).toBe(-1)
  })

  it('the same command id handled twice appends nothing the second time and returns the first outcome', async () => {
    const store = new InMemoryEventStore()
    const services = commandHandler(store, serviceEntity)
    const first = await services.handle(planCommand, { commandId: 'cmd-1' })
    const second = await services.handle(planCommand, { commandId: 'cmd-1' })
    expect(E.isRight(second) && second.right.duplicate).toBe(true)
    expect(E.isRight(first) && E.isRight(second) && second.right.events).toEqual(
      E.isRight(first) && first.right.events,
    )
    expect(await store.headPosition()).toBe(0)
  })

  it('an expected revision the stream has moved past refuses the command and writes nothing', async () => {
    const store = new InMemoryEventStore()
    const services = commandHandler(store, serviceEntity)
    const stale = await services.handle(planCommand, { commandId: 'cmd-1', expectedRevision: 0 })
    expect(E.isLeft(stale) && stale.left).toMatchObject({
      code: 'wrong-expected-revision',
      streamId: stream,
      expected: 0,
      actual: 'no-stream',
    })
    expect(await store.headPosition()).toBe(-1)
    const planned = await services.handle(planCommand, { commandId: 'cmd-1', expectedRevision: 'no-stream' })
    expect(E.isRight(planned)).toBe(true)
    const late = await services.handle(launchCommand, { commandId: 'cmd-2', expectedRevision: 'no-stream' })
    expect(E.isLeft(late) && late.left).toMatchObject({ code: 'wrong-expected-revision', actual: 0 })
    const onTime = await services.handle(launchCommand, { commandId: 'cmd-2', expectedRevision: 0 })
    expect(E.isRight(onTime) && onTime.right.nextExpectedRevision).toBe(1)
    // A retry of an accepted command is its first outcome, whatever revision it expected.
    const retried = await services.handle(launchCommand, { commandId: 'cmd-2', expectedRevision: 0 })
    expect(E.isRight(retried) && retried.right.duplicate).toBe(true)
  })

  it('an expected revision that is not a revision is a decode error', async () => {
    const store = new InMemoryEventStore()
    for (const expectedRevision of [-1, 1.5, '3', 'any', null])
      expect(
        await commandHandler(store, serviceEntity).handle(planCommand, {
          commandId: 'c',
          expectedRevision,
        } as never),
      ).toMatchObject({ left: { code: 'decode-error', target: 'CommandMetadata' } })
  })

  it('commands of one stream sent at once are decided in the order sent: the second launch meets a launched service', async () => {
    const store = new InMemoryEventStore()
    const services = commandHandler(store, serviceEntity)
    await services.handle(planCommand, { commandId: 'plan' })
    const outcomes = await Promise.all([
      services.handle(launchCommand, { commandId: 'launch-a' }),
      services.handle(launchCommand, { commandId: 'launch-b' }),
    ])
    expect(E.isRight(outcomes[0]!)).toBe(true)
    expect(E.isLeft(outcomes[1]!) && outcomes[1].left.code).toBe('launch-only-from-planned')
  })

  it('a lost race with another writer is decided again, after a pause that grows and never exceeds its bound', async () => {
    const inner = new InMemoryEventStore({ appendGuard: false })
    await commandHandler(inner, serviceEntity).handle(planCommand, { commandId: 'plan' })
    // A store whose stream always moves on between the read and the append.
    let reads = 0
    const busy: EventStore = Object.assign(Object.create(inner) as EventStore, {
      readStream: async (id: string) => {
        const events = await inner.readStream(id)
        reads++
        await inner.appendToStream(id, [{ type: 'ServiceRestored', data: {} }], { expectedRevision: 'any' })
        return events.filter((e) => e.type !== 'ServiceRestored')
      },
    })
    const pauses: number[] = []
    const handled = await commandHandler(busy, serviceEntity, {
      cache: false,
      retry: { attempts: 6, baseDelayMs: 10, maxDelayMs: 40 },
      random: () => 1,
      sleep: async (ms) => {
        pauses.push(ms)
      },
    }).handle(launchCommand, { commandId: 'launch' })
    expect(E.isLeft(handled) && handled.left).toMatchObject({
      code: 'concurrency-retries-exhausted',
      attempts: 6,
    })
    expect(reads).toBe(6)
    expect(pauses).toEqual([10, 20, 40, 40, 40])
  })

  it('the pause is jittered: half the grown pause, plus up to as much again', async () => {
    const inner = new InMemoryEventStore({ appendGuard: false })
    await commandHandler(inner, serviceEntity).handle(planCommand, { commandId: 'plan' })
    let raced = false
    const racedOnce: EventStore = Object.assign(Object.create(inner) as EventStore, {
      readStream: async (id: string) => {
        const events = await inner.readStream(id)
        if (!raced) {
          raced = true
          await inner.appendToStream(id, [{ type: 'Other', data: {} }], { expectedRevision: 'any' })
        }
        return events
      },
    })
    const pauses: number[] = []
    await commandHandler(racedOnce, serviceEntity, {
      cache: false,
      retry: { baseDelayMs: 100 },
      random: () => 0,
      sleep: async (ms) => {
        pauses.push(ms)
      },
    }).handle(launchCommand, { commandId: 'launch' })
    expect(pauses).toEqual([50])
  })

  it('a business time further ahead of the handler’s clock than its tolerance is refused', async () => {
    const store = new InMemoryEventStore()
    const now = () => Date.parse('2023-03-06T09:00:00+02:00')
    const services = commandHandler(store, serviceEntity, { now, futureToleranceMs: 3_600_000 })
    const early = await services.handle(planCommand, { commandId: 'plan' })
    expect(E.isRight(early)).toBe(true)
    const handled = await services.handle(
      { ...launchCommand, data: { ...launchCommand.data, at: '2023-03-06T10:00:01+02:00' } },
      { commandId: 'launch' },
    )
    expect(E.isLeft(handled) && handled.left).toMatchObject({
      code: 'business-time-in-future',
      at: '2023-03-06T10:00:01+02:00',
    })
  })

  it('an event read back that does not decode is an error naming stream and revision, not a crash', async () => {
    const store = new InMemoryEventStore({ appendGuard: false })
    await store.appendToStream(
      stream,
      [{ type: 'ServicePlanned', data: { serviceId: 'general-guidance' } }],
      {
        expectedRevision: 'no-stream',
      },
    )
    const handled = await commandHandler(store, serviceEntity).handle(launchCommand, { commandId: 'launch' })
    expect(E.isLeft(handled) && handled.left).toMatchObject({
      code: 'unreadable-history',
      streamId: stream,
      revision: 0,
    })
  })

  it('a service the case is routed to that does not decode is an error naming the service’s stream', async () => {
    const store = new InMemoryEventStore({ appendGuard: false })
    await store.appendToStream(
      stream,
      [{ type: 'ServicePlanned', data: { serviceId: 'general-guidance' } }],
      {
        expectedRevision: 'no-stream',
      },
    )
    const outcomes = await handleAll(store, [
      {
        type: 'ReceiveContact',
        data: {
          caseId: 'c',
          at: '2025-01-01T10:00:00Z',
          contactId: 'k',
          channel: 'phone',
          customer: { kind: 'company' },
          language: 'fi',
          subject: 'Snow',
        },
      },
      {
        type: 'OpenCase',
        data: { caseId: 'c', at: '2025-01-01T10:01:00Z', serviceId: plan.serviceId, onContact: 'k' },
      },
    ])
    expect(refusals(outcomes)).toEqual(['OpenCase: unreadable-history'])
  })
})

/** Case commands as a caller sends them: the service facts are the record's, looked up by the handler. */
const unrouted = (command: RoutedCaseCommand) => {
  if (!('target' in command)) return command
  const { target: _, ...sent } = command
  return sent
}

/** Services s1 and s2 in production and s3 planned, as the sequences' routing pools expect. */
const withServices = async (store: EventStore) => {
  const services = ['s1', 's2', 's3'].flatMap((serviceId, i) => {
    const [planIt, launch] = planAndLaunch({ ...plan, serviceId, at: '2023-01-01T10:00:00+02:00' })
    return i < 2 ? [planIt!, launch!] : [planIt!]
  })
  expect(refusals(await handleAll(store, services, { prefix: 'service' }))).toEqual([])
  return store
}

describe('the stream state cache', () => {
  const outcomes = async (store: EventStore, commands: ReadonlyArray<RoutedCaseCommand>, cache?: false) => {
    const cases = commandHandler(store, caseEntity, cache === false ? { cache } : {})
    const seen: string[] = []
    for (const [i, command] of commands.entries()) {
      const handled = await cases.handle(unrouted(command), { commandId: `cmd-${i % 7}` })
      seen.push(
        E.isRight(handled)
          ? `${handled.right.duplicate}:${handled.right.events.map((e) => e.type)}`
          : handled.left.code,
      )
    }
    return seen
  }

  test.prop([caseCommandSequence(25)], { numRuns: 40 })(
    'handling through the cache decides exactly as reading the whole stream each time',
    async (commands) => {
      expect(await outcomes(await withServices(new InMemoryEventStore()), commands)).toEqual(
        await outcomes(await withServices(new InMemoryEventStore()), commands, false),
      )
    },
  )

  it('events another writer appended after the cached fold are read and folded', async () => {
    const store = new InMemoryEventStore()
    await commandHandler(store, serviceEntity).handle(planCommand, { commandId: 'plan' })
    // Another process launches the service behind this handler's back.
    const other = await commandHandler(store, serviceEntity, { cache: new StreamStateCache() }).handle(
      launchCommand,
      { commandId: 'launch' },
    )
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
    const handled = await commandHandler(store, serviceEntity).handle(review, { commandId: 'review' })
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
  test.prop([caseCommandSequence(25)], { numRuns: 30 })(
    'folds the record of a stream to the state and revision handling its commands reached',
    async (commands) => {
      const store = await withServices(new InMemoryEventStore())
      const cases = commandHandler(store, caseEntity)
      let last: { state: unknown; revision: number } = { state: caseDecider.initialState, revision: -1 }
      for (const [i, command] of commands.entries()) {
        const handled = await cases.handle(unrouted(command), { commandId: `k${i}` })
        if (E.isRight(handled) && handled.right.streamId === caseEntity.streamId('case-1'))
          last = { state: handled.right.state, revision: handled.right.nextExpectedRevision ?? -1 }
      }
      expect(await foldStream(store, caseEntity, 'case-1')).toEqual(E.right(last))
    },
  )

  it('an event that does not decode is an error naming stream and revision', async () => {
    const store = new InMemoryEventStore({ appendGuard: false })
    await commandHandler(store, serviceEntity).handle(planCommand, { commandId: 'plan' })
    await store.appendToStream(stream, [{ type: 'ServiceLaunched', data: { serviceId: 42 } }], {
      expectedRevision: 0,
    })
    expect(await foldStream(store, serviceEntity, plan.serviceId)).toMatchObject(
      E.left({ code: 'unreadable-history', streamId: stream, revision: 1 }),
    )
  })
})

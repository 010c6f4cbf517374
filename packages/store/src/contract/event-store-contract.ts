/**
 * The contract every EventStore passes, whatever is behind it. It needs only `describe` and `it`
 * from the test framework (vitest, node:test, mocha and jest all fit) and asserts with node:assert.
 *
 *   eventStoreContract('FileEventStore', async () => ({ store, cleanup }), { describe, it })
 */
import assert from 'node:assert/strict'
import * as E from 'fp-ts/lib/Either.js'
import { chainedHash, GENESIS_HASH } from '../core/hash-chain.js'
import type { EventStore, EventToAppend, ExpectedRevision, RecordedEvent } from '../port/event-store.js'

export interface ContractFixture {
  readonly store: EventStore
  readonly cleanup: () => Promise<void>
}

export interface TestFramework {
  describe(name: string, body: () => void): void
  it(name: string, body: () => Promise<void>, timeout?: number): void
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
let counter = 0
/** Stream names unique per test, so stores that cannot be emptied (a shared server) still work. */
const uniqueStream = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`
const event = (n: number, extra: Partial<EventToAppend> = {}): EventToAppend => ({
  type: 'ServiceRestored',
  data: { serviceId: 'contract', at: `2025-01-01T00:00:${String(n % 60).padStart(2, '0')}Z` },
  ...extra,
})
const ids = (...names: string[]) => names.map((n) => `0190a000-0000-7000-8000-${n.padStart(12, '0')}`)

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

export const eventStoreContract = (
  name: string,
  open: () => Promise<ContractFixture>,
  { describe, it }: TestFramework,
): void => {
  const withStore = (body: (store: EventStore) => Promise<void>) => async () => {
    const { store, cleanup } = await open()
    try {
      await body(store)
    } finally {
      await cleanup()
    }
  }
  const append = (
    store: EventStore,
    stream: string,
    expectedRevision: ExpectedRevision,
    events: EventToAppend[],
  ) => store.appendToStream(stream, events, { expectedRevision })
  const right = <A>(either: E.Either<unknown, A>): A => {
    assert.ok(E.isRight(either), `expected success, got ${JSON.stringify(either)}`)
    return either.right
  }
  const wrong = (
    either: E.Either<unknown, unknown>,
    expected: ExpectedRevision,
    actual: number | 'no-stream',
  ) => {
    assert.ok(E.isLeft(either), `expected wrong-expected-revision, got ${JSON.stringify(either)}`)
    assert.deepEqual(
      {
        code: (either.left as { code: string }).code,
        expected: (either.left as { expected: unknown }).expected,
        actual: (either.left as { actual: unknown }).actual,
      },
      { code: 'wrong-expected-revision', expected, actual },
    )
  }

  describe(`EventStore contract: ${name}`, () => {
    describe('expected revision', () => {
      it(
        "'no-stream' creates a stream at revision 0 and fails once it exists",
        withStore(async (store) => {
          const s = uniqueStream('service')
          assert.equal(right(await append(store, s, 'no-stream', [event(1)])).nextExpectedRevision, 0)
          wrong(await append(store, s, 'no-stream', [event(2)]), 'no-stream', 0)
        }),
      )
      it(
        "'exists' fails on a missing stream and appends to an existing one",
        withStore(async (store) => {
          const s = uniqueStream('service')
          wrong(await append(store, s, 'exists', [event(1)]), 'exists', 'no-stream')
          right(await append(store, s, 'any', [event(1)]))
          assert.equal(right(await append(store, s, 'exists', [event(2)])).nextExpectedRevision, 1)
        }),
      )
      it(
        "'any' appends whatever the stream's state",
        withStore(async (store) => {
          const s = uniqueStream('service')
          assert.equal(right(await append(store, s, 'any', [event(1)])).nextExpectedRevision, 0)
          assert.equal(right(await append(store, s, 'any', [event(2), event(3)])).nextExpectedRevision, 2)
        }),
      )
      it(
        'an exact revision must be the last revision, and the error carries expected and actual',
        withStore(async (store) => {
          const s = uniqueStream('service')
          wrong(await append(store, s, 0, [event(1)]), 0, 'no-stream')
          right(await append(store, s, 'no-stream', [event(1), event(2)]))
          wrong(await append(store, s, 0, [event(3)]), 0, 1)
          wrong(await append(store, s, 5, [event(3)]), 5, 1)
          assert.equal(right(await append(store, s, 1, [event(3)])).nextExpectedRevision, 2)
        }),
      )
      it(
        'a failed append writes nothing',
        withStore(async (store) => {
          const s = uniqueStream('service')
          right(await append(store, s, 'no-stream', [event(1)]))
          wrong(await append(store, s, 7, [event(2), event(3)]), 7, 0)
          assert.equal((await store.readStream(s)).length, 1)
          assert.equal(await store.streamRevision(s), 0)
        }),
      )
    })

    describe('idempotent appends', () => {
      it(
        're-appending the same event ids at the same place returns the first result and writes nothing',
        withStore(async (store) => {
          const s = uniqueStream('case')
          const [a, b] = ids('a1', 'b1')
          const first = right(
            await append(store, s, 'no-stream', [event(1, { eventId: a }), event(2, { eventId: b })]),
          )
          const again = right(
            await append(store, s, 'no-stream', [event(1, { eventId: a }), event(2, { eventId: b })]),
          )
          assert.deepEqual(again.events, first.events)
          assert.equal(again.nextExpectedRevision, 1)
          const retriedAny = right(
            await append(store, s, 'any', [event(1, { eventId: a }), event(2, { eventId: b })]),
          )
          assert.deepEqual(retriedAny.events, first.events)
          assert.equal((await store.readStream(s)).length, 2)
        }),
      )
      it(
        'a partial overlap is not a retry: it fails on the revision',
        withStore(async (store) => {
          const s = uniqueStream('case')
          const [a, b, c] = ids('a2', 'b2', 'c2')
          right(await append(store, s, 'no-stream', [event(1, { eventId: a }), event(2, { eventId: b })]))
          wrong(
            await append(store, s, 'no-stream', [event(1, { eventId: a }), event(3, { eventId: c })]),
            'no-stream',
            1,
          )
          assert.equal((await store.readStream(s)).length, 2)
        }),
      )
    })

    describe('recorded events', () => {
      it(
        'carry stream, revision, position, type, data and metadata with a uuid v7 and a hash chain',
        withStore(async (store) => {
          const s = uniqueStream('service')
          right(
            await append(store, s, 'no-stream', [
              event(1, { commandId: 'cmd-1', correlationId: 'corr', causationId: 'cause' }),
              event(2),
            ]),
          )
          const [first, second] = (await store.readStream(s)) as [RecordedEvent, RecordedEvent]
          assert.equal(first.streamId, s)
          assert.deepEqual([first.revision, second.revision], [0, 1])
          assert.ok(second.position > first.position)
          assert.deepEqual(first.data, event(1).data)
          assert.match(first.metadata.eventId, UUID_V7)
          assert.ok(!Number.isNaN(Date.parse(first.metadata.recordedAt)))
          assert.deepEqual(
            [first.metadata.commandId, first.metadata.correlationId, first.metadata.causationId],
            ['cmd-1', 'corr', 'cause'],
          )
          assert.equal(first.metadata.chain, 2)
          assert.equal(first.metadata.hash, chainedHash(GENESIS_HASH, first))
          assert.equal(second.metadata.hash, chainedHash(first.metadata.hash, second))
        }),
      )
      it(
        'reads a stream forwards, backwards, between revisions and up to a count',
        withStore(async (store) => {
          const s = uniqueStream('service')
          right(
            await append(
              store,
              s,
              'no-stream',
              [0, 1, 2, 3, 4].map((n) => event(n)),
            ),
          )
          const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
            (await store.readStream(s, options)).map((e) => e.revision)
          assert.deepEqual(await revisions(undefined), [0, 1, 2, 3, 4])
          assert.deepEqual(await revisions({ fromRevision: 2 }), [2, 3, 4])
          assert.deepEqual(await revisions({ fromRevision: 1, toRevision: 3 }), [1, 2, 3])
          assert.deepEqual(await revisions({ direction: 'backwards' }), [4, 3, 2, 1, 0])
          assert.deepEqual(await revisions({ direction: 'backwards', fromRevision: 3, maxCount: 2 }), [3, 2])
          assert.deepEqual(await revisions({ maxCount: 2 }), [0, 1])
        }),
      )
      it(
        'a missing stream reads as empty and has no revision',
        withStore(async (store) => {
          const s = uniqueStream('service')
          assert.deepEqual(await store.readStream(s), [])
          assert.equal(await store.streamRevision(s), undefined)
        }),
      )
    })

    describe('the last guard', () => {
      it(
        'refuses, writing nothing, an event that would not read back as itself or that the domain codecs refuse',
        withStore(async (store) => {
          const s = uniqueStream('service')
          right(await append(store, s, 'no-stream', [event(0)]))
          const head = await store.headPosition()
          const data = event(1).data as Record<string, unknown>
          const bad: ReadonlyArray<[string, EventToAppend]> = [
            ['NaN', { type: 'Noted', data: { n: Number.NaN } }],
            ['-0', { type: 'Noted', data: { n: -0 } }],
            ['undefined in an array', { type: 'Noted', data: { list: [1, undefined] } }],
            ['a Date', { type: 'Noted', data: { when: new Date(0) } }],
            ['a lone surrogate', { type: 'Noted', data: { text: 'a\ud800b' } }],
            ['a function', { type: 'Noted', data: { f: () => 1 } }],
            ['a domain event its codecs refuse', { type: 'ServiceRestored', data: { ...data, at: 'NaN' } }],
            ['an empty type', { type: '', data: {} }],
          ]
          for (const [what, e] of bad) {
            await assert.rejects(append(store, s, 'any', [event(2), e]), /refused to append/, what)
            assert.equal(await store.headPosition(), head, `${what}: something was written`)
          }
        }),
      )
    })

    describe('global order', () => {
      it(
        'the head position is the latest event’s, -1 before any',
        withStore(async (store) => {
          const before = await store.headPosition()
          const written = right(
            await append(store, uniqueStream('case'), 'no-stream', [event(1), event(2)]),
          ).events
          assert.ok(before < written[0]!.position)
          assert.equal(await store.headPosition(), written[1]!.position)
        }),
      )
      it(
        'readAll gives every event once, positions strictly increasing, each stream in revision order',
        withStore(async (store) => {
          const streams = [uniqueStream('service'), uniqueStream('case'), uniqueStream('case')]
          for (let round = 0; round < 4; round++) {
            for (const s of streams) right(await append(store, s, 'any', [event(round), event(round + 1)]))
          }
          const mine = (await collect(store.readAll())).filter((e) => streams.includes(e.streamId))
          assert.equal(mine.length, 24)
          for (let i = 1; i < mine.length; i++) assert.ok(mine[i]!.position > mine[i - 1]!.position)
          for (const s of streams)
            assert.deepEqual(
              mine.filter((e) => e.streamId === s).map((e) => e.revision),
              [0, 1, 2, 3, 4, 5, 6, 7],
            )
        }),
      )
      it(
        'readAll after a position starts just after it (a checkpoint is exclusive)',
        withStore(async (store) => {
          const s = uniqueStream('service')
          const written = right(await append(store, s, 'no-stream', [event(1), event(2), event(3)])).events
          const after = (await collect(store.readAll({ after: written[0]!.position }))).filter(
            (e) => e.streamId === s,
          )
          assert.deepEqual(
            after.map((e) => e.revision),
            [1, 2],
          )
        }),
      )
      it(
        'concurrent appends to distinct streams all land, each once',
        withStore(async (store) => {
          const streams = Array.from({ length: 40 }, () => uniqueStream('case'))
          const results = await Promise.all(
            streams.map((s, i) => append(store, s, 'no-stream', [event(i), event(i + 1)])),
          )
          for (const r of results) right(r)
          const mine = (await collect(store.readAll())).filter((e) => streams.includes(e.streamId))
          assert.equal(mine.length, 80)
          assert.equal(new Set(mine.map((e) => e.position)).size, 80)
        }),
      )
    })

    describe('racing writers', () => {
      it(
        'two writers at the same expected revision: exactly one wins, the other gets the wrong revision',
        withStore(async (store) => {
          for (let round = 0; round < 5; round++) {
            const s = uniqueStream('case')
            right(await append(store, s, 'no-stream', [event(0)]))
            const outcomes = await Promise.all([
              append(store, s, 0, [event(1)]),
              append(store, s, 0, [event(2)]),
            ])
            assert.equal(outcomes.filter(E.isRight).length, 1)
            wrong(outcomes.find(E.isLeft)!, 0, 1)
            assert.equal(await store.streamRevision(s), 1)
          }
        }),
      )
    })

    describe('subscriptions', () => {
      it(
        'catch up, then deliver live events in order with no gap and no duplicate',
        withStore(async (store) => {
          const s = uniqueStream('service')
          right(await append(store, s, 'no-stream', [event(1), event(2), event(3)]))
          const seen: RecordedEvent[] = []
          let arrived: () => void = () => {}
          const allArrived = new Promise<void>((resolve) => {
            arrived = resolve
          })
          const subscription = store.subscribeToAll({}, async (e) => {
            if (e.streamId !== s) return
            // A slow handler: live appends arrive while the subscriber is still catching up.
            await new Promise((resolve) => setTimeout(resolve, 2))
            seen.push(e)
            if (seen.length === 9) arrived()
          })
          for (let i = 0; i < 3; i++) right(await append(store, s, 'any', [event(10 + i), event(20 + i)]))
          await Promise.race([
            allArrived,
            subscription.done,
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error(`only ${seen.length} of 9 delivered`)), 10_000),
            ),
          ])
          await subscription.stop()
          assert.deepEqual(
            seen.map((e) => e.revision),
            [0, 1, 2, 3, 4, 5, 6, 7, 8],
          )
          for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.position > seen[i - 1]!.position)
        }),
        15_000,
      )
      it(
        'subscribing from a checkpoint delivers only what came after it',
        withStore(async (store) => {
          const s = uniqueStream('service')
          const written = right(await append(store, s, 'no-stream', [event(1), event(2), event(3)])).events
          const seen: number[] = []
          let arrived: () => void = () => {}
          const done = new Promise<void>((resolve) => {
            arrived = resolve
          })
          const subscription = store.subscribeToAll({ after: written[1]!.position }, (e) => {
            if (e.streamId !== s) return
            seen.push(e.revision)
            if (e.revision === 3) arrived()
          })
          right(await append(store, s, 2, [event(4)]))
          await Promise.race([
            done,
            new Promise((_, reject) => setTimeout(() => reject(new Error(`got ${seen}`)), 10_000)),
          ])
          await subscription.stop()
          assert.deepEqual(seen, [2, 3])
        }),
        15_000,
      )
      it(
        'a stopped subscription delivers nothing more',
        withStore(async (store) => {
          const s = uniqueStream('service')
          const seen: number[] = []
          const subscription = store.subscribeToAll({}, (e) => {
            if (e.streamId === s) seen.push(e.revision)
          })
          await subscription.stop()
          right(await append(store, s, 'no-stream', [event(1)]))
          await new Promise((resolve) => setTimeout(resolve, 50))
          assert.deepEqual(seen, [])
        }),
      )
    })
  })
}

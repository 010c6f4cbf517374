/** The runner: feeding from the store, durable checkpoints, resuming after a restart, rebuilding one projection live. */
import { test } from '@fast-check/vitest'
import { encodeEvent } from '@servicelife/domain'
import {
  allProjections,
  FileCheckpointStore,
  InMemoryCheckpointStore,
  project,
  type Projection,
  ProjectionRunner,
} from '@servicelife/projections'
import { randomCityHistory, type HistoryEntry } from '@servicelife/spec'
import { type EventStore, InMemoryEventStore, type RecordedEvent } from '@servicelife/store'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { calendarOf } from '@servicelife/domain'
import { channelMixIn } from '@servicelife/projections'
import { Map as IMap } from 'immutable'
import { describe, expect, it } from 'vitest'
import { encodeStateForTest } from './projections-under-test.js'

const projections = Object.values(allProjections) as ReadonlyArray<Projection<unknown>>

const write = async (store: EventStore, entries: ReadonlyArray<HistoryEntry>) => {
  for (const { streamId, event } of entries) {
    await store.appendToStream(streamId, [{ type: event.type, data: encodeEvent(event).data }], {
      expectedRevision: 'any',
    })
  }
}
const readAll = async (store: EventStore) => {
  const out: RecordedEvent[] = []
  for await (const e of store.readAll()) out.push(e)
  return out
}
const lastPosition = async (store: EventStore) => (await readAll(store)).at(-1)?.position ?? -1
const expectRebuilt = async (runner: ProjectionRunner, store: EventStore) => {
  const events = await readAll(store)
  for (const projection of projections) {
    expect(encodeStateForTest(runner.state(projection))).toEqual(
      encodeStateForTest(project(projection, events)),
    )
  }
}

/** A checkpoint directory that opens (the test's own temporary one). */
const fileCheckpoints = async (dir: string) => {
  const opened = await FileCheckpointStore.open(dir)
  if (E.isLeft(opened)) throw new Error(opened.left.message)
  return opened.right
}

describe('ProjectionRunner', () => {
  test.prop(
    [randomCityHistory({ services: 3, cases: 5, length: 12 }), fc.nat(), fc.integer({ min: 1, max: 7 })],
    {
      numRuns: 25,
    },
  )('stopping and resuming from checkpoints equals one rebuild', async (entries, cut, every) => {
    const store = new InMemoryEventStore()
    const checkpoints = new InMemoryCheckpointStore()
    const split = entries.length === 0 ? 0 : cut % (entries.length + 1)
    await write(store, entries.slice(0, split))
    const first = new ProjectionRunner({
      store,
      projections,
      checkpoints: checkpoints,
      checkpointEvery: every,
    })
    await first.start()
    await first.caughtUpTo(await lastPosition(store))
    await first.stop()

    await write(store, entries.slice(split))
    const second = new ProjectionRunner({
      store,
      projections,
      checkpoints: checkpoints,
      checkpointEvery: every,
    })
    await second.start()
    await second.caughtUpTo(await lastPosition(store))
    await expectRebuilt(second, store)
    await second.stop()
    await store.close()
  })

  it('keeps up with live appends after catching up', async () => {
    const [entries] = fc.sample(randomCityHistory({ services: 3, cases: 6 }), { seed: 1, numRuns: 1 })
    const store = new InMemoryEventStore()
    await write(store, entries!.slice(0, 10))
    const runner = new ProjectionRunner({ store, projections, checkpoints: new InMemoryCheckpointStore() })
    await runner.start()
    await write(store, entries!.slice(10))
    await runner.caughtUpTo(await lastPosition(store))
    await expectRebuilt(runner, store)
    await runner.stop()
  })

  it('rebuilds one projection from zero while the others keep running', async () => {
    const [entries] = fc.sample(randomCityHistory({ services: 3, cases: 8 }), { seed: 2, numRuns: 1 })
    const store = new InMemoryEventStore()
    await write(store, entries!.slice(0, 20))
    const runner = new ProjectionRunner({ store, projections, checkpoints: new InMemoryCheckpointStore() })
    await runner.start()
    await runner.caughtUpTo(await lastPosition(store))
    const rebuilding = runner.rebuild('promiseCompliance')
    await write(store, entries!.slice(20))
    expect(E.isRight(await rebuilding)).toBe(true)
    await runner.caughtUpTo(await lastPosition(store))
    await expectRebuilt(runner, store)
    await runner.stop()
  })

  it('checkpoints survive a restart on disk, and a projection whose version changed is rebuilt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servicelife-checkpoints-'))
    try {
      const [entries] = fc.sample(randomCityHistory({ services: 2, cases: 4 }), { seed: 3, numRuns: 1 })
      const store = new InMemoryEventStore()
      await write(store, entries!)
      const runner = new ProjectionRunner({ store, projections, checkpoints: await fileCheckpoints(dir) })
      await runner.start()
      await runner.caughtUpTo(await lastPosition(store))
      await runner.stop()
      const saved = await (await fileCheckpoints(dir)).load('channelMix')
      expect(saved?.position).toBe(await lastPosition(store))

      // Version 2 of channelMix means its stored state is no longer valid: the runner starts it from zero.
      const changed = { ...allProjections.channelMix, version: 2 }
      const next = new ProjectionRunner({
        store,
        projections: [changed, allProjections.serviceCatalog],
        checkpoints: await fileCheckpoints(dir),
      })
      await next.start()
      await next.caughtUpTo(await lastPosition(store))
      expect(encodeStateForTest(next.state(changed))).toEqual(
        encodeStateForTest(project(allProjections.channelMix, await readAll(store))),
      )
      await next.stop()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a checkpoint whose case table does not fit its layout is not trusted: that projection starts from zero', async () => {
    const [entries] = fc.sample(randomCityHistory({ services: 2, cases: 4 }), { seed: 5, numRuns: 1 })
    const store = new InMemoryEventStore()
    await write(store, entries!)
    const checkpoints = new InMemoryCheckpointStore()
    const { promiseCompliance } = allProjections
    const good = encodeStateForTest(promiseCompliance.initial) as Record<string, unknown>
    // A row one column short, stored as if every event had been applied.
    await checkpoints.save(promiseCompliance.name, {
      version: promiseCompliance.version,
      calendar: promiseCompliance.calendar!,
      position: await lastPosition(store),
      state: {
        ...good,
        cases: { $cases: { numbers: 5, integers: 3, rows: [['c1', 'k1', 0, 0, 0, 0, 0, 1, -1]] } },
      },
    })
    const runner = new ProjectionRunner({
      store,
      projections: [promiseCompliance as Projection<unknown>],
      checkpoints: checkpoints,
    })
    await runner.start()
    await runner.caughtUpTo(await lastPosition(store))
    expect(encodeStateForTest(runner.state(promiseCompliance))).toEqual(
      encodeStateForTest(project(promiseCompliance, await readAll(store))),
    )
    await runner.stop()
  })

  it('start resolves once every projection has caught up with the store’s head', async () => {
    const [entries] = fc.sample(randomCityHistory({ services: 3, cases: 6 }), { seed: 7, numRuns: 1 })
    const store = new InMemoryEventStore()
    await write(store, entries!)
    const runner = new ProjectionRunner({ store, projections, checkpoints: new InMemoryCheckpointStore() })
    await runner.start()
    for (const projection of projections)
      expect(runner.position(projection.name)).toBe(await lastPosition(store))
    await expectRebuilt(runner, store)
    await runner.stop()
  })

  it('a projection that throws stops alone and is reported; the others go on, no rejection escapes', async () => {
    const [entries] = fc.sample(randomCityHistory({ services: 3, cases: 6 }), { seed: 8, numRuns: 1 })
    const store = new InMemoryEventStore()
    await write(store, entries!.slice(0, 5))
    let seen = 0
    const brittle: Projection<number> = {
      name: 'brittle',
      version: 1,
      initial: 0,
      apply: (n) => {
        if (++seen === 3) throw new Error('a bug in a city’s own projection')
        return n + 1
      },
    }
    const failures: unknown[] = []
    const runner = new ProjectionRunner({
      store,
      projections: [...projections, brittle],
      checkpoints: new InMemoryCheckpointStore(),
      onError: (failure) => failures.push(failure),
    })
    await runner.start()
    await write(store, entries!.slice(5))
    await runner.caughtUpTo(await lastPosition(store))
    expect(failures).toEqual([
      expect.objectContaining({ code: 'projection-failed', projection: 'brittle', position: 2 }),
    ])
    expect(runner.hasFailed('brittle')).toBe(true)
    expect(runner.state(brittle)).toBe(2)
    await expectRebuilt(runner, store)
    await runner.stop()
  })

  it('an event that does not decode stops the feed and is reported, or is skipped when told to', async () => {
    for (const onInvalidEvent of ['stop', 'skip'] as const) {
      const store = new InMemoryEventStore({ appendGuard: false })
      await store.appendToStream('case-x', [{ type: 'CaseOpened', data: { caseId: 'x' } }], {
        expectedRevision: 'any',
      })
      const failures: Array<{ code: string }> = []
      const runner = new ProjectionRunner({
        store,
        projections,
        checkpoints: new InMemoryCheckpointStore(),
        onInvalidEvent,
        onError: (f) => failures.push(f),
      })
      await runner.start()
      expect(failures.map((f) => f.code)).toEqual(['invalid-event'])
      await runner.stop()
    }
  })

  it('a projection whose state has no codec (a JavaScript Map) is refused when registered', () => {
    const mapped: Projection<Map<string, number>> = {
      name: 'mapped',
      version: 1,
      initial: new Map(),
      apply: (state) => state,
    }
    expect(
      () =>
        new ProjectionRunner({
          store: new InMemoryEventStore(),
          projections: [mapped],
          checkpoints: new InMemoryCheckpointStore(),
        }),
    ).toThrow(/mapped cannot be checkpointed: its state holds a Map at state/)
    const immutable: Projection<IMap<string, number>> = {
      ...mapped,
      name: 'immutable',
      initial: IMap(),
    } as never
    expect(
      () =>
        new ProjectionRunner({
          store: new InMemoryEventStore(),
          projections: [immutable],
          checkpoints: new InMemoryCheckpointStore(),
        }),
    ).not.toThrow()
  })

  it('a checkpoint folded in another time zone is not trusted: that projection starts from zero', async () => {
    const [entries] = fc.sample(randomCityHistory({ services: 2, cases: 6 }), { seed: 9, numRuns: 1 })
    const store = new InMemoryEventStore()
    await write(store, entries!)
    // A checkpoint of the Helsinki channel mix at the head, marked so that trusting it shows.
    const checkpoints = new InMemoryCheckpointStore()
    const marked = IMap({ '1999-01|phone': 99 })
    await checkpoints.save('channelMix', {
      version: 1,
      calendar: 'Europe/Helsinki',
      position: await lastPosition(store),
      state: encodeStateForTest(marked),
    })
    const inHelsinki = new ProjectionRunner({
      store,
      projections: [allProjections.channelMix],
      checkpoints: checkpoints,
    })
    await inHelsinki.start()
    expect(inHelsinki.state(allProjections.channelMix).get('1999-01|phone')).toBe(99)
    await inHelsinki.stop()
    const losAngeles = channelMixIn(calendarOf('America/Los_Angeles'))
    const inLosAngeles = new ProjectionRunner({ store, projections: [losAngeles], checkpoints: checkpoints })
    await inLosAngeles.start()
    expect(encodeStateForTest(inLosAngeles.state(losAngeles))).toEqual(
      encodeStateForTest(project(losAngeles, await readAll(store))),
    )
    await inLosAngeles.stop()
  })
})

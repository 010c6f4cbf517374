/**
 * What only the EventStoreDB adapter does: map the server's wrong expected version on both append
 * paths, read a missing stream as empty, refuse deleted and tombstoned streams clearly, resume a
 * dropped subscription without gap or duplicate, and keep checkpoints in a `$maxCount = 1` stream.
 */
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client'
import type { RecordedEvent } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CHECKPOINT_STREAM_PREFIX,
  connectionFromString,
  DeletedStreamError,
  EventStoreDBCheckpointStore,
  EventStoreDBEventStore,
} from '../src/index.js'
import { TestEventStoreDBServer } from './server/test-eventstoredb-server.js'

/** A store on a server the test started: connecting to it is not what is tested here. */
const connected = async (...args: Parameters<typeof EventStoreDBEventStore.connect>) => {
  const store = await EventStoreDBEventStore.connect(...args)
  if (E.isLeft(store)) throw new Error(store.left.message)
  return store.right
}

let n = 0
const stream = (kind = 'case') => `${kind}-adapter-${Date.now().toString(36)}-${n++}`
const event = (i: number) => ({
  type: 'ServiceRestored',
  data: { serviceId: 'x', at: `2025-01-01T00:00:${String(i).padStart(2, '0')}Z` },
})
const until = async (condition: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

for (const batchAppend of [true, false]) {
  describe(`the server's wrong expected version, through ${batchAppend ? 'BatchAppend' : 'Append'}`, () => {
    let server: TestEventStoreDBServer
    beforeAll(async () => {
      server = await TestEventStoreDBServer.start({ batchAppend })
    })
    afterAll(() => server.stop())

    it('is the expected revision not holding, with the stream’s actual revision', async () => {
      const connection = connectionFromString(server.connectionString)
      const s = stream()
      const write = (i: number) => ({ id: crypto.randomUUID(), type: 'T', data: { i }, metadata: {} })
      expect(await connection.append(s, [write(0), write(1), write(2)], 'no-stream')).toEqual({
        ok: true,
        nextRevision: 2,
      })
      expect(await connection.append(s, [write(3)], 5)).toEqual({ ok: false, actual: 2 })
      expect(await connection.append(s, [write(3)], 'no-stream')).toEqual({ ok: false, actual: 2 })
      expect(await connection.append(stream(), [write(0)], 0)).toEqual({ ok: false, actual: 'no-stream' })
      await connection.dispose()
    })

    it('two writers racing at one revision: one appends, the other gets the revision it lost to', async () => {
      const a = await connected(server.connectionString)
      const b = await connected(server.connectionString)
      const s = stream()
      await a.appendToStream(s, [event(0)], { expectedRevision: 'no-stream' })
      const outcomes = await Promise.all([
        a.appendToStream(s, [event(1)], { expectedRevision: 0 }),
        b.appendToStream(s, [event(2)], { expectedRevision: 0 }),
      ])
      expect(outcomes.filter(E.isRight)).toHaveLength(1)
      expect(outcomes.find(E.isLeft)?.left).toMatchObject({
        code: 'wrong-expected-revision',
        expected: 0,
        actual: 1,
      })
      const events = await a.readStream(s)
      expect(events.map((e) => e.revision)).toEqual([0, 1])
      await Promise.all([a.close(), b.close()])
    })
  })
}

describe('EventStoreDBEventStore on the test server', () => {
  let server: TestEventStoreDBServer
  let client: EventStoreDBClient
  beforeAll(async () => {
    server = await TestEventStoreDBServer.start()
    client = EventStoreDBClient.connectionString(server.connectionString)
  })
  afterAll(async () => {
    await client.dispose()
    await server.stop()
  })

  it('a stream the server does not know reads as empty, with no revision', async () => {
    const store = await connected(server.connectionString)
    expect(await store.readStream(stream())).toEqual([])
    expect(await store.streamRevision(stream())).toBeUndefined()
    await store.close()
  })

  it('a soft-deleted stream is refused with a clear error, not renumbered under the hash chain', async () => {
    const store = await connected(server.connectionString)
    const s = stream()
    await store.appendToStream(s, [event(0), event(1)], { expectedRevision: 'no-stream' })
    await client.deleteStream(s)
    expect(await store.readStream(s)).toEqual([])
    await expect(store.appendToStream(s, [event(2)], { expectedRevision: 'any' })).rejects.toThrow(
      new DeletedStreamError(s, 'soft-deleted'),
    )
    await store.close()
  })

  it('a tombstoned stream is refused on read and on append, naming the stream', async () => {
    const store = await connected(server.connectionString)
    const s = stream()
    await store.appendToStream(s, [event(0)], { expectedRevision: 'no-stream' })
    await client.tombstoneStream(s)
    await expect(store.readStream(s)).rejects.toThrow(
      `stream ${s} was tombstoned (hard-deleted) in EventStoreDB`,
    )
    await expect(store.appendToStream(s, [event(1)], { expectedRevision: 'any' })).rejects.toThrow(
      `stream ${s} was tombstoned`,
    )
    await store.close()
  })

  it('$all holds system events and other applications’ streams: the record is only servicelife’s', async () => {
    const store = await connected(server.connectionString)
    const ours = stream('service')
    await client.appendToStream(`orders-${n++}`, jsonEvent({ type: 'OrderPlaced', data: { x: 1 } }))
    await client.setStreamMetadata(ours, { maxCount: 10 })
    await store.appendToStream(ours, [event(0)], { expectedRevision: 'no-stream' })
    const all: RecordedEvent[] = []
    for await (const e of store.readAll()) all.push(e)
    expect(all.every((e) => e.streamId.startsWith('service-') || e.streamId.startsWith('case-'))).toBe(true)
    expect(all.some((e) => e.streamId === ours)).toBe(true)
    await store.close()
  })

  it('a dropped subscription resubscribes from the last delivered event: no gap, no duplicate', async () => {
    const store = await connected(server.connectionString, { resubscribeDelayMs: 20 })
    const s = stream()
    const seen: RecordedEvent[] = []
    await store.appendToStream(s, [event(0)], { expectedRevision: 'no-stream' })
    const subscription = store.subscribeToAll({}, (e) => {
      if (e.streamId === s) seen.push(e)
    })
    for (let i = 1; i <= 4; i++) await store.appendToStream(s, [event(i)], { expectedRevision: i - 1 })
    await until(() => seen.length === 5)
    server.dropSubscriptions()
    for (let i = 5; i <= 9; i++) await store.appendToStream(s, [event(i)], { expectedRevision: i - 1 })
    await until(() => seen.length >= 10)
    await new Promise((r) => setTimeout(r, 100))
    expect(seen.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    await subscription.stop()
    await store.close()
  })

  it('checkpoints live in a stream that keeps only the latest ($maxCount = 1)', async () => {
    const connected = await EventStoreDBCheckpointStore.connect(server.connectionString)
    if (E.isLeft(connected)) throw new Error(connected.left.message)
    const checkpoints = connected.right
    const name = `catalog-${n++}`
    expect(await checkpoints.load(name)).toBeUndefined()
    await checkpoints.save(name, { version: 1, position: 10, state: { a: 1 } })
    await checkpoints.save(name, { version: 1, position: 20, state: { a: 2 } })
    expect(await checkpoints.load(name)).toEqual({ version: 1, position: 20, state: { a: 2 } })
    const kept = []
    for await (const e of client.readStream(`${CHECKPOINT_STREAM_PREFIX}${name}`)) kept.push(e)
    expect(kept).toHaveLength(1)
    await checkpoints.close()
  })
})

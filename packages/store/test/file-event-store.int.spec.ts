/** What the durable file store promises beyond the contract: reopening, recovery, one writer, group commit. */

import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { FileEventStore, LOG_FILE } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnChild, tempDir } from './temp-dir.js'

const event = (n: number) => ({
  type: 'ServiceRestored',
  data: { serviceId: 'x', at: `2025-01-01T00:00:0${n % 10}Z` },
})
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const openStore = async (dir: string) => {
  const opened = await FileEventStore.open(dir)
  if (E.isLeft(opened)) throw new Error(opened.left.message)
  return opened.right
}
const fresh = () => {
  const t = tempDir()
  cleanups.push(t.remove)
  return t.dir
}
const all = async (store: FileEventStore) => {
  const out = []
  for await (const e of store.readAll()) out.push(e)
  return out
}

describe('FileEventStore', () => {
  it('reopening restores streams, revisions and positions', async () => {
    const dir = fresh()
    const first = await openStore(dir)
    await first.appendToStream('service-a', [event(1), event(2)], { expectedRevision: 'no-stream' })
    await first.appendToStream('case-b', [event(3)], { expectedRevision: 'no-stream' })
    const before = await all(first)
    await first.close()
    const second = await openStore(dir)
    cleanups.push(() => second.close())
    expect(await all(second)).toEqual(before)
    expect(await second.streamRevision('service-a')).toBe(1)
    const next = await second.appendToStream('service-a', [event(4)], { expectedRevision: 1 })
    expect(E.isRight(next) && next.right.events[0]!.position).toBe(3)
    expect(second.recovery).toEqual({ events: 3, tailBytes: 0, tailLines: 0, truncatedBytes: 0 })
  })

  it('recovers from a torn last line by cutting it off, and reports it', async () => {
    const dir = fresh()
    const store = await openStore(dir)
    await store.appendToStream('service-a', [event(1)], { expectedRevision: 'no-stream' })
    await store.close()
    const intact = statSync(join(dir, LOG_FILE)).size
    const torn = '{"streamId":"service-a","revision":1,"posi'
    appendFileSync(join(dir, LOG_FILE), torn)
    const reopened = await openStore(dir)
    cleanups.push(() => reopened.close())
    expect(reopened.recovery.truncatedBytes).toBe(torn.length)
    expect(statSync(join(dir, LOG_FILE)).size).toBe(intact)
    expect(E.isRight(await reopened.appendToStream('service-a', [event(2)], { expectedRevision: 0 }))).toBe(
      true,
    )
    expect((await all(reopened)).map((e) => e.revision)).toEqual([0, 1])
  })

  it('cuts an append whose last line never made it: a multi-event append is all or nothing', async () => {
    const dir = fresh()
    const store = await openStore(dir)
    await store.appendToStream('service-a', [event(1)], { expectedRevision: 'no-stream' })
    await store.appendToStream('service-a', [event(2), event(3), event(4)], { expectedRevision: 0 })
    await store.close()
    const lines = readFileSync(join(dir, LOG_FILE), 'utf8').split('\n')
    // Keep the first line and two of the three lines of the second append: a crash mid-write.
    const torn = `${lines.slice(0, 3).join('\n')}\n`
    writeFileSync(join(dir, LOG_FILE), torn)
    const reopened = await openStore(dir)
    cleanups.push(() => reopened.close())
    expect((await all(reopened)).map((e) => e.revision)).toEqual([0])
    const cut = Buffer.byteLength(torn) - Buffer.byteLength(`${lines[0]}\n`)
    expect(reopened.recovery).toEqual({ events: 1, tailBytes: cut, tailLines: 2, truncatedBytes: cut })
    // The index holds none of the cut append: the stream goes on from revision 0, the log from position 1.
    expect(await reopened.streamRevision('service-a')).toBe(0)
    const next = await reopened.appendToStream('service-a', [event(5)], { expectedRevision: 0 })
    expect(E.isRight(next) && next.right.events.map((e) => [e.revision, e.position])).toEqual([[1, 1]])
  })

  it('a second process opening the same directory gets a clear lock error, not corruption', async () => {
    const dir = fresh()
    const store = await openStore(dir)
    cleanups.push(() => store.close())
    const child = spawnChild('open-store.child.ts', dir)
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    const code = await new Promise((resolve) => child.on('exit', resolve))
    expect(code).toBe(2)
    expect(out).toContain(`store-locked: the store ${dir} is open for writing by process ${process.pid}`)
  })

  it('a second open in the same process is refused too', async () => {
    const dir = fresh()
    const store = await openStore(dir)
    cleanups.push(() => store.close())
    const second = await FileEventStore.open(dir)
    expect(E.isLeft(second) && second.left.code).toBe('store-locked')
  })

  it('takes over the lock of a process that is gone, and says whose it was', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'LOCK'), '2147483646')
    const store = await openStore(dir)
    cleanups.push(() => store.close())
    expect(JSON.parse(readFileSync(join(dir, 'LOCK'), 'utf8'))).toMatchObject({ pid: process.pid })
    expect(store.recovery.tookOverFrom).toMatchObject({ pid: 2147483646 })
  })

  it('a LOCK naming a live but unrelated process (a reused pid) does not block the store', async () => {
    const dir = fresh()
    // Pid 1 is alive (init, or a container's first process), in this boot and namespace: the
    // kernel-held lock is free, so whoever wrote this LOCK is gone.
    writeFileSync(
      join(dir, 'LOCK'),
      JSON.stringify({ host: hostname(), pid: 1, since: '2024-01-01T00:00:00.000Z', startTime: '1' }),
    )
    const store = await openStore(dir)
    cleanups.push(() => store.close())
    expect(store.recovery.tookOverFrom).toMatchObject({ pid: 1 })
  })

  it('a LOCK held by another host sharing the directory is refused, naming it', async () => {
    const dir = fresh()
    writeFileSync(
      join(dir, 'LOCK'),
      JSON.stringify({ host: 'other-host', pid: 4242, since: '2025-01-01T00:00:00.000Z' }),
    )
    const opened = await FileEventStore.open(dir)
    expect(E.isLeft(opened) && opened.left).toMatchObject({
      code: 'store-locked',
      message: expect.stringContaining('process 4242 on other-host'),
    })
  })

  it('group commit: concurrent appends share fsyncs, and every one is acknowledged', async () => {
    const dir = fresh()
    const store = await openStore(dir)
    cleanups.push(() => store.close())
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.appendToStream(`case-${i}`, [event(i)], { expectedRevision: 'no-stream' }),
      ),
    )
    expect(results.every(E.isRight)).toBe(true)
    expect(store.syncs).toBeGreaterThan(0)
    expect(store.syncs).toBeLessThan(200)
  })

  it('appends are admitted in the order they are made, also behind one that reads the disk for its ids', async () => {
    const store = await openStore(fresh())
    cleanups.push(() => store.close())
    await store.appendToStream('case-c', [event(1)], { expectedRevision: 'no-stream' })
    // The first brings its own event id, so its admission reads the stream's ids from disk; the
    // second, made in the same turn, expects the revision the first one leaves.
    const withId = store.appendToStream('case-c', [{ ...event(2), eventId: 'retry-1' }], {
      expectedRevision: 0,
    })
    const after = store.appendToStream('case-c', [event(3)], { expectedRevision: 1 })
    const [first, second] = await Promise.all([withId, after])
    expect(E.isRight(first) && first.right.events.map((e) => e.revision)).toEqual([1])
    expect(E.isRight(second) && second.right.events.map((e) => e.revision)).toEqual([2])
    expect((await all(store)).map((e) => e.metadata.eventId)[1]).toBe('retry-1')
  })

  it('refuses to open a log with an unreadable line in the middle, naming the line', async () => {
    const dir = fresh()
    const store = await openStore(dir)
    await store.appendToStream('service-a', [event(1)], { expectedRevision: 'no-stream' })
    await store.close()
    appendFileSync(join(dir, LOG_FILE), 'garbage\n')
    const opened = await FileEventStore.open(dir)
    expect(E.isLeft(opened) && opened.left).toMatchObject({ code: 'store-corrupt', line: 2 })
    // The refused open left the directory unlocked.
    const again = await FileEventStore.open(dir)
    expect(E.isLeft(again) && again.left.code).toBe('store-corrupt')
  })
})

describe('FileEventStore opened read-only', () => {
  const listing = (dir: string) => readdirSync(dir).sort()

  it('takes no lock, writes nothing, and reads beside a running writer up to its last whole append', async () => {
    const dir = fresh()
    const writer = await openStore(dir)
    cleanups.push(() => writer.close())
    await writer.appendToStream('service-a', [event(1), event(2)], { expectedRevision: 'no-stream' })
    const files = listing(dir)
    const bytes = readFileSync(join(dir, LOG_FILE))
    const opened = await FileEventStore.open(dir, { readOnly: true })
    if (E.isLeft(opened)) throw new Error(opened.left.message)
    const reader = opened.right
    cleanups.push(() => reader.close())
    await writer.appendToStream('service-a', [event(3)], { expectedRevision: 1 })
    expect((await all(reader)).map((e) => e.revision)).toEqual([0, 1])
    expect(await reader.headPosition()).toBe(1)
    await expect(reader.appendToStream('service-a', [event(4)], { expectedRevision: 'any' })).rejects.toThrow(
      /read-only/,
    )
    await reader.close()
    expect(listing(dir)).toEqual(files)
    expect(readFileSync(join(dir, LOG_FILE)).subarray(0, bytes.length)).toEqual(bytes)
  })

  it('indexes on its first stream read what its opening saw, not what a writer appended since', async () => {
    const dir = fresh()
    const writer = await openStore(dir)
    cleanups.push(() => writer.close())
    await writer.appendToStream('service-a', [event(1), event(2)], { expectedRevision: 'no-stream' })
    await writer.appendToStream('service-b', [event(3)], { expectedRevision: 'no-stream' })
    const opened = await FileEventStore.open(dir, { readOnly: true })
    if (E.isLeft(opened)) throw new Error(opened.left.message)
    const reader = opened.right
    cleanups.push(() => reader.close())
    // Appended after the reader opened, before its index exists.
    await writer.appendToStream('service-a', [event(4)], { expectedRevision: 1 })
    await writer.appendToStream('service-c', [event(5)], { expectedRevision: 'no-stream' })
    expect((await reader.readStream('service-a')).map((e) => e.data)).toEqual([event(1).data, event(2).data])
    expect(await reader.streamRevision('service-a')).toBe(1)
    expect(await reader.streamRevision('service-c')).toBeUndefined()
    const fromPosition: number[] = []
    for await (const e of reader.readAll({ after: 0 })) fromPosition.push(e.position)
    expect(fromPosition).toEqual([1, 2])
  })

  it('leaves a torn tail unread and reports it, where a writer cuts it and reports what it cut', async () => {
    const dir = fresh()
    const store = await openStore(dir)
    await store.appendToStream('service-a', [event(1)], { expectedRevision: 'no-stream' })
    await store.close()
    const lines = readFileSync(join(dir, LOG_FILE), 'utf8')
    // The last line marked as continuing: an append whose end never made it, as far as any reader can tell.
    const marked = `${lines.slice(0, -2)},"continues":true}\n`
    writeFileSync(join(dir, LOG_FILE), marked)
    const opened = await FileEventStore.open(dir, { readOnly: true })
    if (E.isLeft(opened)) throw new Error(opened.left.message)
    expect(opened.right.recovery).toEqual({
      events: 0,
      tailBytes: Buffer.byteLength(marked),
      tailLines: 1,
      truncatedBytes: 0,
    })
    await opened.right.close()
    expect(readFileSync(join(dir, LOG_FILE), 'utf8')).toBe(marked)
    const writer = await openStore(dir)
    cleanups.push(() => writer.close())
    expect(writer.recovery).toMatchObject({ tailLines: 1, truncatedBytes: Buffer.byteLength(marked) })
  })

  it('a missing store is a Left, and nothing is created', async () => {
    const dir = join(fresh(), 'none')
    const opened = await FileEventStore.open(dir, { readOnly: true })
    expect(E.isLeft(opened) && opened.left.code).toBe('store-missing')
    expect(existsSync(dir)).toBe(false)
  })

  it('a damaged last line (zeroed by a power loss) refuses to open and points to repair', async () => {
    const dir = fresh()
    const store = await openStore(dir)
    await store.appendToStream('service-a', [event(1), event(2)], { expectedRevision: 'no-stream' })
    await store.appendToStream('service-a', [event(3)], { expectedRevision: 1 })
    await store.close()
    const text = readFileSync(join(dir, LOG_FILE), 'utf8').split('\n')
    text[2] = '\0'.repeat(text[2]!.length)
    writeFileSync(join(dir, LOG_FILE), text.join('\n'))
    for (const readOnly of [true, false]) {
      const opened = await FileEventStore.open(dir, { readOnly })
      expect(E.isLeft(opened) && opened.left).toMatchObject({
        code: 'store-corrupt',
        line: 3,
        message: expect.stringContaining('servicelife repair'),
      })
    }
  })
})

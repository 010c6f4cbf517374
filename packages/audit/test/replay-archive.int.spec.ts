/**
 * Replaying an archive: it gives the report the replay of the store it was exported from gives,
 * and a bad line is the result, never a report of the archive's first part.
 */
import { test } from '@fast-check/vitest'
import { encodeEvent } from '@servicelife/domain'
import { archiveTextOf, cityHistory, inChunks } from '@servicelife/spec'
import { InMemoryEventStore } from '@servicelife/store'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { cityReport, replayArchive, replayRecord } from '../src/index.js'

const histories = cityHistory({ services: 4, cases: 25 })

type History = typeof histories extends fc.Arbitrary<infer H> ? H : never

const storeOf = async (history: History) => {
  const store = new InMemoryEventStore({ now: () => '2025-06-01T00:00:00.000Z' })
  for (const { streamId, event } of history)
    await store.appendToStream(streamId, [{ type: event.type, data: encodeEvent(event).data }], {
      expectedRevision: 'any',
    })
  return store
}

describe('replayArchive', () => {
  test.prop([histories, fc.option(fc.nat(), { nil: undefined })], { numRuns: 15 })(
    'an archive replays to the report of the store it was exported from, as of any position',
    async (history, cut) => {
      const store = await storeOf(history)
      const asOf = cut === undefined ? undefined : { position: cut % Math.max(1, history.length) }
      const options = asOf === undefined ? {} : { asOf }
      const fromArchive = await replayArchive(inChunks(await archiveTextOf(store)), options)
      const fromStore = await replayRecord(store.readAll(), options)
      expect(E.isRight(fromArchive) && cityReport(fromArchive.right)).toEqual(
        E.isRight(fromStore) && cityReport(fromStore.right),
      )
    },
  )

  it('a bad line is the result, with its number, not a report of the lines before it', async () => {
    const store = await storeOf(fc.sample(histories, { seed: 3, numRuns: 1 })[0]!)
    const lines = (await archiveTextOf(store)).split('\n').slice(0, -1)
    const bad = JSON.parse(lines[4]!)
    bad.data.at = '2025-13-01T00:00:00Z'
    lines[4] = JSON.stringify(bad)
    const replayed = await replayArchive(inChunks(`${lines.join('\n')}\n`))
    expect(E.isLeft(replayed) && replayed.left).toMatchObject({ code: 'archive-invalid', line: 5 })
  })
})

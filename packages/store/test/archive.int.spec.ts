/**
 * Archives: export -> import -> export gives the same bytes; a bad line is rejected with its number
 * and nothing is written; reading an archive yields the exported events, checked, up to its first bad line.
 */

import { test } from '@fast-check/vitest'
import { caseDecider, caseStreamId, encodeEvent, serviceDecider, serviceStreamId } from '@servicelife/domain'
import {
  acceptedHistory,
  archiveTextOf,
  caseCommandSequence,
  inChunks,
  serviceCommandSequence,
} from '@servicelife/spec'
import {
  archiveLines,
  checkArchiveLine,
  InMemoryEventStore,
  importArchive,
  readArchive,
} from '@servicelife/store'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

/** A store holding accepted service and case histories, interleaved. */
const cityStore = fc
  .tuple(
    fc.array(acceptedHistory(serviceDecider, serviceCommandSequence(15)), { minLength: 1, maxLength: 3 }),
    fc.array(acceptedHistory(caseDecider, caseCommandSequence(15)), { minLength: 1, maxLength: 3 }),
  )
  .map(([services, cases]) => async () => {
    const store = new InMemoryEventStore({ now: () => '2025-06-01T00:00:00.000Z' })
    const streams = [
      ...services.map((events, i) => ({ id: serviceStreamId(`svc-${i}`), events })),
      ...cases.map((events, i) => ({ id: caseStreamId(`case-${i}`), events })),
    ]
    for (let round = 0; streams.some((s) => s.events.length > round); round++) {
      for (const s of streams) {
        const event = s.events[round]
        if (event)
          await store.appendToStream(s.id, [{ type: event.type, data: encodeEvent(event).data }], {
            expectedRevision: 'any',
          })
      }
    }
    return store
  })

describe('archives', () => {
  test.prop([cityStore], { numRuns: 40 })(
    'export -> import into an empty store -> export gives the same bytes',
    async (build) => {
      const original = await archiveTextOf(await build())
      const target = new InMemoryEventStore()
      const imported = await importArchive(inChunks(original), target)
      expect(E.isRight(imported)).toBe(true)
      expect(await archiveTextOf(target)).toBe(original)
    },
  )

  it('rejects a line that does not decode, with its number and the decoder message, and writes nothing', async () => {
    const source = await (await fc.sample(cityStore, { seed: 7, numRuns: 1 })[0]!)()
    const lines = (await archiveTextOf(source)).split('\n').slice(0, -1)
    const bad = JSON.parse(lines[1]!)
    bad.data.at = 'yesterday'
    lines[1] = JSON.stringify(bad)
    const target = new InMemoryEventStore()
    const imported = await importArchive(inChunks(`${lines.join('\n')}\n`), target)
    expect(E.isLeft(imported) && imported.left.line).toBe(2)
    expect(E.isLeft(imported) && imported.left.message).toMatch(/^line 2: .*data\.at: expected IsoDateTime/)
    expect(await archiveTextOf(target)).toBe('')
  })

  it('rejects a line that is not JSON and an edited event whose hash no longer matches', async () => {
    const source = await (await fc.sample(cityStore, { seed: 8, numRuns: 1 })[0]!)()
    const lines = (await archiveTextOf(source)).split('\n').slice(0, -1)
    const notJson = [lines[0]!, '{"streamId":', ...lines.slice(1)]
    const r1 = await importArchive(inChunks(`${notJson.join('\n')}\n`), new InMemoryEventStore())
    expect(E.isLeft(r1) && r1.left.message).toMatch(/^line 2: not JSON/)
    const edited = JSON.parse(lines[0]!)
    edited.data.at = '2030-01-01T00:00:00Z'
    const r2 = await importArchive(
      inChunks(`${[JSON.stringify(edited), ...lines.slice(1)].join('\n')}\n`),
      new InMemoryEventStore(),
    )
    expect(E.isLeft(r2) && r2.left.message).toMatch(/^line 1: .*hash chain is broken/)
  })

  it('an import error names the archive line it is on, blank lines before it counted', async () => {
    const source = await (await fc.sample(cityStore, { seed: 8, numRuns: 1 })[0]!)()
    const lines = (await archiveTextOf(source)).split('\n').slice(0, -1)
    const edited = JSON.parse(lines[1]!)
    edited.data = { ...edited.data, at: '2030-01-01T00:00:00Z' }
    // Line 1, two blank lines, then the edited event on line 4.
    const text = `${[lines[0]!, '', '  ', JSON.stringify(edited), ...lines.slice(2)].join('\n')}\n`
    const imported = await importArchive(inChunks(text), new InMemoryEventStore())
    expect(E.isLeft(imported) && imported.left.line).toBe(4)
    expect(E.isLeft(imported) && imported.left.message).toMatch(/^line 4: .*hash chain is broken/)
  })

  it('refuses to import a stream the store already has', async () => {
    const source = await (await fc.sample(cityStore, { seed: 9, numRuns: 1 })[0]!)()
    const text = await archiveTextOf(source)
    const target = new InMemoryEventStore()
    expect(E.isRight(await importArchive(inChunks(text), target))).toBe(true)
    const again = await importArchive(inChunks(text), target)
    expect(E.isLeft(again) && again.left.message).toMatch(/^line 1: .*already exists/)
  })

  const collect = async <A>(items: AsyncIterable<A>): Promise<A[]> => {
    const all: A[] = []
    for await (const item of items) all.push(item)
    return all
  }

  test.prop([cityStore], { numRuns: 25 })(
    'reading an archive yields every exported event, in order, as the store recorded it',
    async (build) => {
      const store = await build()
      const recorded = await collect(store.readAll())
      const read = await collect(readArchive(inChunks(await archiveTextOf(store))))
      expect(read).toEqual(recorded.map(E.right))
    },
  )

  it('reading an archive skips blank lines, counts them, and ends at the first bad line', async () => {
    const source = await (await fc.sample(cityStore, { seed: 10, numRuns: 1 })[0]!)()
    const lines = (await archiveTextOf(source)).split('\n').slice(0, -1)
    const bad = JSON.parse(lines[1]!)
    bad.data.at = '2025-02-30T10:00:00Z'
    const text = [lines[0]!, '', JSON.stringify(bad), ...lines.slice(2)].join('\n')
    const read = await collect(readArchive(inChunks(text)))
    expect(read).toHaveLength(2)
    expect(E.isRight(read[0]!)).toBe(true)
    expect(E.isLeft(read[1]!) && read[1].left).toMatchObject({ code: 'archive-invalid', line: 3 })
    expect(E.isLeft(read[1]!) && read[1].left.message).toMatch(/^line 3: .*data\.at: expected IsoDateTime/)
  })

  it('an archive line is checked on its envelope as well as its domain codecs', async () => {
    const source = await (await fc.sample(cityStore, { seed: 11, numRuns: 1 })[0]!)()
    const [first] = (await archiveTextOf(source)).split('\n')
    const good = checkArchiveLine(first!, 1)
    expect(E.isRight(good) && good.right.revision).toBe(0)
    const noHash = JSON.parse(first!)
    delete noHash.metadata.hash
    const missing = checkArchiveLine(JSON.stringify(noHash), 4)
    expect(E.isLeft(missing) && missing.left.message).toMatch(/^line 4: .*hash/)
    const notJson = checkArchiveLine('{"streamId":', 5)
    expect(E.isLeft(notJson) && notJson.left.message).toMatch(/^line 5: not JSON/)
  })

  it('the raw lines of an archive are its lines whatever the chunk boundaries, unchecked', async () => {
    const text = 'a\n{"not":"an event"}\n\nlast without newline'
    expect(await collect(archiveLines(inChunks(text)))).toEqual([
      'a',
      '{"not":"an event"}',
      '',
      'last without newline',
    ])
  })
})

/**
 * Archives: export -> import -> export gives the same bytes; a bad line is rejected with its number
 * and nothing is written; reading an archive yields the exported events, checked, up to its first
 * bad line; the trailer proves an archive whole; an import into a new directory is atomic.
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
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  FileEventStore,
  importArchive,
  importArchiveToDirectory,
  InMemoryEventStore,
  readArchive,
} from '@servicelife/store'
import { archiveLines, checkArchiveLine, importingPathOf } from '@servicelife/store/adapter'
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

/** The event lines of an archive's text: every line but the trailer. */
const eventLines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('{"trailer":'))
const trailerOf = (text: string) => text.split('\n').find((l) => l.startsWith('{"trailer":'))!

describe('archives', () => {
  test.prop([cityStore], { numRuns: 40 })(
    'export -> import into an empty store -> export gives the same bytes',
    async (build) => {
      const original = await archiveTextOf(await build())
      const target = new InMemoryEventStore()
      const imported = await importArchive(target, inChunks(original))
      expect(E.isRight(imported)).toBe(true)
      expect(await archiveTextOf(target)).toBe(original)
    },
  )

  it('rejects a line that does not decode, with its number and the decoder message, and writes nothing', async () => {
    const source = await (await fc.sample(cityStore, { seed: 7, numRuns: 1 })[0]!)()
    const lines = eventLines(await archiveTextOf(source))
    const bad = JSON.parse(lines[1]!)
    bad.data.at = 'yesterday'
    lines[1] = JSON.stringify(bad)
    const target = new InMemoryEventStore()
    const imported = await importArchive(target, inChunks(`${lines.join('\n')}\n`))
    expect(E.isLeft(imported) && imported.left.line).toBe(2)
    expect(E.isLeft(imported) && imported.left.message).toMatch(/^line 2: .*data\.at: expected IsoDateTime/)
    expect(eventLines(await archiveTextOf(target))).toEqual([])
  })

  it('rejects a line that is not JSON and an edited event whose hash no longer matches', async () => {
    const source = await (await fc.sample(cityStore, { seed: 8, numRuns: 1 })[0]!)()
    const lines = eventLines(await archiveTextOf(source))
    const notJson = [lines[0]!, '{"streamId":', ...lines.slice(1)]
    const r1 = await importArchive(new InMemoryEventStore(), inChunks(`${notJson.join('\n')}\n`))
    expect(E.isLeft(r1) && r1.left.message).toMatch(/^line 2: not JSON/)
    const edited = JSON.parse(lines[0]!)
    edited.data.at = '2030-01-01T00:00:00Z'
    const r2 = await importArchive(
      new InMemoryEventStore(),
      inChunks(`${[JSON.stringify(edited), ...lines.slice(1)].join('\n')}\n`),
    )
    expect(E.isLeft(r2) && r2.left.message).toMatch(/^line 1: .*does not match its hash/)
  })

  it('an import error names the archive line it is on, blank lines before it counted', async () => {
    const source = await (await fc.sample(cityStore, { seed: 8, numRuns: 1 })[0]!)()
    const lines = eventLines(await archiveTextOf(source))
    const edited = JSON.parse(lines[1]!)
    edited.data = { ...edited.data, at: '2030-01-01T00:00:00Z' }
    // Line 1, two blank lines, then the edited event on line 4.
    const text = `${[lines[0]!, '', '  ', JSON.stringify(edited), ...lines.slice(2)].join('\n')}\n`
    const imported = await importArchive(new InMemoryEventStore(), inChunks(text))
    expect(E.isLeft(imported) && imported.left.line).toBe(4)
    expect(E.isLeft(imported) && imported.left.message).toMatch(/^line 4: .*does not match its hash/)
  })

  it('refuses to import a stream the store already has', async () => {
    const source = await (await fc.sample(cityStore, { seed: 9, numRuns: 1 })[0]!)()
    const text = await archiveTextOf(source)
    const target = new InMemoryEventStore()
    expect(E.isRight(await importArchive(target, inChunks(text)))).toBe(true)
    const again = await importArchive(target, inChunks(text))
    expect(E.isLeft(again) && again.left.message).toMatch(/already exists/)
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
    const lines = eventLines(await archiveTextOf(source))
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

  describe('the trailer', () => {
    const archive = async (seed: number) =>
      archiveTextOf(await (await fc.sample(cityStore, { seed, numRuns: 1 })[0]!)())
    const refusal = async (text: string) => {
      const imported = await importArchive(new InMemoryEventStore(), inChunks(text))
      return E.isLeft(imported) ? imported.left.message : 'imported'
    }

    it('ends every archive: the count of events, the last position and the record digest', async () => {
      const store = await (await fc.sample(cityStore, { seed: 12, numRuns: 1 })[0]!)()
      const text = await archiveTextOf(store)
      const { verifyHistory } = await import('@servicelife/store')
      const verified = await verifyHistory(store)
      expect(JSON.parse(trailerOf(text))).toEqual({
        trailer: {
          format: 'servicelife-archive',
          events: eventLines(text).length,
          lastPosition: JSON.parse(eventLines(text).at(-1)!).position,
          digest: E.isRight(verified) && verified.right.digest,
          chain: 2,
        },
      })
      expect(text.endsWith(`${trailerOf(text)}\n`)).toBe(true)
    })

    it('an archive cut at a line boundary, without its trailer, is refused; with --allow-no-trailer it is read, with a warning', async () => {
      const text = await archive(13)
      const lines = eventLines(text)
      const cut = `${lines.slice(0, -1).join('\n')}\n`
      expect(await refusal(cut)).toMatch(/no trailer after \d+ events: the archive may have been cut short/)
      const warnings: string[] = []
      const allowed = await importArchive(new InMemoryEventStore(), inChunks(cut), {
        allowNoTrailer: true,
        onWarning: (w) => warnings.push(w),
      })
      expect(E.isRight(allowed) && allowed.right.events).toBe(lines.length - 1)
      expect(warnings.join()).toMatch(/no trailer/)
    })

    it('an archive whose last event lines were cut, its trailer kept, is refused', async () => {
      const text = await archive(14)
      const lines = eventLines(text)
      expect(await refusal(`${[...lines.slice(0, -1), trailerOf(text)].join('\n')}\n`)).toMatch(
        /does not match its trailer: it holds \d+ events, the trailer says/,
      )
    })

    it('two lines of different streams swapped, their positions with them, are refused by the digest', async () => {
      const text = await archive(15)
      const lines = eventLines(text).map((l) => JSON.parse(l))
      const i = lines.findIndex(
        (l, j) =>
          j > 0 && l.streamId !== lines[j - 1].streamId && l.revision > 0 && lines[j - 1].revision > 0,
      )
      expect(i).toBeGreaterThan(0)
      const [a, b] = [lines[i - 1], lines[i]]
      ;[a.position, b.position] = [b.position, a.position]
      lines[i - 1] = b
      lines[i] = a
      expect(
        await refusal(`${[...lines.map((l) => JSON.stringify(l)), trailerOf(text)].join('\n')}\n`),
      ).toMatch(/its digest is .*lines were changed, moved or replaced/)
    })

    it('an event id used twice, even in two streams, is refused', async () => {
      const text = await archive(16)
      const lines = eventLines(text).map((l) => JSON.parse(l))
      const other = lines.findIndex((l) => l.streamId !== lines[0].streamId)
      // A stream whose first event reuses the first event's id, its hash recomputed to match.
      const { eventHashV2, GENESIS_HASH } = await import('@servicelife/store/adapter')
      const forged = {
        ...lines[other],
        metadata: { ...lines[other].metadata, eventId: lines[0].metadata.eventId },
      }
      forged.metadata.hash = eventHashV2(GENESIS_HASH, forged)
      expect(lines[other].revision).toBe(0)
      lines[other] = forged
      expect(await refusal(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`)).toMatch(
        /event id .* was recorded before/,
      )
    })

    it('a line after the trailer is refused', async () => {
      const text = await archive(17)
      expect(await refusal(`${text}${eventLines(text)[0]}\n`)).toMatch(/a line after the trailer/)
    })
  })

  describe('importing into a new directory', () => {
    const fresh = () => {
      const root = mkdtempSync(join(tmpdir(), 'servicelife-import-'))
      return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) }
    }

    it('writes the store under its name only when the whole archive is good', async () => {
      const { root, cleanup } = fresh()
      try {
        const text = archiveTextOf(await (await fc.sample(cityStore, { seed: 18, numRuns: 1 })[0]!)())
        const good = join(root, 'good')
        expect(E.isRight(await importArchiveToDirectory(good, inChunks(await text)))).toBe(true)
        const opened = await FileEventStore.open(good, { readOnly: true })
        expect(E.isRight(opened) && (await archiveTextOf(opened.right))).toBe(await text)
        if (E.isRight(opened)) await opened.right.close()

        const lines = eventLines(await text)
        const bad = join(root, 'bad')
        const refused = await importArchiveToDirectory(bad, inChunks(`${lines.slice(0, -1).join('\n')}\n`))
        expect(E.isLeft(refused)).toBe(true)
        expect(existsSync(bad)).toBe(false)
        // An edited line: the store makes its hash again as it writes it, and it differs.
        const edited = JSON.parse(lines[3]!)
        edited.data.at = '2030-01-01T00:00:00Z'
        const forged = [
          ...lines.slice(0, 3),
          JSON.stringify(edited),
          ...lines.slice(4),
          trailerOf(await text),
        ]
        const refusedEdit = await importArchiveToDirectory(
          join(root, 'edited'),
          inChunks(`${forged.join('\n')}\n`),
        )
        expect(E.isLeft(refusedEdit) && refusedEdit.left).toMatchObject({
          code: 'archive-invalid',
          line: 4,
          message: expect.stringMatching(/does not match its hash/),
        })
        expect(readdirSync(root).sort()).toEqual(['good'])
      } finally {
        cleanup()
      }
    })

    it('clears what a killed import left beside the target, and refuses a target that is not empty', async () => {
      const { root, cleanup } = fresh()
      try {
        const target = join(root, 'store')
        const left = importingPathOf(target)
        const { mkdirSync } = await import('node:fs')
        mkdirSync(left)
        writeFileSync(join(left, 'events.ndjson'), 'half an import\n')
        const text = await archiveTextOf(await (await fc.sample(cityStore, { seed: 19, numRuns: 1 })[0]!)())
        expect(E.isRight(await importArchiveToDirectory(target, inChunks(text)))).toBe(true)
        expect(existsSync(left)).toBe(false)
        const again = await importArchiveToDirectory(target, inChunks(text))
        expect(E.isLeft(again) && again.left.code).toBe('target-not-empty')
      } finally {
        cleanup()
      }
    })
  })
})

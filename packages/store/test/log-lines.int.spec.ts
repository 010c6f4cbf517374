/** Reading the log in lines: any line, however long and wherever the reads split it, comes out whole. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FileEventStore } from '@servicelife/store'
import { linesWithOffsets } from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from './temp-dir.js'

const MB = 1 << 20
const removals: Array<() => void> = []
afterEach(() => {
  for (const remove of removals.splice(0)) remove()
})

describe('linesWithOffsets', () => {
  it('gives every line of a file and its byte offset, across reads of a reused buffer, up to any end', async () => {
    // Lines from a byte to three megabytes: many are split by the 1 MiB reads, some span several.
    const lengths = fc.sample(
      fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: MB - 2, max: 3 * MB })),
      {
        numRuns: 24,
        seed: 7,
      },
    )
    const lines = lengths.map((n, i) => `${String.fromCharCode(97 + (i % 26))}ä`.repeat(Math.ceil(n / 3)))
    const text = `${lines.join('\n')}\n`
    const { dir, remove } = tempDir()
    removals.push(remove)
    const path = join(dir, 'log.ndjson')
    writeFileSync(path, text)
    const offsets = lines.map((_, i) =>
      Buffer.byteLength(
        lines
          .slice(0, i)
          .map((l) => `${l}\n`)
          .join(''),
      ),
    )
    const read = []
    for await (const line of linesWithOffsets(path)) read.push(line)
    expect(read.map((l) => l.text)).toEqual(lines)
    expect(read.map((l) => l.offset)).toEqual(offsets)
    // Up to the end of line 10: the lines before it, none after.
    const end = offsets[10]!
    const upTo = []
    for await (const line of linesWithOffsets(path, end)) upTo.push(line.text)
    expect(upTo).toEqual(lines.slice(0, 10))
  })
})

describe('FileEventStore.readAll', () => {
  it('reads events whose lines the reused read buffer splits, whole', async () => {
    const { dir, remove } = tempDir()
    removals.push(remove)
    const opened = await FileEventStore.open(dir)
    if (E.isLeft(opened)) throw new Error(opened.left.message)
    const store = opened.right
    // About 0.7 MiB each: most lines start in one read and end in the next.
    const notes = [0, 1, 2, 3, 4].map((i) => `${'ö'.repeat(350_000)}${i}`)
    for (const [i, note] of notes.entries())
      await store.appendToStream('service-x', [{ type: 'ServiceNoted', data: { note } }], {
        expectedRevision: i === 0 ? 'no-stream' : i - 1,
      })
    await store.close()
    const reader = await FileEventStore.open(dir, { readOnly: true })
    if (E.isLeft(reader)) throw new Error(reader.left.message)
    const read: unknown[] = []
    for await (const e of reader.right.readAll()) read.push(e.data)
    await reader.right.close()
    expect(read).toEqual(notes.map((note) => ({ note })))
  })
})

/**
 * Scenario 6: peak RSS of a replay of a large archive, in a fresh process: the archive streams
 * through; what stays is the projections' state, which grows with the number of services and cases.
 * Also the opening of a file store whose log holds the same events: what stays is its index.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CLI_HEAP_GROWTH } from '@servicelife/audit/internal'
import { type Row, row } from '../measure.js'

/** One replay, parse-only loop or store opening over an archive in a fresh process; `readBytes`: its read size. */
export const memoryChild = async (
  archive: string,
  mode: 'replay' | 'parse' | 'open-store' | 'check',
  readBytes?: number,
) => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--expose-gc',
      // `check` as the servicelife CLI runs it, with the CLI's heap growth.
      ...(mode === 'check' ? [CLI_HEAP_GROWTH] : []),
      join(import.meta.dirname, '..', 'memory-child.mjs'),
      archive,
      mode,
      ...(readBytes === undefined ? [] : [String(readBytes)]),
    ],
    { maxBuffer: 1 << 20 },
  )
  return JSON.parse(stdout) as {
    events: number
    cases: number | null
    maxRssBytes: number
    liveHeapBytes: number
    liveArrayBufferBytes: number
  }
}

export const memory = async (archive: string): Promise<Row[]> => {
  const ours = await memoryChild(archive, 'replay')
  const parse = await memoryChild(archive, 'parse')
  const store = await memoryChild(archive, 'open-store')
  // The store reads its log in 1 MiB chunks: its baseline reads the same way.
  const storeParse = await memoryChild(archive, 'parse', 1 << 20)
  const checked = await memoryChild(archive, 'check')
  const mb = (b: number) => b / 1_048_576
  return [
    row(
      '6 memory',
      `replay of a ${ours.events}-event archive: peak RSS`,
      'MB',
      mb(ours.maxRssBytes),
      {
        name: 'the same archive only split and parsed, read as the replay reads it',
        value: mb(parse.maxRssBytes),
      },
      { text: '< 300 MB', met: (o) => o < 300 },
    ),
    row('6 memory', 'live JS heap after the replay and a full GC', 'MB', mb(ours.liveHeapBytes)),
    row(
      '6 memory',
      `live array buffers after the replay: the case tables of its ${ours.cases} cases`,
      'MB',
      mb(ours.liveArrayBufferBytes),
    ),
    row(
      '6 memory',
      'live state per case (JS heap and array buffers over the cases)',
      'bytes',
      (ours.liveHeapBytes + ours.liveArrayBufferBytes) / (ours.cases ?? 1),
    ),
    row(
      '6 memory',
      `opening a FileEventStore whose log is the same ${store.events} events (check and index every line): peak RSS`,
      'MB',
      mb(store.maxRssBytes),
      {
        name: 'the same log only split and parsed, read as the store reads it',
        value: mb(storeParse.maxRssBytes),
      },
    ),
    row(
      '6 memory',
      'live JS heap after the opening and a full GC: the index’s stream ids',
      'MB',
      mb(store.liveHeapBytes),
    ),
    row(
      '6 memory',
      'live array buffers after it: the index’s offsets, back-pointers, counts and hashes',
      'MB',
      mb(store.liveArrayBufferBytes),
    ),
    row(
      '6 memory',
      `check of a store of the same ${checked.events} events (\`servicelife check\`: read-only opening, every monitor in one pass): peak RSS`,
      'MB',
      mb(checked.maxRssBytes),
      { name: 'the opening of the store for writing, above', value: mb(store.maxRssBytes) },
      { text: '< 300 MB', met: (o) => o < 300 },
    ),
    row(
      '6 memory',
      'the index per event (JS heap and array buffers over the events)',
      'bytes',
      (store.liveHeapBytes + store.liveArrayBufferBytes) / store.events,
    ),
  ]
}

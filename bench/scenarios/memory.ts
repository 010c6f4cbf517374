/**
 * Scenario 6: peak RSS of a replay of a large archive, in a fresh process: the archive streams
 * through; what stays is the projections' state, which grows with the number of services and cases.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { type Row, row } from '../measure.js'

const child = async (archive: string, mode: 'replay' | 'parse' | 'case-ids') => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, '..', 'memory-child.ts'), archive, mode],
    { maxBuffer: 1 << 20 },
  )
  return JSON.parse(stdout) as {
    events: number
    cases: number | null
    maxRssBytes: number
    liveHeapBytes: number
  }
}

export const memory = async (archive: string): Promise<Row[]> => {
  const ours = await child(archive, 'replay')
  const parse = await child(archive, 'parse')
  const ids = await child(archive, 'case-ids')
  const mb = (b: number) => b / 1_048_576
  return [
    row(
      '6 memory',
      `replay of a ${ours.events}-event archive: peak RSS`,
      'MB',
      mb(ours.maxRssBytes),
      {
        name: 'the same archive only split and parsed',
        value: mb(parse.maxRssBytes),
      },
      { text: '< 300 MB', met: (o) => o < 300 },
    ),
    row(
      '6 memory',
      'live heap after the replay and a full GC: the projections’ state',
      'MB',
      mb(ours.liveHeapBytes),
    ),
    row(
      '6 memory',
      `the floor of per-case state: the same archive split and parsed, each of its ${ids.cases} case ids kept in a Map: peak RSS`,
      'MB',
      mb(ids.maxRssBytes),
      { name: 'the same archive only split and parsed', value: mb(parse.maxRssBytes) },
    ),
    row(
      '6 memory',
      'live heap after that loop and a full GC: the case ids alone',
      'MB',
      mb(ids.liveHeapBytes),
    ),
  ]
}

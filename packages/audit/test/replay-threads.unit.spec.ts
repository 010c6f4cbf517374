/** What a replay on threads sends its workers: a calendar by its zone, and node's options without a script's. */
import { cityCalendar, helsinki } from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { replayArchive } from '../src/index.js'
import { sendableZone, workerExecArgv } from '../src/shell/replay-threads.js'

const calendar = (zone: string, ...days: Parameters<typeof cityCalendar>[1][]) => {
  const made = cityCalendar(zone, ...days)
  if (E.isLeft(made)) throw new Error(made.left.message)
  return made.right
}

describe('sendableZone', () => {
  it('sends a calendar cityCalendar makes by its zone, Helsinki by default', () => {
    expect(sendableZone()).toBe('Europe/Helsinki')
    expect(sendableZone(helsinki)).toBe('Europe/Helsinki')
    expect(sendableZone(calendar('Europe/Stockholm'))).toBe('Europe/Stockholm')
  })

  it('sends no calendar of other non-working days: a function cannot cross to a thread', () => {
    expect(sendableZone(calendar('Europe/Helsinki', () => new Set(['12-24'])))).toBeUndefined()
  })
})

describe('workerExecArgv', () => {
  it("keeps node's options and drops those of a script given on the command line", () => {
    expect(
      workerExecArgv([
        '--max-old-space-size=100',
        '--input-type=module',
        '-e',
        'import x from "y"',
        '--eval=1',
        '-p',
        '2',
        '--conditions',
        'c',
      ]),
    ).toEqual(['--max-old-space-size=100', '--conditions', 'c'])
  })
})

describe('replayArchive threads', () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'a number of threads that is not a whole number of at least 1 (%s) is a bug of the caller: it throws',
    async (threads) => {
      await expect(replayArchive('no-such-archive.ndjson', { threads })).rejects.toThrow(RangeError)
    },
  )
})

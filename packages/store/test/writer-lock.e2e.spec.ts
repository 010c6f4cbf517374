/**
 * One writer, always: six processes race to open a store whose writer was just killed (its LOCK
 * file left behind, naming a process that is gone), twenty rounds. Each round exactly one of them
 * becomes the writer; the writer appends, is killed with SIGKILL, and no acknowledged append is
 * ever lost.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { FileEventStore, LOCK_FILE, verifyHistory } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { spawnChild, tempDir } from './temp-dir.js'

const ROUNDS = 20
const RACERS = 6

interface Racer {
  readonly child: ChildProcessWithoutNullStreams
  /** Lines printed, in order; `next` waits for the next one. */
  readonly lines: string[]
  next(): Promise<string>
}

const racer = (dir: string): Racer => {
  const child = spawnChild('lock-racer.child.ts', dir) as unknown as ChildProcessWithoutNullStreams
  const lines: string[] = []
  const waiting: Array<(line: string) => void> = []
  let buffer = ''
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString()
    for (let i = buffer.indexOf('\n'); i !== -1; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i)
      buffer = buffer.slice(i + 1)
      const waiter = waiting.shift()
      if (waiter !== undefined) waiter(line)
      else lines.push(line)
    }
  })
  return {
    child,
    lines,
    next: () =>
      lines.length > 0 ? Promise.resolve(lines.shift()!) : new Promise((resolve) => waiting.push(resolve)),
  }
}

describe('the writer lock', () => {
  it(`${ROUNDS} rounds of ${RACERS} processes racing over a stale lock: one writer each round, no acknowledged append lost`, async () => {
    const { dir, remove } = tempDir()
    const racers = Array.from({ length: RACERS }, () => racer(dir))
    const acknowledged: string[] = []
    const writersPerRound: number[] = []
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await Promise.all(racers.map(async (r) => expect(await r.next()).toBe('ready')))
        for (const r of racers) r.child.stdin.write('go\n')
        const outcomes = await Promise.all(racers.map((r) => r.next()))
        const writers = racers.filter((_, i) => outcomes[i] === 'writer')
        writersPerRound.push(writers.length)
        for (const [i, outcome] of outcomes.entries())
          if (outcome !== 'writer') expect(outcome, `racer ${i}`).toBe('refused store-locked')
        for (const writer of writers) {
          for (let line = await writer.next(); line !== 'done'; line = await writer.next())
            acknowledged.push(line.slice('ack '.length))
          // The writer dies holding the lock: its LOCK file stays, naming a process that is gone.
          writer.child.kill('SIGKILL')
          await new Promise((resolve) => writer.child.once('exit', resolve))
          racers[racers.indexOf(writer)] = racer(dir)
        }
        expect(existsSync(join(dir, LOCK_FILE))).toBe(true)
      }
      expect(writersPerRound).toEqual(Array.from({ length: ROUNDS }, () => 1))
      const opened = await FileEventStore.open(dir)
      if (E.isLeft(opened)) throw new Error(opened.left.message)
      const present = new Set<string>()
      for await (const e of opened.right.readAll()) present.add(e.metadata.eventId)
      expect(acknowledged.filter((id) => !present.has(id))).toEqual([])
      expect(acknowledged).toHaveLength(ROUNDS * 5)
      expect(E.isRight(await verifyHistory(opened.right))).toBe(true)
      await opened.right.close()
      console.log(
        `writer lock: ${ROUNDS} rounds x ${RACERS} processes, one writer each, ${acknowledged.length} acknowledged appends all kept`,
      )
    } finally {
      for (const r of racers) r.child.kill('SIGKILL')
      remove()
    }
  }, 240_000)
})

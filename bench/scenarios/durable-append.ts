/**
 * Scenario 5: `FileEventStore` with 64 concurrent writers on distinct streams, one event per append,
 * each acknowledged only after fdatasync; against the machine's own limit, a loop of small writes
 * each followed by fdatasync on the same disk.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { PerformanceObserver } from 'node:perf_hooks'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileEventStore, LOG_FILE } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { median, rate as roundRate, type Row, row, timed } from '../measure.js'

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

/** Writes of `bytes` bytes, each followed by fdatasync, for one second: how many per second. */
const fdatasyncsPerSecond = async (file: FileHandle, bytes: number): Promise<number> => {
  const line = Buffer.from(`${'x'.repeat(Math.max(1, bytes - 1))}\n`)
  const start = performance.now()
  let syncs = 0
  while (performance.now() - start < 1_000) {
    await file.write(line)
    await file.datasync()
    syncs++
  }
  return syncs / ((performance.now() - start) / 1000)
}

/** One round: every writer appends its events one at a time, each awaited until durable. */
const writeRound = async (dir: string, writers: number, appendsPerWriter: number) => {
  const opened = await FileEventStore.open(join(dir, 'store'))
  if (E.isLeft(opened)) throw new Error(opened.left.message)
  const store = opened.right
  const latencies: number[] = []
  const round = await timed(async () => {
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < appendsPerWriter; i++) {
          const t = performance.now()
          const r = await store.appendToStream(
            `case-w${w}`,
            [{ type: 'CaseAnswered', data: { caseId: `w${w}`, at: '2025-01-01T10:00:00+02:00', n: i } }],
            { expectedRevision: i === 0 ? 'no-stream' : i - 1 },
          )
          if (E.isLeft(r)) throw new Error(r.left.message)
          latencies.push(performance.now() - t)
        }
      }),
    )
    return latencies.length
  })
  const syncs = store.syncs
  await store.close()
  return {
    rate: roundRate(round),
    start: round.start,
    end: round.end,
    latencies,
    syncs,
    batchBytes: Math.round(statSync(join(dir, 'store', LOG_FILE)).size / syncs),
  }
}

/**
 * The collections that ran within each given span of time, as the process reported them: their
 * share of the spans' time and their number a span. Entries arrive on a later turn of the event
 * loop, so the spans are read once the rounds have ended.
 */
const collections = () => {
  const entries: { startTime: number; duration: number }[] = []
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()))
  observer.observe({ entryTypes: ['gc'] })
  return {
    within: async (spans: ReadonlyArray<{ start: number; end: number }>) => {
      await new Promise((resolve) => setTimeout(resolve, 10))
      observer.disconnect()
      let time = 0
      let count = 0
      for (const e of entries)
        if (spans.some((s) => e.startTime >= s.start && e.startTime < s.end)) {
          time += e.duration
          count++
        }
      const spanned = spans.reduce((sum, s) => sum + (s.end - s.start), 0)
      return { share: time / spanned, perSpan: count / spans.length, meanMs: time / count }
    },
  }
}

/** A memory file system, where a durable write waits for no disk: what the append path's CPU allows. */
const MEMORY_FS = '/dev/shm'

export const durableAppend = async (options: {
  writers: number
  appendsPerWriter: number
  warmUpRounds: number
  rounds: number
}): Promise<Row[]> => {
  const rates: number[] = []
  const p50s: number[] = []
  const p99s: number[] = []
  const syncRates: number[] = []
  const perSync: number[] = []
  const ceilings: number[] = []
  const unmeasured: number[] = []
  const inMemory: number[] = []
  const inMemorySpans: { start: number; end: number }[] = []
  const memoryFs = existsSync(MEMORY_FS)
  const gc = collections()
  // A round lasts a quarter to a third of a second, and the append path gets faster over the first
  // second or so of a process (compiled, then optimised): the warm-up rounds run first, unmeasured,
  // so that the medians are of the code as it runs in a live server. Their rates are reported.
  for (let round = -options.warmUpRounds; round < options.rounds; round++) {
    const measured = round >= 0
    const dir = mkdtempSync(join(tmpdir(), 'servicelife-bench-'))
    try {
      const { rate, latencies, syncs, batchBytes } = await writeRound(
        dir,
        options.writers,
        options.appendsPerWriter,
      )
      if (!measured) {
        unmeasured.push(rate)
        continue
      }
      perSync.push(latencies.length / syncs)
      latencies.sort((a, b) => a - b)
      rates.push(rate)
      p50s.push(percentile(latencies, 50))
      p99s.push(percentile(latencies, 99))

      // The machine's limit: how many fdatasyncs per second this disk does for small appends.
      const file = await open(join(dir, 'sync-probe'), 'a')
      syncRates.push(await fdatasyncsPerSecond(file, 201))
      // The ceiling for closed-loop writers: one group's worth of bytes per fdatasync.
      ceilings.push(options.writers * (await fdatasyncsPerSecond(file, batchBytes)))
      await file.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    if (memoryFs) {
      const memoryDir = mkdtempSync(join(MEMORY_FS, 'servicelife-bench-'))
      try {
        const { rate, start, end } = await writeRound(memoryDir, options.writers, options.appendsPerWriter)
        inMemory.push(rate)
        inMemorySpans.push({ start, end })
      } finally {
        rmSync(memoryDir, { recursive: true, force: true })
      }
    }
  }
  const syncs = median(syncRates)
  const collected = await gc.within(inMemorySpans)
  return [
    row(
      '5 durable append',
      `${options.writers} writers x ${options.appendsPerWriter} single-event appends`,
      'events/s',
      median(rates),
      {
        name: 'fdatasyncs per second of this disk (one append each)',
        value: syncs,
      },
      { text: '>= 50,000 events/s', met: (ours) => ours >= 50_000 },
    ),
    row('5 durable append', 'appends acknowledged per fdatasync (group commit)', 'appends', median(perSync)),
    row(
      '5 durable append',
      'the same appends against the disk’s ceiling for them',
      'events/s',
      median(rates),
      {
        name: 'writers x fdatasyncs/s of one group-sized write',
        value: median(ceilings),
      },
    ),
    row(
      '5 durable append',
      `the same appends with the store on a memory file system (${MEMORY_FS}), each round after a disk round: the append path's CPU, no disk to wait for`,
      'events/s',
      memoryFs ? median(inMemory) : Number.NaN,
    ),
    row(
      '5 durable append',
      'garbage collection within those memory file system rounds: its share of their time',
      '%',
      memoryFs ? 100 * collected.share : Number.NaN,
    ),
    row(
      '5 durable append',
      'collections within a memory file system round',
      'collections',
      memoryFs ? collected.perSpan : Number.NaN,
    ),
    row('5 durable append', 'the mean time of one of them', 'ms', memoryFs ? collected.meanMs : Number.NaN),
    row(
      '5 durable append',
      'the same appends against the CPU and the disk one after the other: each round admits a group, then waits for its write',
      'events/s',
      median(rates),
      {
        name: '1 / (1 / the memory file system’s rate + 1 / the disk’s ceiling)',
        value: memoryFs ? 1 / (1 / median(inMemory) + 1 / median(ceilings)) : Number.NaN,
      },
    ),
    row(
      '5 durable append',
      `the first of the ${options.warmUpRounds} warm-up rounds, in a process new to the append path (not in the medians)`,
      'events/s',
      unmeasured[0] ?? Number.NaN,
    ),
    row(
      '5 durable append',
      'the last warm-up round (not in the medians)',
      'events/s',
      unmeasured.at(-1) ?? Number.NaN,
    ),
    row('5 durable append', 'acknowledgement latency p50', 'ms', median(p50s)),
    row('5 durable append', 'acknowledgement latency p99', 'ms', median(p99s)),
  ]
}

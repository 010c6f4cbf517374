/**
 * How the size of an archive's reads moves a replay's speed and its peak memory: the figures
 * behind `ARCHIVE_READ_BYTES` (packages/store/src/shell/archive.ts). Not part of `npm run bench`;
 * `npm run build && node --import tsx bench/read-size.ts` (about ten minutes; `--quick` for a
 * smoke run). Speed: the sizes alternate in one process over a 1,000,000-event archive, also
 * against the bare split-and-parse loop. Memory: each size replays a 5,000,000-event archive in a
 * fresh process, the sizes alternating.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { replayArchive } from '@servicelife/audit'
import { writeArchive } from './history.js'
import { median, rate, timed } from './measure.js'
import { parseOnly, reader } from './scenarios/archive-replay.js'
import { memoryChild } from './scenarios/memory.js'

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } })
const quick = values.quick!
const SIZES = [64 * 1024, 128 * 1024, 1024 * 1024]
const ROUNDS = quick ? 1 : 4
const MEMORY_ROUNDS = quick ? 1 : 2

const replayed = async (path: string, bytes: number) => {
  const r = await replayArchive(reader(path, bytes))
  if (r._tag === 'Left') throw new Error(r.left.message)
  return r.right.events
}

/** Each size's median rate over `ROUNDS` rounds in which every size runs once, in turn. */
const alternated = async (work: (bytes: number) => Promise<number>) => {
  const rates = new Map<number, number[]>(SIZES.map((s) => [s, []]))
  for (let i = 0; i < ROUNDS; i++) for (const s of SIZES) rates.get(s)!.push(rate(await timed(() => work(s))))
  return new Map(SIZES.map((s) => [s, median(rates.get(s)!)]))
}

const scratch = mkdtempSync(join(tmpdir(), 'servicelife-read-size-'))
try {
  const small = join(scratch, 'speed.ndjson')
  const large = join(scratch, 'memory.ndjson')
  const smallEvents = await writeArchive(small, quick ? 100_000 : 1_000_000)
  const largeEvents = await writeArchive(large, quick ? 200_000 : 5_000_000)
  const kib = (bytes: number) => `${bytes / 1024} KiB`
  const events = (n: number) => Math.round(n).toLocaleString('en-US')

  const replay = await alternated((s) => replayed(small, s))
  const parse = await alternated((s) => parseOnly(small, s))
  const top = SIZES[SIZES.length - 1]!
  console.log(
    `node ${process.version}; medians of ${ROUNDS} alternated rounds, ${events(smallEvents)} events`,
  )
  for (const s of SIZES)
    console.log(
      `  reads of ${kib(s)}: replay ${events(replay.get(s)!)} events/s (${(replay.get(s)! / replay.get(top)!).toFixed(2)}x ${kib(top)}),` +
        ` split + JSON.parse ${events(parse.get(s)!)} events/s (${(parse.get(s)! / parse.get(top)!).toFixed(2)}x)`,
    )

  const peaks = new Map<number, number[]>(SIZES.map((s) => [s, []]))
  for (let i = 0; i < MEMORY_ROUNDS; i++)
    for (const s of SIZES) peaks.get(s)!.push((await memoryChild(large, 'replay', s)).maxRssBytes / 1_048_576)
  console.log(`peak RSS of a replay of ${events(largeEvents)} events in a fresh process, each run`)
  for (const s of SIZES)
    console.log(
      `  reads of ${kib(s)}: ${peaks
        .get(s)!
        .map((p) => `${p.toFixed(0)} MiB`)
        .join(', ')}`,
    )
} finally {
  rmSync(scratch, { recursive: true, force: true })
}

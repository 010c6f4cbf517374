/**
 * `npm run bench`: every scenario, ours against its baseline in the same process, medians of
 * alternating rounds. `--json` prints the same figures for machines; `--quick` runs small sizes
 * (a smoke run, not figures to quote); `--only 1,3` picks scenarios; `--keep-garbage` runs them
 * without the full collection before every timed round (measure.ts).
 */
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { keepGarbage, type Row } from './measure.js'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { archiveTextOf, history, writeArchive } from './history.js'
import { archiveReplay } from './scenarios/archive-replay.js'
import { commandHandling } from './scenarios/command-handling.js'
import { durableAppend } from './scenarios/durable-append.js'
import { htmlReportScenario } from './scenarios/html-report.js'
import { httpLoad } from './scenarios/http-load.js'
import { importExport } from './scenarios/import-export.js'
import { memory } from './scenarios/memory.js'
import { personalData } from './scenarios/personal-data.js'
import { postgres } from './scenarios/postgres.js'
import { projectionRebuild } from './scenarios/projection-rebuild.js'

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    rounds: { type: 'string' },
    'keep-garbage': { type: 'boolean', default: false },
  },
})
const quick = values.quick!
const only = new Set((values.only ?? '1,2,3,4,5,6,7,8,9,10,11').split(',').map((s) => s.trim()))
const rounds = Number(values.rounds ?? (quick ? 1 : 3))
const rows: Row[] = []
if (values['keep-garbage']) keepGarbage()
const log = (text: string) => {
  if (!values.json) process.stderr.write(`${text}\n`)
}

if (only.has('1') || only.has('2')) {
  log('scenarios 1-2: command handling, read and fold ...')
  rows.push(
    ...(await commandHandling({ commands: quick ? 20_000 : 200_000, streams: quick ? 200 : 2_000, rounds })),
  )
}

const scratch = mkdtempSync(join(tmpdir(), 'servicelife-bench-'))
/**
 * Scenarios 3, 4 and 9 over one generated history. A function of its own, so that the history is
 * garbage once they end: in a block of this module's body it stayed alive (489 MB after a full GC)
 * through scenario 5.
 */
const historyScenarios = async (): Promise<Row[]> => {
  const size = quick ? 50_000 : 1_000_000
  log(`generating a ${size}-event city history ...`)
  const events = history(size)
  const out: Row[] = []
  if (only.has('3')) {
    log('scenario 3: projection rebuild ...')
    out.push(...(await projectionRebuild(events, rounds)))
  }
  if (only.has('4')) {
    const archive = join(scratch, 'history.ndjson')
    writeFileSync(archive, archiveTextOf(events))
    log('scenario 4: archive replay ...')
    out.push(...(await archiveReplay(archive, events.length, rounds)))
  }
  if (only.has('9')) {
    log('scenario 9: HTML audit report ...')
    out.push(...(await htmlReportScenario(events, rounds)))
  }
  return out
}

try {
  if (only.has('3') || only.has('4') || only.has('9')) rows.push(...(await historyScenarios()))
  if (only.has('5')) {
    log('scenario 5: durable append ...')
    // Its rounds are short, so it runs at least five of them, after three to warm up.
    const appendRounds = quick ? rounds : Math.max(rounds, 5)
    rows.push(
      ...(await durableAppend({
        writers: 64,
        appendsPerWriter: quick ? 20 : 200,
        warmUpRounds: quick ? 1 : 3,
        rounds: appendRounds,
      })),
    )
  }
  if (only.has('7')) {
    log('scenario 7: import against export ...')
    rows.push(
      ...(await importExport(scratch, quick ? [20_000, 100_000] : [100_000, 1_000_000], quick ? 1 : rounds)),
    )
  }
  if (only.has('8')) {
    log('scenario 8: PostgreSQL ...')
    rows.push(
      ...(await postgres({
        commands: quick ? 800 : 8_000,
        streams: quick ? 80 : 800,
        rounds,
        lagSeconds: quick ? 1 : 5,
      })),
    )
  }
  if (only.has('10')) {
    log('scenario 10: personal data ...')
    rows.push(...(await personalData({ rounds, subjects: quick ? 10_000 : 100_000 })))
  }
  if (only.has('11')) {
    log('scenario 11: the HTTP API under load ...')
    rows.push(...(await httpLoad({ commands: quick ? 2_000 : 20_000, rounds: quick ? 1 : rounds })))
  }
  if (only.has('6')) {
    const size = quick ? 200_000 : 5_000_000
    const archive = join(scratch, 'large.ndjson')
    log(`scenario 6: writing a ${size}-event archive, then replaying it in a fresh process ...`)
    await writeArchive(archive, size)
    rows.push(...(await memory(archive)))
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  quick,
  rounds,
}
if (values.json) {
  console.log(JSON.stringify({ machine, rows }, null, 2))
} else {
  const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2))
  console.log(
    `node ${machine.node}, ${machine.cpus} cores (${machine.cpu}), ${rounds} round(s)${quick ? ', quick sizes' : ''}\n`,
  )
  for (const r of rows) {
    console.log(`${r.scenario}: ${r.measure}`)
    console.log(`  ours      ${fmt(r.ours)} ${r.unit}`)
    if (r.baseline) console.log(`  baseline  ${fmt(r.baseline.value)} ${r.unit} (${r.baseline.name})`)
    if (r.ratio !== undefined) console.log(`  ratio     ${r.ratio.toFixed(2)}x`)
    if (r.target) console.log(`  target    ${r.target}: ${r.met ? 'met' : 'NOT met'}`)
  }
}

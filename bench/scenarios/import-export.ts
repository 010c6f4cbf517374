/**
 * Scenario 7: importing an archive into a new file store against exporting it again, in the same
 * process: import must run at least half as fast as export, and both linearly in events, also
 * for long streams interleaved event by event. And splitting lines is linear for any input, one
 * line of tens of megabytes included.
 */
import { createWriteStream, rmSync, statSync, writeFileSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import {
  exportArchiveToFile,
  FileEventStore,
  importArchiveToDirectory,
  type RecordedEvent,
} from '@servicelife/store'
import { archiveLines } from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'
import { archiveTextOf, Recorder, writeArchive } from '../history.js'
import { median, rate, type Row, row, timed } from '../measure.js'

/** Import of the archive into a new directory, then export of that store: events/s each. */
const importThenExport = async (archive: string, scratch: string, round: number) => {
  const dir = join(scratch, `imported-${round}`)
  const out = join(scratch, `exported-${round}.ndjson`)
  let events = 0
  const imported = await timed(async () => {
    const done = await importArchiveToDirectory(dir, archive)
    if (E.isLeft(done)) throw new Error(done.left.message)
    events = done.right.events
    return events
  })
  const opened = await FileEventStore.open(dir, { readOnly: true })
  if (E.isLeft(opened)) throw new Error(opened.left.message)
  const exported = await timed(async () => {
    const done = await exportArchiveToFile(opened.right, out)
    if (E.isLeft(done)) throw new Error(done.left.message)
    return done.right.events
  })
  await opened.right.close()
  rmSync(dir, { recursive: true, force: true })
  rmSync(out, { force: true })
  return { importRate: rate(imported), exportRate: rate(exported), events }
}

/** Two streams whose events alternate, `events` in all: an archive of long interleaved streams. */
const interleaved = (path: string, events: number) => {
  const recorder = new Recorder()
  const recorded: RecordedEvent[] = []
  for (let i = 0; i < events; i++) {
    const id = `s${i % 2}`
    recorded.push(
      recorder.record(`service-${id}`, {
        type: 'ServiceRestored',
        data: { serviceId: id, at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString() },
      }),
    )
  }
  writeFileSync(path, archiveTextOf(recorded))
}

export const importExport = async (
  scratch: string,
  sizes: ReadonlyArray<number>,
  rounds: number,
): Promise<Row[]> => {
  const rows: Row[] = []
  const perEvent: Array<{ label: string; events: number; micros: number }> = []
  for (const size of sizes) {
    const archive = join(scratch, `import-${size}.ndjson`)
    await writeArchive(archive, size)
    const runs = []
    for (let r = 0; r < rounds; r++) runs.push(await importThenExport(archive, scratch, r))
    const importRate = median(runs.map((x) => x.importRate))
    const exportRate = median(runs.map((x) => x.exportRate))
    rows.push(
      row(
        '7 import and export',
        `import of a ${runs[0]!.events}-event archive into a new store`,
        'events/s',
        importRate,
        { name: 'export of the same store, same process', value: exportRate },
        { text: '>= 0.5x export', met: (_, r) => (r ?? 0) >= 0.5 },
      ),
    )
    perEvent.push({ label: 'city history', events: runs[0]!.events, micros: 1e6 / importRate })
    rmSync(archive, { force: true })
  }
  for (const events of [2_000, 4_000, 200_000]) {
    const archive = join(scratch, `interleaved-${events}.ndjson`)
    interleaved(archive, events)
    const runs = []
    for (let r = 0; r < rounds; r++) runs.push(await importThenExport(archive, scratch, r))
    const importRate = median(runs.map((x) => x.importRate))
    rows.push(
      row(
        '7 import and export',
        `import of two interleaved streams of ${events / 2} events each`,
        'events/s',
        importRate,
        {
          name: 'export of the same store',
          value: median(runs.map((x) => x.exportRate)),
        },
      ),
    )
    perEvent.push({ label: 'two interleaved streams', events, micros: 1e6 / importRate })
    rmSync(archive, { force: true })
  }
  const first = perEvent[0]!
  const last = perEvent[sizes.length - 1]!
  rows.push(
    row(
      '7 import and export',
      `import time per event, ${last.events} against ${first.events} events (1.0: linear)`,
      'x',
      last.micros / first.micros,
    ),
  )
  const pairs = perEvent.filter((p) => p.label === 'two interleaved streams')
  rows.push(
    row(
      '7 import and export',
      `the same for interleaved streams, ${pairs.at(-1)!.events} against ${pairs[0]!.events} events (1.0: linear)`,
      'x',
      pairs.at(-1)!.micros / pairs[0]!.micros,
    ),
  )
  // Lines: an archive of one line of 10, 40 and 80 MB (no newline) is split in time linear in its size.
  const split: Array<{ mb: number; seconds: number }> = []
  for (const mb of [10, 40, 80]) {
    const path = join(scratch, `one-line-${mb}.ndjson`)
    const out = createWriteStream(path)
    const chunk = 'x'.repeat(1 << 20)
    for (let i = 0; i < mb; i++) if (!out.write(chunk)) await once(out, 'drain')
    out.end()
    await once(out, 'finish')
    const t = await timed(async () => {
      let lines = 0
      for await (const line of archiveLines(path)) lines += line.length > 0 ? 1 : 0
      return lines
    })
    split.push({ mb: statSync(path).size / (1 << 20), seconds: t.seconds })
    rmSync(path, { force: true })
  }
  rows.push(
    row(
      '7 import and export',
      `splitting one line of ${split[2]!.mb} MB, per MB, against one of ${split[0]!.mb} MB (1.0: linear)`,
      'x',
      split[2]!.seconds / split[2]!.mb / (split[0]!.seconds / split[0]!.mb),
    ),
  )
  return rows
}

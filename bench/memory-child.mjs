/**
 * Scenario 6's measured process: one archive replay, the parse-only loop, or the opening of a file
 * store whose log is the archive (its lines are the store's own), then its peak RSS.
 * Plain JavaScript on the built packages, as a consumer's process runs them: under tsx the
 * loader alone would add tens of megabytes to both figures.
 */
import { replayArchive } from '@servicelife/audit'
import { caseCountOf } from '@servicelife/projections'
import { checkRecord, tallyFindings } from '@servicelife/strategy'
import { FileEventStore, LOG_FILE } from '@servicelife/store'
import { archiveLines } from '@servicelife/store/adapter'
import {
  copyFileSync,
  createReadStream,
  mkdtempSync,
  openSync,
  closeSync,
  ftruncateSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

// An optional third argument reads the archive in chunks of that many bytes (bench/read-size.ts).
const [path, mode, readBytes] = process.argv.slice(2)
const source =
  readBytes === undefined ? path : () => createReadStream(path, { highWaterMark: Number(readBytes) })

const replay = async () => {
  const r = await replayArchive(source)
  if (r._tag === 'Left') throw new Error(r.left.message)
  return { events: r.right.events, replayed: r.right }
}

const parseOnly = async () => {
  let events = 0
  for await (const line of archiveLines(source)) if (JSON.parse(line) !== null) events++
  return { events, replayed: undefined }
}

/**
 * This process's own peak RSS. getrusage's maxRSS is no good here: Linux keeps across exec the
 * larger of it and the parent's RSS at the fork, so a child of a large bench process reported
 * the parent's size. VmHWM belongs to the process's own address space.
 */
const peakRss = () => {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    if (hwm !== null) return Number(hwm[1]) * 1024
  } catch {
    // No /proc: getrusage's figure, at worst the parent's size.
  }
  return process.resourceUsage().maxRSS * 1024
}

/** A store whose log is the archive's event lines: a copy without the trailer line. */
const storeOfArchive = () => {
  const dir = mkdtempSync(join(dirname(path), 'store-'))
  const log = join(dir, LOG_FILE)
  copyFileSync(path, log)
  // The trailer is the last line: cut the copy back to the newline before it.
  const size = statSync(log).size
  const tail = Buffer.alloc(Math.min(size, 4096))
  const fd = openSync(log, 'r+')
  readSync(fd, tail, 0, tail.length, size - tail.length)
  const lastNewline = tail.lastIndexOf(10, tail.length - 2)
  ftruncateSync(fd, size - tail.length + lastNewline + 1)
  closeSync(fd)
  return dir
}

/** Opens a store over a copy of the archive: the scan checks every line and indexes it. */
const openStore = async () => {
  const dir = storeOfArchive()
  const opened = await FileEventStore.open(dir)
  if (opened._tag === 'Left') throw new Error(opened.left.message)
  return { events: opened.right.recovery.events, replayed: undefined, store: opened.right, dir }
}

/** `servicelife check`'s work: the store opened read-only, the strategy's monitors in one pass, the findings tallied. */
const check = async () => {
  const dir = storeOfArchive()
  const opened = await FileEventStore.open(dir, { readOnly: true })
  if (opened._tag === 'Left') throw new Error(opened.left.message)
  const tally = await checkRecord(opened.right.readAll(), {}, tallyFindings())
  return {
    events: opened.right.recovery.events,
    replayed: undefined,
    store: opened.right,
    dir,
    violations: tally.total,
  }
}

const run = { replay, parse: parseOnly, 'open-store': openStore, check }[mode]
if (run === undefined) throw new Error(`unknown mode ${mode}`)
const { events, replayed, store, dir } = await run()
const maxRssBytes = peakRss()
// What is still alive after a full collection is the state kept, which no streaming removes.
// Array buffers are freed by a sweeper after the collection: let it finish, and collect again.
globalThis.gc()
await sleep(200)
globalThis.gc()
const { heapUsed, arrayBuffers } = process.memoryUsage()
// Read after the figures, so the replay's state is alive when they are taken.
const cases = replayed === undefined ? null : caseCountOf(replayed.states.promiseCompliance)
if (store !== undefined) {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
}
console.log(
  JSON.stringify({ events, cases, maxRssBytes, liveHeapBytes: heapUsed, liveArrayBufferBytes: arrayBuffers }),
)

/**
 * An archive replayed on worker threads, as a consumer's process runs it: the built package under
 * plain node, imported as an ES module and required as CommonJS, and the `servicelife` binary. On
 * any number of threads the replay is the one-thread replay, and a broken archive's first failure
 * is the one-thread replay's.
 */
import { encodeEvent } from '@servicelife/domain'
import { archiveTextOf, cityHistory } from '@servicelife/spec'
import { InMemoryEventStore } from '@servicelife/store'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const BIN = join(import.meta.dirname, '..', 'bin', 'servicelife.js')

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

const node = (args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    )
  })

/** Replays the archive on 1, 2 and 3 threads; prints each result as JSON. */
const replays = (load: string) => `
${load}
const main = async () => {
  const results = []
  for (const threads of [1, 2, 3]) {
    const r = await replayArchive(process.argv[1], { threads })
    results.push(r._tag === 'Left' ? { failure: r.left } : { events: r.right.events, position: r.right.position, report: cityReport(r.right) })
  }
  process.stdout.write(JSON.stringify(results))
}
main()
`
const ESM = replays("import { cityReport, replayArchive } from '@servicelife/audit'")
const CJS = replays("const { cityReport, replayArchive } = require('@servicelife/audit')")

let dir: string
let archive: string
let broken: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'servicelife-threads-'))
  const [history] = fc.sample(cityHistory({ services: 6, cases: 300 }), { seed: 11, numRuns: 1 })
  const store = new InMemoryEventStore({ now: () => '2025-06-01T00:00:00.000Z' })
  for (const { streamId, event } of history!)
    await store.appendToStream(streamId, [{ type: event.type, data: encodeEvent(event).data }], {
      expectedRevision: 'any',
    })
  const text = await archiveTextOf(store)
  archive = join(dir, 'record.ndjson')
  writeFileSync(archive, text)
  // A case event's text edited far into the archive: its hash no longer matches it.
  const lines = text.split('\n')
  const at = lines.map((l) => l.includes('"type":"ContactReceived"')).lastIndexOf(true)
  lines[at] = lines[at]!.replace('"language":"fi"', '"language":"sv"')
  broken = join(dir, 'broken.ndjson')
  writeFileSync(broken, lines.join('\n'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('replayArchive on threads, from the built package under plain node', () => {
  for (const [format, args] of [
    ['an ES module', ['--input-type=module', '-e', ESM]],
    ['CommonJS', ['--input-type=commonjs', '-e', CJS]],
  ] as const) {
    it(`as ${format}: on 2 and 3 threads the report, events and position of one thread`, async () => {
      const run = await node([...args, archive])
      expect(run.stderr).toBe('')
      const [one, two, three] = JSON.parse(run.stdout) as Array<{ events: number }>
      expect(one!.events).toBeGreaterThan(1000)
      expect(two).toEqual(one)
      expect(three).toEqual(one)
    })

    it(`as ${format}: a broken archive's first failure is the one thread's`, async () => {
      const run = await node([...args, broken])
      const [one, two, three] = JSON.parse(run.stdout) as Array<{ failure?: { line: number } }>
      expect(one!.failure).toMatchObject({ code: 'archive-invalid' })
      expect(two).toEqual(one)
      expect(three).toEqual(one)
    })
  }
})

describe('servicelife replay --threads', () => {
  it('prints on 2 threads what it prints on one', async () => {
    const one = await node([BIN, 'replay', '--archive', archive, '--json'])
    const two = await node([BIN, 'replay', '--archive', archive, '--json', '--threads', '2'])
    expect(one.code).toBe(0)
    expect(two).toEqual(one)
  })

  it("fails a broken archive on 2 threads with the one thread's line and exit code", async () => {
    const one = await node([BIN, 'replay', '--archive', broken])
    const two = await node([BIN, 'replay', '--archive', broken, '--threads', '2'])
    expect(one.code).toBe(1)
    expect(two).toEqual(one)
  })

  it.each([['0'], ['-1'], ['1.5'], ['two'], ['65'], ['']])(
    'refuses --threads %j in one line with exit code 2',
    async (threads) => {
      const run = await node([BIN, 'replay', '--archive', archive, '--threads', threads])
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: `servicelife: --threads: expected a number of threads (1-64), got ${JSON.stringify(threads)}\n`,
      })
    },
  )

  it('refuses --threads for a store in one line with exit code 2', async () => {
    const run = await node([BIN, 'replay', '--store', join(dir, 'store'), '--threads', '2'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'servicelife: --threads: an archive (--archive) is replayed on threads; a store on one\n',
    )
  })
})

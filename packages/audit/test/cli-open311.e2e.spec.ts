/**
 * `servicelife open311 import`: requests read from a served GeoReport v2 endpoint of our own and
 * from a file; the round trip gives the same requests; a second import records nothing; what the
 * model refuses is said line by line with the rule; every bad invocation one line.
 */
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CaseCommand, ServiceCommand } from '@servicelife/domain'
import { nodeListener, openServicelifeApi, type ServicelifeApi } from '@servicelife/http'
import { handleAll, planAndLaunch, turkuServices } from '@servicelife/spec'
import { FileEventStore, InMemoryEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../src/index.js'
import { runServicelife } from './servicelife-bin.js'

const { generalGuidance, youthGuidance } = turkuServices
const services: ReadonlyArray<ServiceCommand> = [
  ...planAndLaunch({ ...generalGuidance, answerPromise: { within: 5, unit: 'working-days' } }),
  ...planAndLaunch({ ...youthGuidance, answerPromise: { within: 2, unit: 'days' } }),
]
const NOW = Date.parse('2025-06-30T09:00:00Z')
const SINCE = '2025-01-01T00:00:00Z'
const UNTIL = '2025-12-31T00:00:00Z'

let root: string
let source: { api: ServicelifeApi; server: Server; base: string }

const serve = async (api: ServicelifeApi) => {
  const server = createServer(nodeListener(api))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { api, server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/open311/v2` }
}
const stop = async ({ api, server }: { api: ServicelifeApi; server: Server }) => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await api.close()
}

const inProcess = async (args: ReadonlyArray<string>) => {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) })
  return { code, stdout, stderr }
}

/** `open311 import` of the source's served endpoint into the store in `dir`. */
const importFromEndpoint = (dir: string, ...more: string[]) =>
  inProcess([
    'open311',
    'import',
    '--from',
    source.base,
    '--since',
    SINCE,
    '--until',
    UNTIL,
    '--store',
    dir,
    ...more,
  ])

/** A store holding the services only, as a city's record would before the import. */
const storeWithServices = async (name: string) => {
  const dir = join(root, name)
  const opened = await FileEventStore.open(dir)
  if (E.isLeft(opened)) throw new Error(opened.left.message)
  await handleAll(opened.right, services)
  await opened.right.close()
  return dir
}

/** The requests a served record publishes, by id: what a round trip must give back. */
const requestsOf = async (base: string) => {
  const body = (await (
    await fetch(
      `${base}/requests.json?start_date=2025-06-01T00:00:00Z&end_date=2025-08-29T00:00:00Z&extensions=true`,
    )
  ).json()) as Array<{ service_request_id: string }>
  return new Map(body.map((r) => [r.service_request_id, r]))
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'servicelife-open311-'))
  const store = new InMemoryEventStore()
  await handleAll(store, services)
  let tick = 0
  const api = await openServicelifeApi({
    store,
    now: () => NOW + tick++ * 3_600_000,
    open311: { apiKeys: ['k'] },
    newId: (() => {
      let n = 0
      return () => `req-${++n}`
    })(),
  })
  source = await serve(api)
  const post = async (code: string) => {
    const response = await fetch(`${source.base}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `api_key=k&service_code=${code}&address_string=Aurakatu+1&description=Penkki+rikki`,
    })
    return ((await response.json()) as { service_request_id: string }[])[0]!.service_request_id
  }
  const [answered, withdrawn, , youth] = [
    await post('general-guidance'),
    await post('general-guidance'),
    await post('general-guidance'),
    await post('youth-guidance'),
  ]
  const at = (hours: number) => new Date(NOW + hours * 3_600_000).toISOString()
  const commands: CaseCommand[] = [
    {
      type: 'AnswerCase',
      data: { caseId: answered, at: at(30), channel: 'email', by: 'Desk', summary: 'Korjattu.' },
    },
    { type: 'CloseCase', data: { caseId: answered, at: at(31), outcome: 'resolved' } },
    { type: 'CloseCase', data: { caseId: withdrawn, at: at(32), outcome: 'withdrawn' } },
    {
      type: 'AnswerCase',
      data: { caseId: youth, at: at(33), channel: 'chat', by: 'Youth', summary: 'Soita.' },
    },
  ]
  await handleAll(store, commands)
  await api.caughtUp()
})

afterAll(async () => {
  await stop(source)
  rmSync(root, { recursive: true, force: true })
})

describe('open311 import', () => {
  it('the round trip through a served endpoint gives the same requests, and a second import records nothing', async () => {
    const dir = await storeWithServices('from-endpoint')
    const run = await importFromEndpoint(dir)
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('4 requests read: 4 imported, 0 already recorded, 0 refused, 0 unreadable\n')
    expect(run.code).toBe(0)

    const opened = await FileEventStore.open(dir)
    if (E.isLeft(opened)) throw new Error(opened.left.message)
    const copy = await serve(await openServicelifeApi({ store: opened.right }))
    try {
      await copy.api.caughtUp()
      expect(await requestsOf(copy.base)).toEqual(await requestsOf(source.base))
    } finally {
      await stop(copy)
      await opened.right.close()
    }

    const again = await importFromEndpoint(dir, '--json')
    expect(JSON.parse(again.stdout)).toMatchObject({ read: 4, imported: 0, alreadyRecorded: 4, lines: [] })
  })

  it('from a file through the built binary: the same requests', async () => {
    const file = join(root, 'requests.json')
    writeFileSync(file, JSON.stringify([...(await requestsOf(source.base)).values()]))
    const dir = await storeWithServices('from-file')
    const run = await runServicelife(['open311', 'import', '--from', file, '--store', dir])
    expect([run.code, run.stderr]).toEqual([0, ''])
    expect(run.stdout).toBe('4 requests read: 4 imported, 0 already recorded, 0 refused, 0 unreadable\n')
  })

  it('what the model refuses or cannot read is said line by line with the rule; the rest is imported', async () => {
    const file = join(root, 'mixed.json')
    const requested = '2025-05-02T10:00:00+03:00'
    writeFileSync(
      file,
      JSON.stringify([
        {
          service_request_id: 'ok-1',
          status: 'open',
          service_code: 'general-guidance',
          requested_datetime: requested,
        },
        {
          service_request_id: 'gone-1',
          status: 'open',
          service_code: 'street-lights',
          requested_datetime: requested,
        },
        {
          service_request_id: 'bad-1',
          status: 'pending',
          service_code: 'general-guidance',
          requested_datetime: requested,
        },
        {
          service_request_id: 'late-1',
          status: 'open',
          service_code: 'general-guidance',
          requested_datetime: requested,
          expected_datetime: '2025-05-03T10:00:00+03:00',
        },
      ]),
    )
    const dir = await storeWithServices('mixed')
    const run = await inProcess(['open311', 'import', '--from', file, '--store', dir])
    expect(run.code).toBe(1)
    expect(run.stdout.split('\n')).toEqual([
      'gone-1: refused by target-service-in-production: case gone-1 cannot go to service street-lights: it is unplanned, not in production',
      'bad-1: not read: not a GeoReport v2 request: status',
      "late-1: deadline 2025-05-03T10:00:00+03:00 in the source, 2025-05-10T00:00:00.000+03:00 from the service's answer promise",
      '4 requests read: 2 imported, 0 already recorded, 1 refused, 1 unreadable',
      '',
    ])
  })

  it('a bad invocation is one line and exit 2; a source that cannot be read writes nothing', async () => {
    const dir = await storeWithServices('bad')
    const binary = join(root, 'binary.json')
    writeFileSync(binary, Buffer.from([0, 1, 2, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a]))
    const notAList = join(root, 'object.json')
    writeFileSync(notAList, JSON.stringify({ service_requests: [] }))
    const bad = [
      [['open311', 'import', '--store', dir], 2],
      [['open311', 'import', '--from', 'ftp://city.example/open311', '--store', dir], 2],
      [['open311', 'import', '--from', source.base, '--until', 'tomorrow', '--store', dir], 2],
      [['open311', 'import', '--from', join(root, 'missing.json'), '--store', dir], 1],
      [['open311', 'import', '--from', 'http://127.0.0.1:9/open311/v2', '--store', dir], 1],
      [['open311', 'import', '--from', binary, '--store', dir], 1],
      [['open311', 'import', '--from', notAList, '--store', dir], 1],
      [['open311', 'import', '--from', 'x'.repeat(1 << 20), '--store', dir], 2],
      [['open311', 'import', '--from', notAList, '--store', notAList], 2],
      [['open311', 'import', '--from', source.base, '--since', '2025-13-01T00:00:00Z', '--store', dir], 2],
    ] as const
    for (const [args, code] of bad) {
      const run = await inProcess(args)
      expect([args, run.code, run.stdout]).toEqual([args, code, ''])
      // One short printable line: no control character (a binary file's bytes), no huge echo.
      expect(run.stderr).toMatch(/^servicelife: [\x20-\x7e\u00a0-\uffff]{1,300}\n$/)
    }
    const opened = await FileEventStore.open(dir)
    if (E.isLeft(opened)) throw new Error(opened.left.message)
    expect(await opened.right.headPosition()).toBe(services.length - 1)
    await opened.right.close()
  })
})

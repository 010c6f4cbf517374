/**
 * The guidance backend as a city developer builds it: the packages packed as npm would publish
 * them, installed into a fresh project, the app compiled there by strict TypeScript as ES modules
 * and as CommonJS, and each build run under plain node and spoken to over HTTP.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { planAndLaunch, plusDays, turkuServices, youthChatJourney } from '@servicelife/spec'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const here = import.meta.dirname
const require = createRequire(import.meta.url)
const tsc = require.resolve('typescript/bin/tsc')
const typesNode = (
  JSON.parse(readFileSync(join(root, 'node_modules/@types/node/package.json'), 'utf8')) as {
    version: string
  }
).version
const consumer = mkdtempSync(join(tmpdir(), 'guidance-backend-'))
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

beforeAll(() => {
  const tarballs = readdirSync(join(root, 'packages')).map((dir) => {
    const [info] = JSON.parse(
      run('npm', ['pack', '--json', '--pack-destination', consumer], join(root, 'packages', dir)),
    ) as [{ filename: string }]
    return join(consumer, info.filename)
  })
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'guidance-backend', private: true }))
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs, `@types/node@${typesNode}`],
    consumer,
  )
  // The same sources twice: the nearest package.json's type decides the module system.
  for (const [kind, type] of [
    ['esm', 'module'],
    ['cjs', 'commonjs'],
  ] as const) {
    const dir = join(consumer, kind)
    mkdirSync(dir)
    cpSync(join(here, 'src'), join(dir, 'src'), { recursive: true })
    const tsconfig = JSON.parse(readFileSync(join(here, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: Record<string, unknown>
    }
    tsconfig.compilerOptions.outDir = 'dist'
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type }))
    run(process.execPath, [tsc, '-p', 'tsconfig.json'], dir)
  }
}, 240_000)

afterAll(() => rmSync(consumer, { recursive: true, force: true }))

/** Starts a build on a data directory; resolves once it listens, with its base URL. */
const startBackend = async (kind: string, data: string): Promise<{ url: string; process: ChildProcess }> => {
  const child = spawn(process.execPath, [join(consumer, kind, 'dist', 'main.js'), data, '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OPEN311_API_KEY: 'kiosk-key' },
  })
  let err = ''
  child.stderr!.on('data', (c: Buffer) => (err += String(c)))
  const port = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (c: Buffer) => {
      out += String(c)
      const m = /listening on (\d+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)))
  })
  return { url: `http://127.0.0.1:${port}`, process: child }
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code))
    child.kill('SIGTERM')
  })

/** A command to its own endpoint, its data as the body. */
const post = async (url: string, key: string, command: { type: string; data: unknown }) => {
  const response = await fetch(`${url}/commands/${command.type}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(command.data),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

// The shared Turku fixtures: general guidance routes a youth contact to youth guidance.
const { generalGuidance, youthGuidance } = turkuServices
const [plan, launch] = planAndLaunch(youthGuidance)
const journey = youthChatJourney('c-1', plusDays(youthGuidance.at, 30))
const contact = journey[0]!

describe.each(['esm', 'cjs'])('examples/guidance-backend built from the packed packages (%s)', (kind) => {
  it('takes commands, refuses bad ones with the right status, and reports from the projections', async () => {
    const data = join(consumer, `data-${kind}`)
    const first = await startBackend(kind, data)
    const { url } = first
    expect((await post(`${url}/services`, 'plan-1', plan)).status).toBe(201)
    expect((await post(`${url}/services`, 'launch-1', launch)).status).toBe(201)
    // A retried request with the same Idempotency-Key writes nothing new.
    const retried = await post(`${url}/services`, 'launch-1', launch)
    expect(retried.status).toBe(200)
    expect(retried.body.events).toMatchObject([{ type: 'ServiceLaunched', revision: 1 }])

    for (const [i, command] of planAndLaunch(generalGuidance).entries())
      expect((await post(`${url}/services`, `general-${i}`, command)).status).toBe(201)
    for (const [i, command] of journey.entries())
      expect((await post(`${url}/cases`, `journey-${i}`, command)).status).toBe(201)

    // The boundary: a command that does not decode is 400 and names the field; a broken rule is 409.
    const bad = await post(`${url}/cases`, 'bad-1', {
      ...contact,
      data: { ...contact.data, at: 'NaN' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('decode-error')
    const unplanned = await post(`${url}/services`, 'launch-2', {
      ...launch!,
      data: { ...launch!.data, serviceId: 'never-planned' },
    })
    expect(unplanned.status).toBe(409)
    expect(unplanned.body.code).toBe('service-must-be-planned')
    expect((await fetch(`${url}/reports/compliance?readAt=yesterday`)).status).toBe(400)

    // A resident's request through Open311 opens a case at once; it is published without its text.
    const posted = await fetch(`${url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'api_key=kiosk-key&service_code=youth-guidance&address_string=Aurakatu+1&description=Kesätyö',
    })
    expect(posted.status).toBe(201)
    const [{ service_request_id: id }] = (await posted.json()) as [{ service_request_id: string }]
    const request = await fetch(`${url}/open311/v2/requests/${id}.json`)
    expect(await request.json()).toMatchObject([
      { service_request_id: id, status: 'open', description: null },
    ])

    const compliance = (await (await fetch(`${url}/reports/compliance`)).json()) as {
      city: { cases: number; answered: number }
    }
    expect(compliance.city).toMatchObject({ cases: 2, answered: 1 })
    expect(await stop(first.process)).toBe(0)

    // A restart reads the same record: both services are still in production.
    const second = await startBackend(kind, data)
    const catalog = (await (await fetch(`${second.url}/reports/catalog`)).json()) as Array<{
      serviceId: string
      lifecycle: string
    }>
    expect(catalog.map(({ serviceId, lifecycle }) => ({ serviceId, lifecycle }))).toEqual([
      { serviceId: generalGuidance.serviceId, lifecycle: 'in-production' },
      { serviceId: youthGuidance.serviceId, lifecycle: 'in-production' },
    ])
    expect(await stop(second.process)).toBe(0)
  }, 60_000)
})

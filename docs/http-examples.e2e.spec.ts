/**
 * docs/http.md and docs/getting-started.md run: every curl request of each page, in order, against
 * a fresh server, each answered with the status the page shows; the page's code is the code of its
 * examples; the web-standard binding serves the same API.
 */
import { readFileSync } from 'node:fs'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { InMemoryCheckpointStore } from '@servicelife/projections'
import { InMemoryEventStore } from '@servicelife/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shownBlock } from './doc-blocks.js'
import { fetchHandler } from './examples/fetch-binding.js'
import { cityServer } from './examples/http-server.js'

interface Example {
  readonly line: string
  readonly method: string
  readonly path: string
  readonly headers: Record<string, string>
  readonly body?: string
  readonly status: number
}

/** A command line's words, as a POSIX shell splits them (single and double quotes, no expansions). */
const words = (line: string): string[] =>
  [...line.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g)].map(
    (m) => m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]!,
  )

/** Every curl request of the page's sh blocks, with the status in the comment under it. */
const examples = (page: string): Example[] => {
  const blocks = [...page.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/\\\n\s*/g, ''))
  const found: Example[] = []
  for (const block of blocks) {
    const lines = block.split('\n')
    lines.forEach((line, i) => {
      if (!line.startsWith('curl ')) return
      const status = /^# (\d{3})\b/.exec(lines[i + 1] ?? '')
      if (status === null) throw new Error(`no status under: ${line}`)
      const args = words(line).slice(1)
      let method = 'GET'
      let path = ''
      let body: string | undefined
      const headers: Record<string, string> = {}
      for (let a = 0; a < args.length; a++) {
        const arg = args[a]!
        if (arg === '-X') method = args[++a]!
        else if (arg === '-H') {
          const header = args[++a]!
          headers[header.slice(0, header.indexOf(':')).toLowerCase()] = header
            .slice(header.indexOf(':') + 1)
            .trim()
        } else if (arg === '-d') body = args[++a]!
        else if (arg === '-N') continue
        else if (arg.startsWith('localhost:8080/')) path = arg.slice('localhost:8080'.length)
        else throw new Error(`an argument the test does not know: ${arg}`)
      }
      found.push({
        line,
        method,
        path,
        headers,
        ...(body === undefined ? {} : { body }),
        status: Number(status[1]),
      })
    })
  }
  return found
}

const pageText = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')

const open = async () => {
  const city = await cityServer(new InMemoryEventStore(), new InMemoryCheckpointStore(), (_, access) =>
    access.scope === undefined
      ? { allow: true }
      : { allow: false, status: 403, detail: `needs ${access.scope}` },
  )
  city.server.listen(0, '127.0.0.1')
  await once(city.server, 'listening')
  return { ...city, base: `http://127.0.0.1:${(city.server.address() as AddressInfo).port}` }
}

const close = async (city: Awaited<ReturnType<typeof open>>) => {
  city.server.closeAllConnections()
  await new Promise((resolve) => city.server.close(resolve))
  await city.api.close()
}

/** Runs a page's requests in order; each request line with the status it got. */
const runPage = async (base: string, name: string) => {
  const seen: Array<[string, number, number]> = []
  for (const example of examples(pageText(name))) {
    const controller = new AbortController()
    const response = await fetch(`${base}${example.path}`, {
      method: example.method,
      headers: example.headers,
      ...(example.body === undefined ? {} : { body: example.body }),
      signal: controller.signal,
    })
    // The event feed never ends: its status and first bytes are enough.
    if (response.headers.get('content-type')?.startsWith('text/event-stream') === true) controller.abort()
    else await response.text()
    seen.push([example.line, response.status, example.status])
  }
  return seen
}

let served: Awaited<ReturnType<typeof open>>

beforeAll(async () => {
  served = await open()
})

afterAll(() => close(served))

describe('docs/http.md', () => {
  it('every request on the page is answered with the status the page shows', async () => {
    const seen = await runPage(served.base, 'http.md')
    expect(seen.length).toBeGreaterThanOrEqual(20)
    for (const [line, got, shown] of seen) expect([line, got]).toEqual([line, shown])
  })

  it('shows the code of its examples as it is', () => {
    expect(shownBlock('http.md', 'examples/http-server.ts', 'openServicelifeApi({').inSource).toBe(true)
    expect(shownBlock('http.md', 'examples/fetch-binding.ts', 'export const fetchHandler').inSource).toBe(
      true,
    )
  })
})

describe('docs/getting-started.md', () => {
  it('every request of "Run it" is answered with the status the page shows', async () => {
    const fresh = await open()
    try {
      const seen = await runPage(fresh.base, 'getting-started.md')
      expect(seen).toHaveLength(3)
      for (const [line, got, shown] of seen) expect([line, got]).toEqual([line, shown])
    } finally {
      await close(fresh)
    }
  })
})

describe('docs/examples/fetch-binding.ts', () => {
  it('serves the same API through web-standard Request and Response, the event feed included', async () => {
    const handler = fetchHandler(served.api)
    const catalog = await handler(new Request('http://city.example/reports/catalog'))
    expect(catalog.status).toBe(200)
    expect(catalog.headers.get('etag')).toMatch(/^"\d+"$/)
    const refused = await handler(
      new Request('http://city.example/cases/commands/OpenCase', {
        method: 'POST',
        body: '{}',
        headers: { 'idempotency-key': 'f-1', 'content-type': 'application/json' },
      }),
    )
    expect(await refused.json()).toMatchObject({ status: 400, code: 'decode-error' })
    const feed = await handler(new Request('http://city.example/events?after=-1'))
    const reader = feed.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    while (!text.includes('id: 0\n')) text += (await reader.read()).value ?? ''
    await reader.cancel()
    expect(text).toContain('event: ServicePlanned')
  })
})

/**
 * The HTML audit report in a real browser (headless Chromium, driven by playwright-core): opened
 * offline from its file it fetches nothing and logs no error, its charts are drawn with the city
 * report's numbers, axe finds no serious accessibility violation, and it prints on A4 with nothing
 * cut off. A screenshot and a PDF are left in `artefacts/html-report/` (not committed).
 *
 * Without Chromium the test skips with one line; with SERVICELIFE_REQUIRE_BROWSER=1 (CI) it fails.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { asRecorded } from '@servicelife/spec'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { htmlReport } from '../src/html.js'
import { cityReport, cityYear, decideCityYear, replay } from '../src/index.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const available = existsSync(CHROMIUM)
if (!available) {
  if (process.env.SERVICELIFE_REQUIRE_BROWSER === '1')
    throw new Error(`no Chromium at ${CHROMIUM}, and SERVICELIFE_REQUIRE_BROWSER=1 requires the browser test`)
  console.warn(
    `html report browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  )
}

const ARTEFACTS = join(import.meta.dirname, '..', '..', '..', 'artefacts', 'html-report')
/** Flags for a headless Chromium on a closed network, as root. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const report = cityReport(
  replay(
    asRecorded(decideCityYear(cityYear({ seed: 2025, services: 24, contacts: 2000, year: 2025 })).entries),
  ),
)
const identity = { position: 9016, events: 9017, digest: 'cd'.repeat(32), chains: { '2': 9017 } }

describe.skipIf(!available)('the HTML report in headless Chromium', () => {
  let browser: Browser
  let file: string

  beforeAll(async () => {
    mkdirSync(ARTEFACTS, { recursive: true })
    file = join(ARTEFACTS, 'report.html')
    writeFileSync(file, htmlReport(report, { identity, generatedAt: '2026-01-01T00:00:00.000Z', lang: 'fi' }))
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('opened offline from its file, it makes no request but the file’s and logs no error', async () => {
    const context = await browser.newContext({ offline: true })
    const page = await context.newPage()
    const requests: string[] = []
    const errors: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text())
    })
    page.on('pageerror', (e) => errors.push(String(e)))
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
    expect(requests).toEqual([pathToFileURL(file).href])
    expect(errors).toEqual([])
    await context.close()
  })

  it('draws every chart with the city report’s numbers', async () => {
    const page = await browser.newPage()
    await page.goto(pathToFileURL(file).href)
    expect(await page.locator('figure svg[role="img"]').count()).toBe(8)
    // Each drawn mark is visible: a bar with an area on the page.
    const bars = await page.locator('#promise-answers svg[role="img"] rect').evaluateAll((rects) =>
      rects.map((r) => {
        const box = r.getBoundingClientRect()
        return { title: r.querySelector('title')?.textContent ?? '', area: box.width * box.height }
      }),
    )
    const onTime = (month: string) =>
      bars
        .filter((b) => b.title.startsWith(`${month}\nVastattu määräajassa:`))
        .map((b) => Number(b.title.split(': ')[1]))
    for (const [month, figures] of Object.entries(report.compliance.byMonth))
      expect(onTime(month)).toEqual([figures.deadlines.answeredOnTime])
    expect(bars.filter((b) => b.title !== '' && b.area > 0).length).toBeGreaterThan(0)
    const channelTotals = await page
      .locator('#channel-mix svg[role="img"] rect title')
      .evaluateAll((titles) => titles.map((t) => t.textContent ?? ''))
    for (const month of report.channelMix.byMonth)
      expect(
        channelTotals
          .filter((t) => t.startsWith(`${month.month}\n`))
          .reduce((a, t) => a + Number(t.split(': ')[1]), 0),
      ).toBe(month.total)
    await page.close()
  })

  it('axe finds no serious or critical accessibility violation', async () => {
    const page = await browser.newPage()
    await page.goto(pathToFileURL(file).href)
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
    await page.evaluate(axe)
    const violations = await page.evaluate(async () => {
      const run = (
        globalThis as unknown as {
          axe: {
            run: (
              context: unknown,
            ) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }>
          }
        }
      ).axe.run
      const result = await run((globalThis as unknown as { document: unknown }).document)
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }))
    })
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([])
    await page.close()
  })

  it('prints on A4 with nothing cut off, and leaves a screenshot and a PDF', async () => {
    // A4 less 14 mm margins each side, at 96 px per inch.
    const printable = Math.floor(((210 - 28) / 25.4) * 96)
    const page = await browser.newPage({ viewport: { width: printable, height: 1000 } })
    await page.goto(pathToFileURL(file).href)
    await page.emulateMedia({ media: 'print' })
    const widest = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    )
    expect(widest).toBeLessThanOrEqual(printable)
    const pdf = join(ARTEFACTS, 'report.pdf')
    await page.pdf({ path: pdf, format: 'A4', printBackground: true })
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-')
    await page.emulateMedia({ media: 'screen' })
    await page.setViewportSize({ width: 900, height: 1200 })
    const png = join(ARTEFACTS, 'report.png')
    await page.screenshot({ path: png, fullPage: true })
    expect(statSync(png).size).toBeGreaterThan(10_000)
    await page.close()
  })
})

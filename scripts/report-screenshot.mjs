// Regenerates docs/images/audit-report.png: the demo year recorded into a temporary store, its
// HTML report written by the built CLI, the top of the page photographed in headless Chromium.
// Needs `npm run build` and Debian's chromium (or CHROMIUM_PATH). Run: npm run docs:screenshot
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'

const bin = join('packages', 'audit', 'bin', 'servicelife.js')
const dir = mkdtempSync(join(tmpdir(), 'servicelife-screenshot-'))
try {
  const servicelife = (...args) =>
    execFileSync(process.execPath, [bin, ...args], {
      env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' },
    })
  servicelife('demo', '--dir', join(dir, 'store'), '--json')
  const html = join(dir, 'report.html')
  servicelife('report', '--store', join(dir, 'store'), '--html', html)
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  })
  const page = await (
    await browser.newContext({ offline: true, viewport: { width: 860, height: 1600 } })
  ).newPage()
  await page.goto(pathToFileURL(html).href)
  const out = join('docs', 'images', 'audit-report.png')
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 860, height: 1600 } })
  await browser.close()
  process.stdout.write(`${out}: the top of the demo year's report\n`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}

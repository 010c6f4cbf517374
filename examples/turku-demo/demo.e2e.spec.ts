/** The demo runs as a user runs it (a spawned process, a real file store) and tells what happened. */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

describe('examples/turku-demo', () => {
  it('records the Turku scenario, shows each broken rule and ends with an intact hash chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servicelife-demo-'))
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [
        '--import',
        'tsx',
        '--conditions',
        '@servicelife/source',
        join(import.meta.dirname, 'main.ts'),
        '--dir',
        join(dir, 'store'),
      ])
      expect(stdout).toContain('rejected: critical-disruption-states-continuity')
      expect(stdout).toContain('rejected: referral-needs-consent')
      expect(stdout).toContain('rejected: statutory-retirement-names-replacement')
      expect(stdout).toContain(
        'rejected: target-service-in-production - case youth-stray cannot go to service youth-premises-b: it is retired',
      )
      expect(stdout).toMatch(/services retired\s+3/)
      // The youth-late case and three cut-short journeys are still unanswered on 30.6.: promise 2 findings.
      expect(stdout).toMatch(/cases\s+14, answered 71%, awaiting an answer: 4/)
      expect(stdout).toMatch(/strategy findings\s+.*promise-2\.always-answered 4/)
      expect(stdout).toMatch(/history\s+\d+ events in \d+ streams, hash chain intact/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})

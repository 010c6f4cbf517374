import { describe, expect, it } from 'vitest'
import { runExample } from '../shared/run-example.js'

describe('examples/day-activities-to-associations', () => {
  it('moves the activities to associations only with a named producer, and compares satisfaction', async () => {
    const out = await runExample('day-activities-to-associations')
    expect(out).toContain('rejected: producer-required-unless-own')
    expect(out).toContain('now third-sector, produced by Four coordinating associations')
    expect(out).toMatch(/Own production \(2023\)\s+3\.10\s+3\s+10/)
    expect(out).toMatch(/Associations \(2024\)\s+4\.20\s+4\s+10/)
  }, 60_000)
})

import { describe, expect, it } from 'vitest'
import { runExample } from '../shared/run-example.js'

describe('examples/schools-in-temporary-premises', () => {
  it('refuses a critical disruption without continuity, and shows both schools disrupted then restored', async () => {
    const out = await runExample('schools-in-temporary-premises')
    expect(out).toContain('rejected: critical-disruption-states-continuity')
    expect(out).toMatch(/school-a\s+2024-09-02\s+90\s+Moved to the city’s school evacuation premises/)
    expect(out).toMatch(/school-b\s+2024-09-02\s+90\s+Moved to a modular building/)
    expect(out).toContain('Critical services disrupted now: 0')
    expect(out).toMatch(/school-a\s+disruption\s+2024-09-02\s+2025-06-01\s+272/)
    expect(out).toMatch(/school-b\s+disruption\s+2024-09-02\s+2025-01-07\s+127/)
  }, 60_000)
})

import { describe, expect, it } from 'vitest'
import { runExample } from '../shared/run-example.js'

describe('examples/turku-youth-guidance', () => {
  it('routes youth contacts with consent, retires the premises on evidence, and shows the decision-date catalogue', async () => {
    const out = await runExample('turku-youth-guidance')
    expect(out).toContain('rejected: referral-needs-consent')
    // On the decision date all three premises still ran; after it they are retired, A replaced.
    expect(out).toMatch(/Youth premises A\s+In production\s+Retired\s+pop-up-youth-work/)
    expect(out).toMatch(/Youth premises B\s+In production\s+Retired\s+-/)
    expect(out).toMatch(/Mobile \(pop-up\) youth work\s+In production\s+In production/)
    expect(out).toContain('Promise 2 at youth guidance: 10 cases, 9 answered, 1 awaiting an answer')
    expect(out).toContain(
      'Based on the review of 2025-02-24: retire; usage 1900, costEur 240000, needsMet 3.10, communication 3.40, responses 48, reachesTargetGroup false',
    )
  }, 60_000)
})

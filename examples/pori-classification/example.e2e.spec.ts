import { describe, expect, it } from 'vitest'
import { runExample } from '../shared/run-example.js'

describe('examples/pori-classification', () => {
  it('summarises the catalogue by obligation and availability and finds purchased authority activity', async () => {
    const out = await runExample('pori-classification')
    expect(out).toMatch(/Lakisääteinen viranomaistoiminta\s+Keskitetty\s+Ostopalvelu\s+1/)
    expect(out).toMatch(/Lakisääteinen viranomaistoiminta\s+4\n/)
    expect(out).toMatch(/Lähipalvelu\s+7\n/)
    expect(out).toMatch(/Keskitetty\s+10\n/)
    expect(out).toContain(
      "pori.authority-is-own-production: parking-control: statutory authority activity produced as 'purchased'",
    )
  }, 60_000)
})

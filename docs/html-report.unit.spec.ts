import { InMemoryEventStore } from '@servicelife/store'
import { handleAll, planAndLaunch, refusals, turkuServices, youthChatJourney } from '@servicelife/spec'
import * as E from 'fp-ts/lib/Either.js'
import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import { shownBlock } from './doc-blocks.js'
import { auditPage } from './examples/html-report.js'

describe('docs/examples/html-report.ts', () => {
  it('the page of a verified record carries its digest, in the language asked for', async () => {
    const store = new InMemoryEventStore()
    expect(
      refusals(
        await handleAll(
          store,
          [...planAndLaunch(turkuServices.generalGuidance), ...planAndLaunch(turkuServices.youthGuidance)],
          { prefix: 'service' },
        ),
      ),
    ).toEqual([])
    expect(
      refusals(
        await handleAll(store, youthChatJourney('case-1', '2025-03-03T09:00:00+02:00'), { prefix: 'case' }),
      ),
    ).toEqual([])
    const page = await auditPage(store, '2025-03-31T23:59:59+03:00', 'fi', '2025-04-01T08:00:00.000Z')
    if (E.isLeft(page)) throw new Error(page.left.message)
    const { document } = parseHTML(page.right)
    expect(document.documentElement.getAttribute('lang')).toBe('fi')
    const digest = [...document.querySelectorAll('#identity dd')].map((d) => d.textContent)[1]
    expect(digest).toMatch(/^[0-9a-f]{64}$/)
    expect(document.querySelectorAll('figure svg[role="img"]').length).toBeGreaterThan(0)
  })
})

describe('docs/audit.md, the HTML report', () => {
  it('shows the example as it is: the page’s block is the tested source', () => {
    const shown = shownBlock('./audit.md', './examples/html-report.ts', 'htmlReport(')
    expect(shown.block).toBeDefined()
    expect(shown.inSource).toBe(true)
  })
})

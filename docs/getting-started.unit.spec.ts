import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

describe('docs/getting-started.md', () => {
  it('shows only code the guidance backend runs (every ts block is a passage of its sources)', () => {
    const page = readFileSync(new URL('./getting-started.md', import.meta.url), 'utf8')
    const sources = ['app.ts', 'main.ts']
      .map((f) => readFileSync(new URL(`../examples/guidance-backend/src/${f}`, import.meta.url), 'utf8'))
      .join('\n')
    // Layout aside: prettier may wrap a line and add a trailing comma where the page does not.
    const collapse = (s: string) =>
      s
        .replace(/\s+/g, ' ')
        .replace(/,\s*([}\])])/g, '$1')
        .replace(/([{[(])\s+/g, '$1')
        .replace(/\s+([}\])])/g, '$1')
        .trim()
    const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
    expect(blocks.length).toBeGreaterThanOrEqual(3)
    for (const block of blocks) expect(collapse(sources)).toContain(collapse(block))
  })
})

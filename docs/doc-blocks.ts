/** A page's code blocks checked against the tested sources they show: a page cannot drift from its example. */
import { readFileSync } from 'node:fs'

/** Whitespace collapsed and trailing commas dropped: prettier may lay out a page's block otherwise than the source. */
const collapse = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .replace(/,\s*([}\])])/g, '$1')
    .trim()

/**
 * The ```ts block of `page` (a path under docs/) that contains `marker`, and whether it is a
 * passage of `source` (a path under docs/ too).
 */
export const shownBlock = (page: string, source: string, marker: string) => {
  const text = readFileSync(new URL(page, import.meta.url), 'utf8')
  const block = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes(marker))
  const code = readFileSync(new URL(source, import.meta.url), 'utf8')
  return { block, inSource: block !== undefined && collapse(code).includes(collapse(block)) }
}

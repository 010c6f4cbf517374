/**
 * The HTML audit report: one self-contained page (no script, nothing fetched), every chart with
 * its title, description and data table, every number equal to the city report's, names from the
 * record shown as text, and the same record giving the same bytes.
 */
import { test } from '@fast-check/vitest'
import { asRecorded } from '@servicelife/spec'
import fc from 'fast-check'
import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, htmlReport, type RecordIdentity } from '../src/html.js'
import { type CityReport, cityReport, cityYear, decideCityYear, type Lang, replay } from '../src/index.js'
import { percent } from '../src/core/table.js'

const identity: RecordIdentity = { position: 41, events: 42, digest: 'ab'.repeat(32), chains: { '2': 42 } }
const generatedAt = '2026-01-02T03:04:05.000Z'

const reportOf = (o: { seed: number; services: number; contacts: number }): CityReport =>
  cityReport(replay(asRecorded(decideCityYear(cityYear({ ...o, year: 2025 })).entries)))

const year = reportOf({ seed: 2025, services: 24, contacts: 1200 })
const page = (report: CityReport, lang: Lang = 'en') => htmlReport(report, { identity, generatedAt, lang })
const documentOf = (html: string) => parseHTML(html).document

interface Node {
  readonly textContent: string | null
  getAttribute(name: string): string | null
  querySelector(selector: string): Node | null
  querySelectorAll(selector: string): ArrayLike<Node>
}
const all = (root: Node, selector: string): Node[] => Array.from(root.querySelectorAll(selector))
const text = (node: Node | null | undefined) => (node?.textContent ?? '').trim()

/** A figure's data table: its header and rows as cell texts. */
const tableOf = (doc: Node, figureId: string) => {
  const table = doc.querySelector(`#${figureId} table`)
  if (table === null) throw new Error(`no table in #${figureId}`)
  return {
    header: all(table, 'thead th').map(text),
    rows: all(table, 'tbody tr').map((r) => all(r, 'th, td').map(text)),
  }
}

/** The numbers a chart draws, from its marks' titles: `label\nseries: n`. */
const drawn = (doc: Node, figureId: string) =>
  all(doc, `#${figureId} svg title`).map((t) => {
    const [label, value] = text(t).split('\n') as [string, string]
    const at = value.lastIndexOf(': ')
    return { label, series: value.slice(0, at), value: value.slice(at + 2) }
  })

const FIGURES = [
  'promise-answers',
  'promise-hours',
  'first-contact',
  'channel-mix',
  'digital-share',
  'satisfaction-needs-met',
  'satisfaction-communication',
  'lifecycle',
]

describe('the page is self-contained', () => {
  it.each(['fi', 'sv', 'en'] as const)(
    'in %s: the language is set, the policy forbids scripts and fetches',
    (lang) => {
      const doc = documentOf(page(year, lang))
      expect(doc.documentElement.getAttribute('lang')).toBe(lang)
      const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')
      expect(csp).toBe(CONTENT_SECURITY_POLICY)
      expect(csp).toMatch(/default-src 'none'/)
      expect(csp).not.toMatch(/script-src/)
    },
  )

  it('holds no script, and nothing that would fetch: no src, href, link, frame, object or CSS url', () => {
    const html = page(year)
    const doc = documentOf(html)
    expect(all(doc, 'script, link, iframe, object, embed, img, [src], [href], [xlink\\:href]')).toEqual([])
    expect(html).not.toMatch(/<script|url\(|@import|javascript:/i)
  })

  it('draws every chart as inline SVG, an image named by its title', () => {
    const doc = documentOf(page(year))
    for (const id of FIGURES) {
      const svg = doc.querySelector(`#${id} svg[role="img"]`)
      expect(svg, id).not.toBeNull()
      expect(svg!.getAttribute('aria-label')).toBe(text(doc.querySelector(`#${id} figcaption h3`)))
      expect(svg!.getAttribute('aria-description')).toBe(text(doc.querySelector(`#${id} figcaption p`)))
      expect(doc.querySelector(`#${id} details table`), id).not.toBeNull()
    }
  })
})

describe('the numbers equal the city report', () => {
  const doc = documentOf(page(year))
  const months = Object.keys(year.compliance.byMonth).sort()

  it('promise 2: each month’s cases by standing, in the table and in the bars', () => {
    const { rows } = tableOf(doc, 'promise-answers')
    expect(rows.map((r) => r[0])).toEqual(months)
    for (const [m, cases, share, onTime, late, waiting, overdue] of rows) {
      const f = year.compliance.byMonth[m!]!
      expect([cases, share, onTime, late, waiting, overdue]).toEqual(
        [
          f.cases,
          percent(f.shareAnswered),
          f.deadlines.answeredOnTime,
          f.deadlines.answeredLate,
          f.deadlines.awaitingWithinDeadline,
          f.deadlines.overdue,
        ].map(String),
      )
    }
    const bars = drawn(doc, 'promise-answers')
    expect(bars).toHaveLength(months.length * 4)
    for (const month of months)
      expect(
        bars.filter((b) => b.label === month && b.series === 'Answered on time').map((b) => Number(b.value)),
      ).toEqual([year.compliance.byMonth[month]!.deadlines.answeredOnTime])
  })

  it('promise 2: median and p90 hours to the first answer by month, to a tenth of an hour', () => {
    for (const [m, median, p90] of tableOf(doc, 'promise-hours').rows) {
      const hours = year.compliance.byMonth[m!]!.hoursToFirstAnswer
      expect(Number(median)).toBeCloseTo(hours.median!, 1)
      expect(Number(p90)).toBeCloseTo(hours.p90!, 1)
    }
  })

  it('promise 3: each month’s first-contact initiation rate', () => {
    const { rows } = tableOf(doc, 'first-contact')
    expect(rows.length).toBeGreaterThan(0)
    for (const [m, opened, first, rate] of rows) {
      const f = year.compliance.byMonth[m!]!
      expect([opened, first, rate]).toEqual([
        String(f.opened),
        String(f.openedOnFirstContact),
        percent(f.firstContactInitiationRate),
      ])
    }
  })

  it('channel mix: each month’s contacts by channel sum to its total, as the projection counted them', () => {
    const { header, rows } = tableOf(doc, 'channel-mix')
    expect(rows.map((r) => r[0])).toEqual(year.channelMix.byMonth.map((r) => r.month))
    rows.forEach((row, i) => {
      const month = year.channelMix.byMonth[i]!
      const counts = row.slice(1, -1).map(Number)
      expect(counts.reduce((a, b) => a + b, 0)).toBe(month.total)
      expect(Number(row.at(-1))).toBe(month.total)
    })
    expect(header).toHaveLength(Object.keys(year.channelMix.total.channels).length + 2)
    const bars = drawn(doc, 'channel-mix')
    for (const month of year.channelMix.byMonth)
      expect(bars.filter((b) => b.label === month.month).reduce((a, b) => a + Number(b.value), 0)).toBe(
        month.total,
      )
  })

  it('digital share by month', () => {
    expect(tableOf(doc, 'digital-share').rows).toEqual(
      year.channelMix.byMonth.map((r) => [r.month, String(r.total), percent(r.digitalShare)]),
    )
  })

  it.each([
    ['satisfaction-needs-met', 'needsMet'],
    ['satisfaction-communication', 'communication'],
  ] as const)('%s: the city’s and each service’s 1-5 answers', (id, question) => {
    const { rows } = tableOf(doc, id)
    const city = year.satisfaction.city[question]
    expect(rows[0]!.slice(1, 7).map(Number)).toEqual([
      ...[1, 2, 3, 4, 5].map((s) => (city.distribution as Record<number, number>)[s]),
      city.n,
    ])
    const served = Object.values(year.satisfaction.byService).filter((s) => s[question].n > 0)
    expect(rows).toHaveLength(1 + served.length)
    expect(rows.slice(1).reduce((a, r) => a + Number(r[6]), 0)).toBe(
      served.reduce((a, s) => a + s[question].n, 0),
    )
  })

  it('lifecycle: a row per phase of every service, its latest review and its replacement', () => {
    const { rows } = tableOf(doc, 'lifecycle')
    const phases = year.catalog.reduce((a, e) => a + year.timelines[e.serviceId]!.length, 0)
    expect(rows).toHaveLength(phases)
    const replaced = year.catalog.filter((e) => e.replacedBy !== undefined)
    expect(replaced.length).toBeGreaterThan(0)
    for (const e of replaced) {
      const replacement = year.catalog.find((x) => x.serviceId === e.replacedBy)!.name.en
      expect(rows.some((r) => r[0] === e.name.en && r[6] === replacement)).toBe(true)
      expect(text(doc.querySelector('#lifecycle svg[role="img"]'))).toContain(`→ ${replacement}`)
    }
    const reviewed = year.catalog.filter((e) => e.lastReview !== undefined)
    expect(all(doc, '#lifecycle svg circle')).toHaveLength(reviewed.length)
  })

  it('classification: each obligation x availability x production mode count in its cell', () => {
    const table = doc.querySelector('#classification table')!
    const modes = all(table, 'thead th').slice(2).map(text)
    const cells = all(table, 'tbody tr').flatMap((r) => {
      const [obligation, availability, ...counts] = all(r, 'th, td').map(text)
      return counts.map((n, i) => ({ obligation, availability, mode: modes[i], n: Number(n) }))
    })
    expect(cells.reduce((a, c) => a + c.n, 0)).toBe(year.classification.reduce((a, c) => a + c.count, 0))
    expect(cells.filter((c) => c.n > 0)).toHaveLength(year.classification.length)
  })

  it('the record’s identity: position, digest, chain versions, as of and generation time', () => {
    const shown = all(doc, '#identity dd').map(text)
    expect(shown).toEqual(
      expect.arrayContaining(['41 (42 events)', identity.digest, 'v2: 42', year.readAt!, generatedAt]),
    )
  })
})

describe('the same record gives the same bytes', () => {
  const small = fc.record({
    seed: fc.nat(),
    services: fc.integer({ min: 1, max: 8 }),
    contacts: fc.integer({ min: 0, max: 60 }),
  })
  test.prop([small, fc.constantFrom<Lang>('fi', 'sv', 'en')], { numRuns: 6 })(
    'a report drawn twice is byte-identical',
    (o, lang) => {
      const report = reportOf(o)
      expect(page(report, lang)).toBe(page(structuredClone(report), lang))
    },
  )
})

describe('names from the record are text, never markup', () => {
  test.prop([fc.string({ minLength: 1 }).map((s) => `<script>${s}</script><img src=x onerror="${s}">`)], {
    numRuns: 20,
  })('a service named with markup is shown escaped, and adds no element', (name) => {
    const [first, ...rest] = year.catalog
    const report = { ...year, catalog: [{ ...first!, name: { fi: name, sv: name, en: name } }, ...rest] }
    const html = page(report)
    const doc = documentOf(html)
    expect(all(doc, 'script, img')).toEqual([])
    expect(html).not.toContain('<script')
    expect(all(doc, '#lifecycle td, #lifecycle th').map(text)).toContain(name)
  })
})

it('an empty record says there is no data, and draws nothing', () => {
  const doc = documentOf(page(cityReport(replay([]))))
  expect(all(doc, 'svg')).toEqual([])
  expect(all(doc, 'figure .no-data')).toHaveLength(FIGURES.length)
})

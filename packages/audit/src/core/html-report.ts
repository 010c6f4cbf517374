/**
 * The audit report as one self-contained HTML page: inline SVG charts and inline CSS, no script,
 * nothing fetched (a Content-Security-Policy that forbids it), printable on A4. Pure: the same
 * report, identity, language and generation time give the same bytes.
 */
import type { CityReport } from './city-report.js'
import { escapeHtml, htmlTable } from './html.js'
import { type Heading, heading, type Lang, nameIn, term } from './labels.js'
import { type Figure, reportFigures } from './report-figures.js'

/** Which record the report was made of: what `servicelife verify` gives for it. */
export interface RecordIdentity {
  /** Global position of the last event of the record read (-1 for an empty record). */
  readonly position: number
  readonly events: number
  /** The record's digest up to `position`: the hash chain over every event in global order. */
  readonly digest: string
  /** Events by hash chain version. */
  readonly chains: Readonly<Record<string, number>>
}

export interface HtmlReportOptions {
  readonly identity: RecordIdentity
  /** When the report was made (ISO-8601): an input, so that the same record gives the same bytes. */
  readonly generatedAt: string
  readonly lang?: Lang
  /** The city's IANA time zone, in which months and days were read; shown, not applied. */
  readonly timeZone?: string
}

/** No script, no fetch of any kind: only the page's own inline styles and data: images. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

const STYLE = `
:root { color: #1a1a1a; background: #fff; font: 11pt/1.45 system-ui, sans-serif; }
body { margin: 0 auto; max-width: 190mm; padding: 8mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 8mm 0 2mm; border-bottom: 1px solid #595959; }
h3 { font-size: 11.5pt; margin: 0; }
figure { margin: 4mm 0 6mm; break-inside: avoid; }
figcaption p { margin: 1mm 0 2mm; color: #404040; }
svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 2mm 0; font-size: 9.5pt; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: 1mm; }
th, td { padding: 0.6mm 2mm; border-bottom: 1px solid #d0d0d0; text-align: left; vertical-align: top; }
td.n { text-align: right; }
thead th { border-bottom: 1px solid #595959; }
details { margin-top: 2mm; }
summary { cursor: pointer; color: #1a1a1a; }
dl.identity { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 0; }
dl.identity dt { font-weight: 600; }
dl.identity dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: ui-monospace, monospace; font-size: 9.5pt; }
@page { size: A4; margin: 14mm; }
@media print { body { padding: 0; max-width: none; } section { break-before: auto; } h2 { break-after: avoid; } }
`

const figureHtml = (f: Figure, lang: Lang): string =>
  `<figure id="${f.id}" class="chart">` +
  `<figcaption><h3>${escapeHtml(f.title)}</h3><p>${escapeHtml(f.description)}</p></figcaption>` +
  (f.chart === undefined
    ? `<p class="no-data">${escapeHtml(heading(lang, 'noData'))}</p>`
    : (f.chart.legend ?? '') + f.chart.svg) +
  (f.table.rows.length === 0
    ? ''
    : `<details><summary>${escapeHtml(heading(lang, 'dataTable'))}: ${escapeHtml(f.title)}</summary>` +
      htmlTable(f.table.header, f.table.rows) +
      '</details>') +
  '</figure>'

const section = (id: string, title: string, body: string) =>
  `<section id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`

const orNone = (lang: Lang, table: string, rows: number) =>
  rows === 0 ? `<p>${escapeHtml(heading(lang, 'none'))}</p>` : table

const identityList = (report: CityReport, options: HtmlReportOptions, lang: Lang): string => {
  // Some headings are words inside a sentence elsewhere; here each heads a line.
  const h = (key: Heading) => {
    const text = heading(lang, key)
    return text.charAt(0).toUpperCase() + text.slice(1)
  }
  const word = (key: Heading) => heading(lang, key)
  const id = options.identity
  const asOf =
    report.asOf === null
      ? word('wholeRecord')
      : 'position' in report.asOf
        ? `position ${report.asOf.position}`
        : report.asOf.at
  const chains = Object.entries(id.chains)
    .map(([version, n]) => `v${version}: ${n}`)
    .join(', ')
  const items: ReadonlyArray<readonly [string, string]> = [
    [h('position'), `${id.position} (${id.events} ${word('events')})`],
    [h('digest'), id.digest],
    [h('chainVersions'), chains === '' ? '–' : chains],
    [h('asOf'), asOf],
    [h('readAt'), report.readAt ?? '–'],
    ...(options.timeZone === undefined ? [] : [[h('timeZone'), options.timeZone] as const]),
    [h('generatedAt'), options.generatedAt],
  ]
  return (
    '<dl class="identity">' +
    items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd><code>${escapeHtml(v)}</code></dd>`).join('') +
    '</dl>'
  )
}

/** The audit report of a city report as one HTML page, in Finnish, Swedish or English (default). */
export const htmlReport = (report: CityReport, options: HtmlReportOptions): string => {
  const lang = options.lang ?? 'en'
  const h = (key: Heading) => heading(lang, key)
  const figures = reportFigures(report, lang)
  const names = new Map(report.catalog.map((e) => [e.serviceId, nameIn(lang, e.name, e.serviceId)]))
  const agenda = report.reviewAgenda
  const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : undefined)
  const classification = report.classification
  const modes = [...new Set(classification.map((r) => r.productionMode))].sort()
  const rowsOfMatrix = [
    ...new Set(classification.map((r) => `${r.obligation}\u0000${r.availability}`)),
  ].sort()
  const title = `${h('auditReport')}: ${h('asOf')} ${day(report.readAt) ?? '–'}`
  const body = [
    `<header><h1>${escapeHtml(h('auditReport'))}</h1>` +
      `<p>${escapeHtml(h('record'))} ${escapeHtml(h('asOf'))} ${escapeHtml(day(report.readAt) ?? '–')}: ` +
      `${report.events} ${escapeHtml(h('events'))}</p></header>`,
    section('identity', h('identity'), identityList(report, options, lang)),
    section(
      'promises',
      h('compliance'),
      figureHtml(figures.promiseAnswers, lang) +
        figureHtml(figures.promiseHours, lang) +
        figureHtml(figures.firstContact, lang),
    ),
    section(
      'channels',
      h('channelMix'),
      figureHtml(figures.channelMix, lang) + figureHtml(figures.digitalShare, lang),
    ),
    section(
      'satisfaction',
      h('satisfaction'),
      figureHtml(figures.needsMet, lang) + figureHtml(figures.communication, lang),
    ),
    section('lifecycle-timeline', h('lifecycleTimeline'), figureHtml(figures.lifecycle, lang)),
    section(
      'review-agenda',
      h('reviewAgenda'),
      orNone(
        lang,
        htmlTable(
          [h('service'), h('lastReview')],
          agenda.reviewDue.map((r) => [nameIn(lang, r.name, r.serviceId), day(r.lastReviewAt) ?? h('never')]),
          h('reviewDue'),
        ),
        agenda.reviewDue.length,
      ) +
        orNone(
          lang,
          htmlTable(
            [h('service'), h('lastReview'), h('needsMet'), h('communication'), h('reasons')],
            agenda.questioned.map((q) => [
              nameIn(lang, q.name, q.serviceId),
              day(q.reviewedAt),
              q.evidence.needsMet ?? undefined,
              q.evidence.communication ?? undefined,
              q.reasons.map((r) => term(lang, r)).join(', '),
            ]),
            h('questioned'),
          ),
          agenda.questioned.length,
        ) +
        (agenda.retirementDecidedNotDone.length === 0
          ? ''
          : htmlTable(
              [h('service'), h('decision')],
              agenda.retirementDecidedNotDone.map((r) => [
                nameIn(lang, r.name, r.serviceId),
                day(r.decidedAt),
              ]),
              h('retirementDecidedNotDone'),
            )),
    ),
    section(
      'critical-readiness',
      h('criticalReadiness'),
      orNone(
        lang,
        htmlTable(
          [h('service'), h('since'), h('disruption'), h('continuity')],
          report.criticalReadiness.map((r) => [
            names.get(r.serviceId) ?? nameIn(lang, r.name, r.serviceId),
            day(r.since),
            r.reason,
            r.continuity,
          ]),
        ),
        report.criticalReadiness.length,
      ),
    ),
    section(
      'classification',
      h('classification'),
      orNone(
        lang,
        htmlTable(
          [h('obligation'), h('availability'), ...modes.map((m) => term(lang, m))],
          rowsOfMatrix.map((key) => {
            const [obligation, availability] = key.split('\u0000') as [string, string]
            return [
              term(lang, obligation),
              term(lang, availability),
              ...modes.map(
                (m) =>
                  classification.find(
                    (r) =>
                      r.obligation === obligation &&
                      r.availability === availability &&
                      r.productionMode === m,
                  )?.count ?? 0,
              ),
            ]
          }),
        ),
        rowsOfMatrix.length,
      ),
    ),
  ].join('\n')
  return (
    '<!doctype html>\n' +
    `<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(title)}</title>\n<style>${STYLE}</style>\n</head>\n` +
    `<body>\n<main>\n${body}\n</main>\n</body>\n</html>\n`
  )
}

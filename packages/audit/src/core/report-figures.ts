/**
 * The audit report's figures: each chart with its title, its description and the table of the
 * numbers it draws, all from the city report. Pure: the same report gives the same figures.
 */
import * as Plot from '@observablehq/plot'
import { type DrawnChart, drawChart, someTicks } from './chart.js'
import type { CityReport } from './city-report.js'
import type { HtmlCell } from './html.js'
import { type Heading, heading, type Lang, nameIn, term } from './labels.js'
import { percent } from './table.js'

export interface Figure {
  /** The figure's id in the page: stable, for links and for tests. */
  readonly id: string
  readonly title: string
  readonly description: string
  /** Absent when there is nothing to draw. */
  readonly chart?: DrawnChart
  readonly table: {
    readonly header: ReadonlyArray<string>
    readonly rows: ReadonlyArray<ReadonlyArray<HtmlCell>>
  }
}

const WIDTH = 720

/** Colours for on time, late, waiting and overdue: green to red, waiting apart in blue. */
const STANDING_COLOURS = ['#1b7837', '#e08214', '#6baed6', '#b2182b']
const PHASE_COLOURS = ['#9ecae1', '#2b8cbe', '#e6550d', '#bdbdbd']
const SCALE_COLOURS = ['#b2182b', '#ef8a62', '#d9d9d9', '#67a9cf', '#2166ac']

export const hours = (x: number | undefined): number | undefined =>
  x === undefined ? undefined : Math.round(x * 10) / 10

const months = (report: CityReport): string[] => Object.keys(report.compliance.byMonth).sort()

const monthAxis = (values: ReadonlyArray<string>, lang: Lang) => ({
  type: 'band' as const,
  domain: values,
  ticks: someTicks(values),
  label: heading(lang, 'month'),
})

/** A figure, its chart drawn only when there is something to draw (`options` given). */
const figure = (
  id: string,
  text: { readonly title: string; readonly description: string },
  table: Figure['table'],
  options: Omit<Plot.PlotOptions, 'document'> | undefined,
  legend = false,
): Figure => ({
  id,
  ...text,
  ...(options === undefined ? {} : { chart: drawChart(options, text, legend) }),
  table,
})

/** A chart over months: the page's width, months along x. */
const monthly = (
  months: ReadonlyArray<string>,
  lang: Lang,
  height: number,
  options: Omit<Plot.PlotOptions, 'document' | 'x'> & { readonly x?: Plot.ScaleOptions },
): Omit<Plot.PlotOptions, 'document'> => ({
  width: WIDTH,
  height,
  marginLeft: 50,
  ...options,
  x: { ...monthAxis(months, lang), ...options.x },
})

/** Figure text in a language: the title, the description. */
const texts = (lang: Lang, title: Heading, description: Heading) => ({
  title: heading(lang, title),
  description: heading(lang, description),
})

/** Promise 2: each month's cases by how their answer stands. */
export const promiseAnswers = (report: CityReport, lang: Lang): Figure => {
  const h = (key: Heading) => heading(lang, key)
  const series = [h('answeredOnTime'), h('answeredLate'), h('withinDeadline'), h('overdue')]
  const ms = months(report)
  const counts = (m: string) => {
    const d = report.compliance.byMonth[m]!.deadlines
    return [d.answeredOnTime, d.answeredLate, d.awaitingWithinDeadline, d.overdue]
  }
  const data = ms.flatMap((m) => counts(m).map((n, i) => ({ month: m, standing: series[i]!, n })))
  const table = {
    header: [h('month'), h('cases'), h('answered'), ...series],
    rows: ms.map((m) => {
      const f = report.compliance.byMonth[m]!
      return [m, f.cases, percent(f.shareAnswered), ...counts(m)]
    }),
  }
  return figure(
    'promise-answers',
    texts(lang, 'promiseAnswers', 'promiseAnswersText'),
    table,
    ms.length === 0
      ? undefined
      : monthly(ms, lang, 300, {
          y: { label: h('cases'), grid: true },
          color: { domain: series, range: STANDING_COLOURS },
          marks: [
            Plot.barY(data, {
              x: 'month',
              y: 'n',
              fill: 'standing',
              order: series,
              title: (d: (typeof data)[number]) => `${d.month}\n${d.standing}: ${d.n}`,
            }),
            Plot.ruleY([0], { ariaHidden: 'true' }),
          ],
        }),
    true,
  )
}

/** Promise 2: median and p90 hours to the first answer, by the month the case was opened. */
export const promiseHours = (report: CityReport, lang: Lang): Figure => {
  const h = (key: Heading) => heading(lang, key)
  const measures = [h('median'), 'p90']
  const ms = months(report).filter(
    (m) => report.compliance.byMonth[m]!.hoursToFirstAnswer.median !== undefined,
  )
  const of = (m: string) => report.compliance.byMonth[m]!.hoursToFirstAnswer
  const data = ms.flatMap((m) => [
    { month: m, measure: measures[0]!, hours: hours(of(m).median)! },
    { month: m, measure: measures[1]!, hours: hours(of(m).p90)! },
  ])
  return figure(
    'promise-hours',
    texts(lang, 'promiseHours', 'promiseHoursText'),
    {
      header: [h('month'), h('median'), 'p90'],
      rows: ms.map((m) => [m, hours(of(m).median), hours(of(m).p90)]),
    },
    ms.length === 0
      ? undefined
      : monthly(ms, lang, 260, {
          x: { type: 'point' },
          y: { label: h('hours'), grid: true, zero: true },
          color: { domain: measures, range: ['#2166ac', '#b2182b'] },
          marks: [
            Plot.lineY(data, { x: 'month', y: 'hours', stroke: 'measure', ariaHidden: 'true' }),
            Plot.dot(data, {
              x: 'month',
              y: 'hours',
              fill: 'measure',
              title: (d: (typeof data)[number]) => `${d.month}\n${d.measure}: ${d.hours}`,
            }),
          ],
        }),
    true,
  )
}

/** Promise 3: the share of each month's cases initiated at the first contact. */
export const firstContact = (report: CityReport, lang: Lang): Figure => {
  const h = (key: Heading) => heading(lang, key)
  const ms = months(report).filter((m) => report.compliance.byMonth[m]!.opened > 0)
  const rate = (m: string) => report.compliance.byMonth[m]!.firstContactInitiationRate
  const data = ms.map((m) => ({ month: m, share: Math.round(1000 * (rate(m) ?? 0)) / 10 }))
  return figure(
    'first-contact',
    texts(lang, 'firstContact', 'firstContactText'),
    {
      header: [h('month'), h('cases'), h('firstContact'), h('share')],
      rows: ms.map((m) => {
        const f = report.compliance.byMonth[m]!
        return [m, f.opened, f.openedOnFirstContact, percent(rate(m))]
      }),
    },
    ms.length === 0
      ? undefined
      : monthly(ms, lang, 240, {
          y: { label: '%', domain: [0, 100], grid: true },
          marks: [
            Plot.barY(data, {
              x: 'month',
              y: 'share',
              fill: '#2166ac',
              title: (d: (typeof data)[number]) => `${d.month}\n${d.share} %`,
            }),
            Plot.ruleY([0], { ariaHidden: 'true' }),
          ],
        }),
  )
}

/** Principle 3: each month's contacts by channel. */
export const channelMix = (report: CityReport, lang: Lang): Figure => {
  const h = (key: Heading) => heading(lang, key)
  const rows = report.channelMix.byMonth
  const count = (r: (typeof rows)[number], c: string) =>
    (r.channels as Readonly<Record<string, number>>)[c] ?? 0
  const channels = Object.entries(report.channelMix.total.channels)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([c]) => c)
  const data = rows.flatMap((r) =>
    channels.map((c) => ({ month: r.month, channel: term(lang, c), n: count(r, c) })),
  )
  return figure(
    'channel-mix',
    texts(lang, 'channelMix', 'channelMixText'),
    {
      header: [h('month'), ...channels.map((c) => term(lang, c)), h('contacts')],
      rows: rows.map((r) => [r.month, ...channels.map((c) => count(r, c)), r.total]),
    },
    rows.length === 0
      ? undefined
      : monthly(
          rows.map((r) => r.month),
          lang,
          300,
          {
            y: { label: h('contacts'), grid: true },
            color: { domain: channels.map((c) => term(lang, c)), scheme: 'observable10' },
            marks: [
              Plot.barY(data, {
                x: 'month',
                y: 'n',
                fill: 'channel',
                title: (d: (typeof data)[number]) => `${d.month}\n${d.channel}: ${d.n}`,
              }),
              Plot.ruleY([0], { ariaHidden: 'true' }),
            ],
          },
        ),
    true,
  )
}

/** Principle 3: the digital channels' share of each month's contacts. */
export const digitalShare = (report: CityReport, lang: Lang): Figure => {
  const h = (key: Heading) => heading(lang, key)
  const rows = report.channelMix.byMonth.filter((r) => r.digitalShare !== null)
  const data = rows.map((r) => ({ month: r.month, share: Math.round(1000 * r.digitalShare!) / 10 }))
  return figure(
    'digital-share',
    texts(lang, 'digitalShare', 'digitalShareText'),
    {
      header: [h('month'), h('contacts'), h('digitalShare')],
      rows: rows.map((r) => [r.month, r.total, percent(r.digitalShare)]),
    },
    rows.length === 0
      ? undefined
      : monthly(
          data.map((d) => d.month),
          lang,
          220,
          {
            x: { type: 'point' },
            y: { label: '%', domain: [0, 100], grid: true },
            marks: [
              Plot.lineY(data, { x: 'month', y: 'share', stroke: '#2166ac', ariaHidden: 'true' }),
              Plot.dot(data, {
                x: 'month',
                y: 'share',
                fill: '#2166ac',
                title: (d: (typeof data)[number]) => `${d.month}\n${d.share} %`,
              }),
            ],
          },
        ),
  )
}

/** One city-wide question's 1-5 answers, the city's and each service's, as shares of their answers. */
export const satisfaction = (
  report: CityReport,
  lang: Lang,
  question: 'needsMet' | 'communication',
): Figure => {
  const h = (key: Heading) => heading(lang, key)
  const names = new Map(report.catalog.map((e) => [e.serviceId, e.name]))
  const groups = [
    { label: h('city'), summary: report.satisfaction.city[question] },
    ...Object.entries(report.satisfaction.byService)
      .map(([id, s]) => ({ label: nameIn(lang, names.get(id), id), summary: s[question] }))
      .sort((a, b) => a.label.localeCompare(b.label, lang)),
  ].filter((g) => g.summary.n > 0)
  const scores = ['1', '2', '3', '4', '5']
  const data = groups.flatMap((g) =>
    scores.map((score) => {
      const n = (g.summary.distribution as Readonly<Record<string, number>>)[score] ?? 0
      return { group: g.label, score, n, share: n / g.summary.n }
    }),
  )
  const text = { title: `${h('satisfaction')}: ${h(question)}`, description: h('satisfactionText') }
  const table = {
    header: [h('service'), ...scores, h('responses'), h('mean')],
    rows: groups.map((g) => [
      g.label,
      ...scores.map((s) => (g.summary.distribution as Readonly<Record<string, number>>)[s] ?? 0),
      g.summary.n,
      g.summary.mean === undefined ? undefined : g.summary.mean.toFixed(2),
    ]),
  }
  return figure(
    `satisfaction-${question === 'needsMet' ? 'needs-met' : 'communication'}`,
    text,
    table,
    groups.length === 0
      ? undefined
      : {
          width: WIDTH,
          height: 50 + 20 * groups.length,
          marginLeft: 190,
          x: { label: h('share'), percent: true, domain: [0, 100] },
          y: { domain: groups.map((g) => g.label), label: null },
          color: { domain: scores, range: SCALE_COLOURS },
          marks: [
            Plot.barX(data, {
              x: 'share',
              y: 'group',
              fill: 'score',
              order: scores,
              title: (d: (typeof data)[number]) => `${d.group}\n${d.score}: ${d.n}`,
            }),
          ],
        },
    true,
  )
}

/** Each service's phases, its latest review and its replacement. */
export const lifecycle = (report: CityReport, lang: Lang): Figure => {
  const h = (key: Heading) => heading(lang, key)
  const phaseKinds = ['planning', 'production', 'disruption', 'retirement'] as const
  const phaseNames = phaseKinds.map((k) => h(k))
  const names = new Map(report.catalog.map((e) => [e.serviceId, nameIn(lang, e.name, e.serviceId)]))
  const services = report.catalog
    .map((e) => ({ entry: e, name: names.get(e.serviceId)! }))
    .sort((a, b) => a.entry.plannedAt.localeCompare(b.entry.plannedAt) || a.name.localeCompare(b.name, lang))
  const end = report.readAt ?? undefined
  const phases = services.flatMap(({ entry, name }) =>
    (report.timelines[entry.serviceId] ?? []).map((p) => ({
      service: name,
      phase: h(p.phase),
      start: new Date(p.start),
      end: new Date(p.end ?? end ?? p.start),
      open: p.end === undefined,
      startText: p.start.slice(0, 10),
      endText: p.end?.slice(0, 10),
    })),
  )
  // Disruptions are drawn over production, which they interrupt.
  const order = (phase: string) => phaseNames.indexOf(phase)
  const drawn = [...phases].sort((a, b) => order(a.phase) - order(b.phase))
  const reviews = services.flatMap(({ entry, name }) =>
    entry.lastReview === undefined
      ? []
      : [
          {
            service: name,
            at: new Date(entry.lastReview.at),
            decision: term(lang, entry.lastReview.decision),
          },
        ],
  )
  const replacements = services.flatMap(({ entry, name }) =>
    entry.replacedBy === undefined || entry.retiredAt === undefined
      ? []
      : [
          {
            service: name,
            at: new Date(entry.retiredAt),
            text: `→ ${names.get(entry.replacedBy) ?? entry.replacedBy}`,
          },
        ],
  )
  const text = texts(lang, 'lifecycleTimeline', 'lifecycleText')
  const table = {
    header: [h('service'), h('phase'), h('start'), h('end'), h('lastReview'), h('decision'), h('replacedBy')],
    rows: services.flatMap(({ entry, name }) =>
      (report.timelines[entry.serviceId] ?? []).map((p, i) => [
        name,
        h(p.phase),
        p.start.slice(0, 10),
        p.end?.slice(0, 10),
        i === 0 ? entry.lastReview?.at.slice(0, 10) : undefined,
        i === 0 && entry.lastReview !== undefined ? term(lang, entry.lastReview.decision) : undefined,
        i === 0 && entry.replacedBy !== undefined
          ? (names.get(entry.replacedBy) ?? entry.replacedBy)
          : undefined,
      ]),
    ),
  }
  return figure(
    'lifecycle',
    text,
    table,
    services.length === 0
      ? undefined
      : {
          width: WIDTH,
          height: 60 + 22 * services.length,
          marginLeft: 190,
          marginRight: 20,
          x: { type: 'utc', label: null, grid: true },
          y: { domain: services.map((s) => s.name), label: null },
          color: { domain: phaseNames, range: PHASE_COLOURS },
          symbol: { legend: false },
          marks: [
            Plot.barX(drawn, {
              x1: 'start',
              x2: 'end',
              y: 'service',
              fill: 'phase',
              inset: 2,
              title: (d: (typeof drawn)[number]) =>
                `${d.service}\n${d.phase}: ${d.startText} – ${d.endText ?? ''}`,
            }),
            Plot.dot(reviews, {
              x: 'at',
              y: 'service',
              r: 4,
              fill: 'white',
              stroke: 'black',
              title: (d: (typeof reviews)[number]) =>
                `${d.service}\n${h('lastReview')} ${d.at.toISOString().slice(0, 10)}: ${d.decision}`,
            }),
            Plot.text(replacements, {
              x: 'at',
              y: 'service',
              text: 'text',
              textAnchor: 'start',
              dx: 6,
              fill: 'black',
            }),
          ],
        },
    true,
  )
}

/** The report's figures, in the order the page shows them. */
export const reportFigures = (report: CityReport, lang: Lang) => ({
  promiseAnswers: promiseAnswers(report, lang),
  promiseHours: promiseHours(report, lang),
  firstContact: firstContact(report, lang),
  channelMix: channelMix(report, lang),
  digitalShare: digitalShare(report, lang),
  needsMet: satisfaction(report, lang, 'needsMet'),
  communication: satisfaction(report, lang, 'communication'),
  lifecycle: lifecycle(report, lang),
})

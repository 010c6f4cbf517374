/** Human output: the reports as aligned tables with localized names. Pure: strings in, strings out. */
import type { LocalizedText } from '@servicelife/domain'
import {
  type FindingSink,
  type FindingsTally,
  gatherFindings,
  tallyFindings,
  type Violation,
} from '@servicelife/strategy'
import type { CityReport } from './city-report.js'
import type { Explanation } from './explain.js'
import { heading, type Lang, nameIn, term } from './labels.js'
import { formatNumber, percent, table } from './table.js'

const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '-')
const fixed = (x: number | undefined | null, digits = 2) =>
  x === undefined || x === null ? '-' : x.toFixed(digits)

const section = (title: string, body: string) => `${title}\n${body}\n`

export const renderReport = (report: CityReport, lang: Lang): string => {
  const h = (key: Parameters<typeof heading>[1]) => heading(lang, key)
  const names = new Map(report.catalog.map((e) => [e.serviceId, e.name]))
  const serviceName = (id: string) => nameIn(lang, names.get(id), id)
  const c = report.compliance.city
  const out: string[] = []
  out.push(
    `${h('record')} ${h('asOf')} ${day(report.readAt)}: ${report.events} ${h('events')}` +
      (report.position >= 0 ? ` (position ${report.position})` : '') +
      '\n',
  )
  const lifecycles = ['planned', 'in-production', 'disrupted', 'retired'] as const
  out.push(
    section(
      h('catalogue'),
      table(
        [h('lifecycle'), h('services')],
        lifecycles.map((l) => [term(lang, l), report.catalog.filter((e) => e.lifecycle === l).length]),
      ),
    ),
  )
  out.push(
    section(
      h('classification'),
      table(
        [h('obligation'), h('availability'), h('productionMode'), h('services')],
        report.classification.map((r) => [
          term(lang, r.obligation),
          term(lang, r.availability),
          term(lang, r.productionMode),
          r.count,
        ]),
      ),
    ),
  )
  out.push(
    section(
      h('compliance'),
      table(
        ['', h('cases')],
        [
          [h('contacts'), c.contacts],
          [h('cases'), c.cases],
          [h('answered'), `${c.answered} (${percent(c.shareAnswered)})`],
          [h('awaiting'), c.awaitingAnswer],
          [h('closedWithoutAnswer'), c.closedWithoutAnswer],
          [
            h('answeredOnTime'),
            `${c.deadlines.answeredOnTime} (${percent(c.deadlines.shareAnsweredOnTime)})`,
          ],
          [h('answeredLate'), c.deadlines.answeredLate],
          [h('withinDeadline'), c.deadlines.awaitingWithinDeadline],
          [h('overdue'), c.deadlines.overdue],
          [h('oldestDays'), c.oldestUnansweredDays === undefined ? '-' : fixed(c.oldestUnansweredDays, 1)],
          [h('firstContact'), percent(c.firstContactInitiationRate)],
          [
            h('hoursToAnswer'),
            `${fixed(c.hoursToFirstAnswer.median, 1)} / ${fixed(c.hoursToFirstAnswer.p90, 1)}`,
          ],
        ],
      ),
    ),
  )
  const byChannel = Object.entries(report.compliance.byChannel)
  if (byChannel.length > 0) {
    out.push(
      section(
        `${h('compliance')}: ${h('channel').toLowerCase()}`,
        table(
          [h('channel'), h('cases'), h('answered'), h('awaiting'), h('firstContact')],
          byChannel.map(([channel, f]) => [
            term(lang, channel),
            f.cases,
            percent(f.shareAnswered),
            f.awaitingAnswer,
            percent(f.firstContactInitiationRate),
          ]),
        ),
      ),
    )
  }
  const s = report.satisfaction.city
  out.push(
    section(
      h('satisfaction'),
      table(
        ['', h('mean'), h('responses')],
        [
          [h('needsMet'), fixed(s.needsMet.mean), s.needsMet.n],
          [h('communication'), fixed(s.communication.mean), s.communication.n],
        ],
      ),
    ),
  )
  const agenda = report.reviewAgenda
  out.push(
    section(
      `${h('reviewAgenda')}: ${agenda.reviewDue.length} ${h('reviewDue').toLowerCase()}, ${agenda.questioned.length} ${h('questioned').toLowerCase()}`,
      agenda.questioned.length === 0
        ? `  ${h('none')}`
        : table(
            [h('service'), h('lastReview'), h('needsMet'), 'reasons'],
            agenda.questioned.map((q) => [
              nameIn(lang, q.name, q.serviceId),
              day(q.reviewedAt),
              fixed(q.evidence.needsMet ?? null, 1),
              q.reasons.join(', '),
            ]),
          ),
    ),
  )
  out.push(
    section(
      h('criticalReadiness'),
      report.criticalReadiness.length === 0
        ? `  ${h('none')}`
        : table(
            [h('service'), h('since'), h('continuity')],
            report.criticalReadiness.map((r) => [serviceName(r.serviceId), day(r.since), r.continuity]),
          ),
    ),
  )
  const mix = report.channelMix.total
  out.push(
    section(
      `${h('channelMix')} (${h('digitalShare').toLowerCase()} ${percent(mix.digitalShare)})`,
      table(
        [h('channel'), h('contacts')],
        Object.entries(mix.channels)
          .sort(([, a], [, b]) => b - a)
          .map(([channel, n]) => [term(lang, channel), n]),
      ),
    ),
  )
  return out.join('\n')
}

const value = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number'
      ? formatNumber(v)
      : typeof v === 'object' && v !== null && !Array.isArray(v)
        ? Object.entries(v)
            .map(([k, x]) => `${k} ${value(x)}`)
            .join(', ')
        : Array.isArray(v)
          ? v.map(value).join(', ')
          : String(v)

export const renderExplanation = (x: Explanation, lang: Lang): string => {
  const h = (key: Parameters<typeof heading>[1]) => heading(lang, key)
  const lines: string[] = [`${x.kind} ${x.id}: ${x.events.length} ${h('events')}`, '']
  for (const e of x.events) {
    lines.push(`${e.at}  #${e.position}  ${e.type}`)
    for (const [k, v] of Object.entries(e.details)) {
      const shown = k === 'name' ? nameIn(lang, v as LocalizedText, '') : value(v)
      lines.push(`    ${k}: ${shown.length > 100 ? `${shown.slice(0, 97)}...` : shown}`)
    }
    if (e.basis !== undefined)
      lines.push(
        `    ${h('basis')} ${day(e.basis.reviewedAt)}: ${e.basis.decision}; ${value(e.basis.evidence)}`,
      )
    for (const change of e.changes)
      lines.push(
        `    ${h('changed')}: ${change.field} ${term(lang, change.from ?? '–')} → ${term(lang, change.to ?? '–')}`,
      )
    lines.push(`    ${h('guardedBy')}: ${e.guardedBy.join(', ')}`)
  }
  lines.push('', `${h('state')}:`)
  for (const [k, v] of Object.entries(x.state)) lines.push(`    ${k}: ${term(lang, v ?? '-')}`)
  lines.push('', `${h('findings')}:`)
  if (x.findings.length === 0) lines.push(`    ${h('none')}`)
  for (const f of x.findings) lines.push(`    ${f.ruleId}: ${f.message}`)
  return lines.join('\n') + '\n'
}

/** A rule's findings as `check --json` lists them. */
export interface FindingGroup {
  readonly ruleId: string
  readonly count: number
  readonly violations: ReadonlyArray<{
    readonly entity: Violation['entity']
    readonly message: string
    readonly positions: ReadonlyArray<number>
  }>
}

/**
 * Findings grouped by rule as they are found, the most frequent rule first; each kept as its
 * entity, message and positions only, not its evidence.
 */
export const findingGroups = (): FindingSink<FindingGroup[]> => {
  const groups = new Map<string, FindingGroup['violations'][number][]>()
  return {
    add: (v) => {
      const shown = {
        entity: v.entity,
        message: v.message,
        positions: v.evidence.flatMap((e) => (e.position === undefined ? [] : [e.position])),
      }
      const list = groups.get(v.ruleId)
      if (list === undefined) groups.set(v.ruleId, [shown])
      else list.push(shown)
    },
    result: () =>
      [...groups.entries()]
        .sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))
        .map(([ruleId, violations]) => ({ ruleId, count: violations.length, violations })),
  }
}

/** Violations grouped by rule, most frequent first. */
export const groupFindings = (violations: ReadonlyArray<Violation>): FindingGroup[] =>
  gatherFindings(findingGroups())(violations)

/** A tally's table of rules, and the violations it kept of each; the rest are counted. */
export const renderTally = (tally: FindingsTally, lang: Lang): string => {
  const h = (key: Parameters<typeof heading>[1]) => heading(lang, key)
  if (tally.total === 0) return `${h('noFindings')}\n`
  const lines = [
    `${h('findings')}: ${tally.total}`,
    '',
    table(
      [h('rule'), h('count')],
      tally.rules.map((g) => [g.ruleId, g.count]),
    ),
  ]
  for (const g of tally.rules) {
    lines.push('', `${g.ruleId} (${g.count})`)
    for (const v of g.first) lines.push(`  ${v.entity.kind} ${v.entity.id}: ${v.message}`)
    if (g.count > g.first.length) lines.push(`  ... ${g.count - g.first.length} more (--json lists all)`)
  }
  return lines.join('\n') + '\n'
}

/** `perRule`: the findings shown for each rule (default 5); the rest are counted. */
export const renderFindings = (
  violations: ReadonlyArray<Violation>,
  lang: Lang,
  { perRule = 5 }: { readonly perRule?: number } = {},
): string => renderTally(gatherFindings(tallyFindings(perRule))(violations), lang)

/**
 * Where a check puts the violations it finds, one at a time. A record with hundreds of thousands
 * of findings need not hold them all: a tally keeps each rule's count and its first few.
 */
import { strategyRules, type Violation } from './rules.js'

/** Takes each violation as it is found; `result` gives what was gathered, at the end. */
export interface FindingSink<R> {
  readonly add: (violation: Violation) => void
  readonly result: () => R
}

/** Every violation, grouped by rule in the strategy's order, each rule's in the order found. */
export const everyFinding = (): FindingSink<Violation[]> => {
  const byRule = new Map<string, Violation[]>()
  return {
    add: (v) => {
      const list = byRule.get(v.ruleId)
      if (list === undefined) byRule.set(v.ruleId, [v])
      else list.push(v)
    },
    result: () => strategyRules.flatMap((rule) => byRule.get(rule.id) ?? []),
  }
}

/** A rule's findings: how many, and the first ones found. */
export interface RuleTally {
  readonly ruleId: string
  readonly count: number
  readonly first: ReadonlyArray<Violation>
}

/** The findings counted by rule, the most frequent rule first (ties by rule id). */
export interface FindingsTally {
  readonly total: number
  readonly rules: ReadonlyArray<RuleTally>
}

/** Counts by rule and keeps the first `shown` violations of each: memory bounded by the rules. */
export const tallyFindings = (shown = 5): FindingSink<FindingsTally> => {
  const byRule = new Map<string, { count: number; first: Violation[] }>()
  let total = 0
  return {
    add: (v) => {
      total++
      const rule = byRule.get(v.ruleId)
      if (rule === undefined) byRule.set(v.ruleId, { count: 1, first: shown > 0 ? [v] : [] })
      else {
        rule.count++
        if (rule.first.length < shown) rule.first.push(v)
      }
    },
    result: () => ({
      total,
      rules: [...byRule.entries()]
        .map(([ruleId, { count, first }]) => ({ ruleId, count, first }))
        .sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)),
    }),
  }
}

/** Violations already gathered, put into a sink in order. */
export const gatherFindings =
  <R>(sink: FindingSink<R>) =>
  (violations: Iterable<Violation>): R => {
    for (const v of violations) sink.add(v)
    return sink.result()
  }

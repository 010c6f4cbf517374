/** The one-pass check keeps each case's state small and finds exactly what checkHistory finds. */
import { test } from '@fast-check/vitest'
import { asRecorded, cityHistory, randomCityHistory } from '@servicelife/spec'
import {
  checkHistory,
  checkRecord,
  everyFinding,
  gatherFindings,
  strategyRules,
  tallyFindings,
  type Violation,
} from '@servicelife/strategy'
import fc from 'fast-check'
import { describe, expect } from 'vitest'

const comparable = (violations: ReadonlyArray<Violation>) =>
  violations
    .map((v) => ({
      ruleId: v.ruleId,
      entity: `${v.entity.kind} ${v.entity.id}`,
      message: v.message,
      positions: v.evidence.map((e) => e.position),
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))

const options = fc.record(
  {
    asOfShift: fc.integer({ min: -400, max: 30 }),
    answerWithinDays: fc.integer({ min: 1, max: 60 }),
    lowScore: fc.integer({ min: 1, max: 4 }),
  },
  { requiredKeys: [] },
)

describe('streamingCheck', () => {
  test.prop(
    [
      fc.oneof(
        randomCityHistory({ services: 4, cases: 12, length: 18 }),
        cityHistory({ services: 4, cases: 30 }),
      ),
      options,
    ],
    {
      numRuns: 120,
    },
  )(
    'finds exactly the violations checkHistory finds, as of any time, with any thresholds',
    async (entries, o) => {
      const events = asRecorded(entries)
      const last = events.at(-1)
      // As of a time around the last event's, or as of a position of the record (odd shifts).
      const asOf =
        o.asOfShift === undefined || last === undefined
          ? undefined
          : o.asOfShift % 2 !== 0
            ? { position: Math.abs(o.asOfShift) % events.length }
            : {
                at: new Date(
                  Date.parse((last.data as { at: string }).at) + o.asOfShift * 86_400_000,
                ).toISOString(),
              }
      const checkOptions = {
        ...(asOf === undefined ? {} : { asOf }),
        ...(o.answerWithinDays === undefined ? {} : { answerWithinDays: o.answerWithinDays }),
        ...(o.lowScore === undefined ? {} : { lowScore: o.lowScore }),
      }
      expect(comparable(await checkRecord(events, checkOptions))).toEqual(
        comparable(checkHistory(events, checkOptions)),
      )
    },
  )

  test.prop([cityHistory({ services: 4, cases: 40 }), fc.integer({ min: 0, max: 4 })], { numRuns: 40 })(
    'a tally counts every finding of each rule and keeps the first ones found, most frequent rule first',
    async (entries, shown) => {
      const events = asRecorded(entries)
      const every = await checkRecord(events)
      const tally = await checkRecord(events, {}, tallyFindings(shown))
      const ruleIds = [...new Set(every.map((v) => v.ruleId))]
      const expected = ruleIds
        .map((ruleId) => {
          const ofRule = every.filter((v) => v.ruleId === ruleId)
          return { ruleId, count: ofRule.length, first: ofRule.slice(0, shown) }
        })
        .sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId))
      expect(tally).toEqual({ total: every.length, rules: expected })
    },
  )

  test.prop([cityHistory({ services: 4, cases: 40 }), fc.integer({ min: 0, max: 4 })], { numRuns: 10 })(
    'violations already found, gathered into a sink, are what the sink makes of them one by one',
    (entries, shown) => {
      const violations = checkHistory(asRecorded(entries))
      const oneByOne = tallyFindings(shown)
      for (const v of violations) oneByOne.add(v)
      expect(gatherFindings(tallyFindings(shown))(violations)).toEqual(oneByOne.result())
      // Every finding, grouped by rule in the strategy's order, each rule's in the order found.
      const ruleOrder = strategyRules.map((rule) => rule.id)
      expect(gatherFindings(everyFinding())(violations)).toEqual(
        ruleOrder.flatMap((ruleId) => violations.filter((v) => v.ruleId === ruleId)),
      )
    },
  )
})

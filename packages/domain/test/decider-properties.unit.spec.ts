/**
 * Properties of both deciders over any sequence of commands: what they accept always satisfies the
 * rules (checked by an independent restatement of them), and deciding is pure.
 */
import { test } from '@fast-check/vitest'
import { caseDecider, isAwaitingAnswer, serviceDecider } from '@servicelife/domain'
import {
  caseCommandSequence,
  caseHistoryViolations,
  runCommands,
  serviceCommandSequence,
  serviceHistoryViolations,
} from '@servicelife/spec'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect } from 'vitest'

const frozenCopy = <T>(value: T): T => structuredClone(value)

describe('service decider', () => {
  test.prop([serviceCommandSequence(30)], { numRuns: 400 })(
    'the accepted events of any command sequence break no rule of a service life',
    (commands) => {
      const { events } = runCommands(serviceDecider, commands)
      expect(serviceHistoryViolations(events)).toEqual([])
    },
  )
  test.prop([serviceCommandSequence(30)], { numRuns: 200 })(
    'retired is terminal: once retired, no command is accepted',
    (commands) => {
      const { outcomes, state } = runCommands(serviceDecider, commands)
      const retiredAt = outcomes.findIndex(
        (o) => E.isRight(o.outcome) && o.outcome.right.some((e) => e.type === 'ServiceRetired'),
      )
      if (retiredAt >= 0) {
        expect(state.lifecycle).toBe('retired')
        for (const later of outcomes.slice(retiredAt + 1)) expect(E.isLeft(later.outcome)).toBe(true)
      }
    },
  )
  test.prop([serviceCommandSequence(20)])(
    'decide is deterministic and does not mutate its inputs',
    (commands) => {
      let state = serviceDecider.initialState
      for (const command of commands) {
        const before = frozenCopy({ command, state })
        const first = serviceDecider.decide(command, state)
        expect(serviceDecider.decide(command, state)).toEqual(first)
        expect({ command, state }).toEqual(before)
        if (E.isRight(first)) {
          const next = first.right.reduce(serviceDecider.evolve, state)
          expect({ command, state }).toEqual(before)
          state = next
        }
      }
    },
  )
})

/** The strategy text each rule comes from, as the errors must name it. */
const sources: Record<string, { principle?: number; promise?: number }> = {
  'producer-required-unless-own': { principle: 4 },
  'launch-needs-a-channel': { principle: 3 },
  'production-change-from-current-mode': { principle: 4 },
  'production-change-to-another-mode': { principle: 4 },
  'running-service-keeps-a-channel': { principle: 3 },
  'critical-disruption-states-continuity': { principle: 6 },
  'statutory-retirement-names-replacement': { principle: 4 },
  'not-replaced-by-itself': { principle: 4 },
  'case-starts-with-contact': { promise: 3 },
  'opened-on-own-contact': { promise: 3 },
  'answer-only-open-case': { promise: 2 },
  'close-after-answer': { promise: 2 },
}
const sourceOf = (error: { principle?: number; promise?: number }) => ({
  ...(error.principle === undefined ? {} : { principle: error.principle }),
  ...(error.promise === undefined ? {} : { promise: error.promise }),
})

describe('rejections', () => {
  test.prop([serviceCommandSequence(30), caseCommandSequence(30)], { numRuns: 200 })(
    'every error names the principle or promise its rule comes from, and no other',
    (serviceCommands, caseCommands) => {
      const outcomes = [
        ...runCommands(serviceDecider, serviceCommands).outcomes,
        ...runCommands(caseDecider, caseCommands).outcomes,
      ]
      for (const { outcome } of outcomes) {
        if (E.isLeft(outcome)) expect(sourceOf(outcome.left)).toEqual(sources[outcome.left.code] ?? {})
      }
    },
  )
  test.prop([serviceCommandSequence(30)], { numRuns: 200 })(
    'a rejected service command names the service and a rule in its error',
    (commands) => {
      for (const { command, outcome } of runCommands(serviceDecider, commands).outcomes) {
        if (E.isLeft(outcome)) {
          expect(outcome.left.entity).toEqual({ kind: 'service', id: command.data.serviceId })
          expect(outcome.left.message).toContain(`service ${command.data.serviceId}`)
        }
      }
    },
  )
})

describe('case decider', () => {
  test.prop([caseCommandSequence(30)], { numRuns: 400 })(
    'the accepted events of any command sequence break no rule of a case',
    (commands) => {
      const { events } = runCommands(caseDecider, commands)
      expect(caseHistoryViolations(events)).toEqual([])
    },
  )
  test.prop([caseCommandSequence(30)], { numRuns: 200 })(
    'a case awaits an answer exactly when its latest contact is later than its latest answer',
    (commands) => {
      const { events, state } = runCommands(caseDecider, commands)
      const lastContact = events.filter((e) => e.type === 'ContactReceived').at(-1)
      const lastAnswer = events.filter((e) => e.type === 'CaseAnswered').at(-1)
      const expected =
        lastContact !== undefined &&
        (lastAnswer === undefined || Date.parse(lastContact.data.at) > Date.parse(lastAnswer.data.at))
      expect(isAwaitingAnswer(state)).toBe(expected)
    },
  )
  test.prop([caseCommandSequence(20)])(
    'decide is deterministic and does not mutate its inputs',
    (commands) => {
      let state = caseDecider.initialState
      for (const command of commands) {
        const before = frozenCopy({ command, state })
        const first = caseDecider.decide(command, state)
        expect(caseDecider.decide(command, state)).toEqual(first)
        expect({ command, state }).toEqual(before)
        if (E.isRight(first)) state = first.right.reduce(caseDecider.evolve, state)
      }
    },
  )
  test.prop([caseCommandSequence(30)], { numRuns: 200 })(
    'a rejected command names the case and a rule, and changes nothing',
    (commands) => {
      for (const { command, outcome } of runCommands(caseDecider, commands).outcomes) {
        if (E.isLeft(outcome)) {
          expect(outcome.left.entity).toEqual({ kind: 'case', id: command.data.caseId })
          expect(outcome.left.message).toContain(`case ${command.data.caseId}`)
        }
      }
    },
  )
})

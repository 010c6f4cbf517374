/**
 * Given/when/then for any decider: `deciderSpec(decider).given(events).when(command).then(events)`
 * or `.thenFails(code)`. Failures throw an Error whose message shows what was expected and got.
 */

import { isDeepStrictEqual } from 'node:util'
import type { Decider, DomainError, RuleCode } from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'

const show = (value: unknown): string => JSON.stringify(value, null, 2)

export class SpecFailure extends Error {
  override readonly name = 'SpecFailure'
}

export interface Then<Ev> {
  /** The command is accepted and produces exactly these events. */
  then(expected: ReadonlyArray<Ev>): void
  /** The command is rejected with this rule; returns the error for further checks. */
  thenFails(code: RuleCode): DomainError
}

export interface When<C, Ev> {
  when(command: C): Then<Ev>
}

export const deciderSpec = <C extends { type: string }, Ev, S>(decider: Decider<C, Ev, S>) => ({
  given(history: ReadonlyArray<Ev>): When<C, Ev> {
    const state = history.reduce(decider.evolve, decider.initialState)
    return {
      when(command: C): Then<Ev> {
        const outcome = decider.decide(command, state)
        const context = `given ${history.length} event(s) when ${command.type}`
        return {
          // `then` is the given/when/then API; a Then is never awaited.
          then(expected) {
            if (E.isLeft(outcome)) {
              throw new SpecFailure(
                `${context}: expected events ${show(expected)}\nbut it failed with ${show(outcome.left)}`,
              )
            }
            if (!isDeepStrictEqual(outcome.right, expected)) {
              throw new SpecFailure(
                `${context}: expected events ${show(expected)}\nbut got ${show(outcome.right)}`,
              )
            }
          },
          thenFails(code) {
            if (E.isRight(outcome)) {
              throw new SpecFailure(
                `${context}: expected failure '${code}'\nbut it produced ${show(outcome.right)}`,
              )
            }
            if (outcome.left.code !== code) {
              throw new SpecFailure(
                `${context}: expected failure '${code}'\nbut it failed with ${show(outcome.left)}`,
              )
            }
            return outcome.left
          },
        }
      },
    }
  },
})

/** Expected failures are values a caller can tell apart: a domain error by its rule, a decode error by its code. */
import { test } from '@fast-check/vitest'
import {
  caseRules,
  decodeCommand,
  isDecodeError,
  isDomainError,
  serviceDecider,
  serviceRules,
} from '@servicelife/domain'
import { serviceCommand } from '@servicelife/spec'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

describe('error guards', () => {
  test.prop([serviceCommand], { numRuns: 200 })(
    'every refusal of the service decider is a domain error naming its rule, and not a decode error',
    (command) => {
      const decided = serviceDecider.decide(command, serviceDecider.initialState)
      if (E.isLeft(decided)) {
        expect(isDomainError(decided.left)).toBe(true)
        expect(isDecodeError(decided.left)).toBe(false)
        expect([...serviceRules, ...caseRules]).toContain(decided.left.code)
      }
    },
  )

  test.prop([fc.anything()], { numRuns: 300 })(
    'a command that does not decode is a decode error, not a domain error',
    (u) => {
      const decoded = decodeCommand(u)
      if (E.isLeft(decoded)) {
        expect(isDecodeError(decoded.left)).toBe(true)
        expect(isDomainError(decoded.left)).toBe(false)
      }
    },
  )

  it('an object with an unknown code, or without its entity, is not a domain error', () => {
    const entity = { kind: 'service', id: 's' }
    expect(isDomainError({ code: 'service-must-be-planned', entity, message: 'm' })).toBe(true)
    expect(isDomainError({ code: 'made-up-rule', entity, message: 'm' })).toBe(false)
    expect(isDomainError({ code: 'service-must-be-planned', message: 'm' })).toBe(false)
    expect(
      isDomainError({ code: 'service-must-be-planned', entity: { kind: 'robot', id: 's' }, message: 'm' }),
    ).toBe(false)
    for (const u of [null, undefined, 'service-must-be-planned', 7, []]) expect(isDomainError(u)).toBe(false)
  })
  it("a case's error is one too; a message, entity or id of the wrong kind is not", () => {
    const code = 'feedback-after-answer'
    expect(isDomainError({ code, entity: { kind: 'case', id: 'c1' }, message: 'm' })).toBe(true)
    expect(isDomainError({ code, entity: { kind: 'case', id: 'c1' }, message: 7 })).toBe(false)
    expect(isDomainError({ code, entity: null, message: 'm' })).toBe(false)
    expect(isDomainError({ code, entity: { kind: 'case', id: 1 }, message: 'm' })).toBe(false)
  })

  it('a decode error is an object with its code and a list of problems, nothing less', () => {
    expect(isDecodeError({ code: 'decode-error', problems: [] })).toBe(true)
    for (const u of [
      null,
      undefined,
      'decode-error',
      { code: 'decode-error' },
      { code: 'decode-error', problems: 'none' },
      { code: 'not-found', problems: [] },
      { problems: [] },
    ])
      expect(isDecodeError(u)).toBe(false)
  })
})

/**
 * The HTTP meaning of a refusal (RFC 9457) and of entity tags: whose fault a refusal is, the rule
 * and the entity it names, and the revision an If-Match asks for.
 */
import { caseError, decodeError } from '@servicelife/domain'
import { matchesNoneMatch, parseIfMatch, problemOfRefusal, revisionTag } from '@servicelife/http'
import { describe, expect, it } from 'vitest'

describe('a refused command as a problem', () => {
  it('a command that does not decode is 400 with what did not decode', () => {
    const p = problemOfRefusal(decodeError('CaseCommand', ['data.at: not a date-time']))
    expect(p).toMatchObject({ status: 400, code: 'decode-error', problems: ['data.at: not a date-time'] })
    expect(p.type).toBe('urn:servicelife:problem:decode-error')
  })

  it('a broken domain rule is 409 naming the rule, the entity and the promise behind it', () => {
    const error = caseError('answer-only-open-case', 'c-1', 'the case is closed', { promise: 1 })
    expect(problemOfRefusal(error)).toMatchObject({
      status: 409,
      title: 'Conflict',
      code: 'answer-only-open-case',
      entity: { kind: 'case', id: 'c-1' },
      promise: 1,
    })
  })

  it('a stale If-Match is 412 with the expected and actual revisions', () => {
    const p = problemOfRefusal({
      code: 'wrong-expected-revision',
      streamId: 'case-c-1',
      expected: 2,
      actual: 3,
      message: 'moved on',
    })
    expect(p).toMatchObject({ status: 412, expected: 2, actual: 3, streamId: 'case-c-1' })
  })

  it('a stream that kept changing is 503 (try again), a business time in the future 400', () => {
    const last = {
      code: 'wrong-expected-revision',
      streamId: 's',
      expected: 1,
      actual: 2,
      message: '',
    } as const
    expect(
      problemOfRefusal({
        code: 'concurrency-retries-exhausted',
        streamId: 's',
        attempts: 20,
        last,
        message: '',
      }).status,
    ).toBe(503)
    expect(problemOfRefusal({ code: 'business-time-in-future', at: 'a', now: 'b', message: '' }).status).toBe(
      400,
    )
  })
})

describe('entity tags', () => {
  it('If-Match names one strong revision tag; "-1" is a stream that must not exist yet', () => {
    expect(parseIfMatch(undefined)).toEqual({ kind: 'absent' })
    expect(parseIfMatch('*')).toEqual({ kind: 'any' })
    expect(parseIfMatch('"7"')).toEqual({ kind: 'revision', revision: 7 })
    expect(parseIfMatch(revisionTag(undefined))).toEqual({ kind: 'revision', revision: 'no-stream' })
  })

  it('a weak tag, a list, an unquoted number or a leading zero is invalid, never guessed at', () => {
    for (const header of ['W/"7"', '"7", "8"', '7', '"07"', '"-2"', '"1e3"', ''])
      expect(parseIfMatch(header).kind).toBe('invalid')
  })

  it('If-None-Match matches the current tag, in a list, weak or strong, or *', () => {
    expect(matchesNoneMatch('"5"', '"5"')).toBe(true)
    expect(matchesNoneMatch('"4", W/"5"', '"5"')).toBe(true)
    expect(matchesNoneMatch('*', '"5"')).toBe(true)
    expect(matchesNoneMatch('"4"', '"5"')).toBe(false)
    expect(matchesNoneMatch(undefined, '"5"')).toBe(false)
  })
})

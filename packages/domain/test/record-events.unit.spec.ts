/**
 * An erasure is recorded by the fields it erased, each named `Event.path` in letters: the name
 * of a field, never its value nor anything that could hold a person's data.
 */
import { decodeEvent } from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

const erased = (fields: ReadonlyArray<string>) =>
  decodeEvent({
    type: 'SubjectErased',
    data: { at: '2026-01-05T09:00:00+02:00', erasure: 'erasure-1', rule: 'request', fields, keys: 2 },
  })

describe('the fields an erasure names', () => {
  it('are Event.path in letters, dots and brackets', () => {
    for (const field of [
      'ContactReceived.subject',
      'FeedbackGiven.comment',
      'CaseOpened.parties[].name',
      'A.b',
    ])
      expect(E.isRight(erased([field])), field).toBe(true)
    expect(E.isRight(erased([`A.${'b'.repeat(100)}`]))).toBe(true)
  })

  it('hold nothing else: no value, no digits, no text around the path', () => {
    for (const field of [
      'ContactReceived',
      'ContactReceived.',
      '.subject',
      ' ContactReceived.subject',
      'ContactReceived.subject ',
      'ContactReceived.subject=Matti',
      'ContactReceived.items[0]',
      '1.subject',
      `A.${'b'.repeat(101)}`,
    ])
      expect(E.isLeft(erased([field])), field).toBe(true)
  })
})

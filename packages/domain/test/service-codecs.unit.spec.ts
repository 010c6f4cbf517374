/** A service's answer promise is a whole number of 1-1000 units; its PTV id is a UUID, nothing around it. */
import { AnswerPromise, PtvId } from '@servicelife/domain'
import { describe, expect, it } from 'vitest'

describe('an answer promise', () => {
  it('is a whole number from 1 to 1000 of its unit', () => {
    for (const within of [1, 14, 1000])
      expect(AnswerPromise.is({ within, unit: 'days' }), String(within)).toBe(true)
    for (const within of [0, -1, 1001, 2.5, Number.NaN])
      expect(AnswerPromise.is({ within, unit: 'days' }), String(within)).toBe(false)
  })
})

describe('a PTV id', () => {
  it('is a UUID in lower case and nothing else', () => {
    const id = '0739289c-cc26-4097-b029-fa9c58c8d4e9'
    expect(PtvId.is(id)).toBe(true)
    for (const s of [` ${id}`, `x${id}`, `${id} `, `${id}0`, id.toUpperCase(), id.slice(1)])
      expect(PtvId.is(s), s).toBe(false)
  })
})

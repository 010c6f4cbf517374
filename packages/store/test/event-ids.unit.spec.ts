/** Event ids: uuid v7, unique, and in creation order even within one millisecond. */
import { newEventId } from '@servicelife/store/adapter'
import { validate, version } from 'uuid'
import { describe, expect, it } from 'vitest'

describe('newEventId', () => {
  it('gives uuid v7 ids that sort in the order they were made, without repeats', () => {
    const ids = Array.from({ length: 20_000 }, () => newEventId())
    for (const id of ids.slice(0, 50)) expect(validate(id) && version(id)).toBe(7)
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
  })
})

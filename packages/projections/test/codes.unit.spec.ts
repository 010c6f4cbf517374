/** The small vocabularies a case table's integer columns refer to by number. */
import { describe, expect, it } from 'vitest'
import { codesForTest as codes } from './projections-under-test.js'

describe('codes', () => {
  it('a known text keeps its number and is held once', () => {
    const edit = codes.editCodes(codes.noCodes)
    expect([edit.code('chat'), edit.code('phone'), edit.code('chat')]).toEqual([0, 1, 0])
    expect(edit.done()).toEqual(['chat', 'phone'])
  })
  it('a vocabulary no edit made, as a checkpoint gives it, numbers its texts by their place', () => {
    const edit = codes.editCodes(['chat', 'phone'])
    expect([edit.code('phone'), edit.code('chat'), edit.code('letter')]).toEqual([1, 0, 2])
    expect([edit.text(0), edit.text(2)]).toEqual(['chat', 'letter'])
  })
  it('an edit that adds nothing returns the vocabulary it was given', () => {
    const given = ['chat']
    const edit = codes.editCodes(given)
    expect(edit.code('chat')).toBe(0)
    expect(edit.done()).toBe(given)
  })
  it('a vocabulary once done never changes: an edit going on after done() copies again', () => {
    const edit = codes.editCodes(codes.noCodes)
    edit.code('chat')
    const first = edit.done()
    expect(edit.code('phone')).toBe(1)
    const second = edit.done()
    expect([first, second]).toEqual([['chat'], ['chat', 'phone']])
    expect(codes.noCodes).toEqual([])
    // A later edit of the first finds its texts, and numbers a new one after them.
    const again = codes.editCodes(first)
    expect([again.code('chat'), again.code('letter')]).toEqual([0, 1])
  })
})

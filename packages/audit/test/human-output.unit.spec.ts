/** Human output: every classification has a name in Finnish, Swedish and English; tables align. */
import { Availability, ContactChannel, Obligation, ProductionMode } from '@servicelife/domain'
import { describe, expect, it } from 'vitest'
import { languages, table, term } from '../src/index.js'

describe('localized names', () => {
  const codes = [
    ...Obligation.values,
    ...Availability.values,
    ...ProductionMode.values,
    ...ContactChannel.values,
    'planned',
    'in-production',
    'disrupted',
    'retired',
  ]

  it.each(languages)('every classification and channel has a name in %s', (lang) => {
    for (const code of codes) expect(term(lang, code), code).not.toBe(code)
  })

  it('the three languages differ where the words do', () => {
    expect(['fi', 'sv', 'en'].map((l) => term(l as 'fi', 'statutory-authority'))).toEqual([
      'Lakisääteinen viranomaistoiminta',
      'Lagstadgad myndighetsutövning',
      'Statutory authority',
    ])
  })
})

describe('tables', () => {
  it('columns are as wide as their widest cell; numbers are right-aligned, text left', () => {
    expect(
      table(
        ['Service', 'Cases'],
        [
          ['Library', 7],
          ['Päiväkoti', 1234],
          ['Chat', null],
        ],
      ),
    ).toBe(
      ['Service    Cases', '---------  -----', 'Library        7', 'Päiväkoti   1234', 'Chat       -'].join(
        '\n',
      ),
    )
  })

  it('fractions show two decimals', () => {
    expect(table(['x'], [[2.456]])).toBe(['x', '----', '2.46'].join('\n'))
  })
})

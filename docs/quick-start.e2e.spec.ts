import { describe, expect, it } from 'vitest'
import { quickStart } from './examples/quick-start.js'

describe('docs/examples/quick-start.ts', () => {
  it('routes, answers and closes the case, and rejects an answer to a closed case by its rule', async () => {
    expect(await quickStart()).toEqual([
      'ContactReceived',
      'CaseOpened',
      'CaseAnswered',
      'CaseClosed',
      'rejected: closed-is-terminal',
    ])
  })
})

/** The retention table: decoded at the boundary, periods on the calendar, and what runs out when. */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  addPeriod,
  decodeRetentionTable,
  expiredKeys,
  type RetentionTable,
  type SealedFieldFact,
} from '../src/index.js'

const table: RetentionTable = {
  retention: [
    { field: 'ContactReceived.subject', keep: 'P2Y', after: 'case-closed' },
    { field: 'FeedbackGiven.comment', keep: 'P1Y', after: 'recorded' },
  ],
}

describe('the retention table', () => {
  it('is refused with the problem named: an unknown or non-personal field, a bad period or start, a field twice', () => {
    const bad = [
      [
        { retention: [{ field: 'ContactReceived.channel', keep: 'P2Y', after: 'case-closed' }] },
        'retention.0.field',
      ],
      [{ retention: [{ field: 'Nope.subject', keep: 'P2Y', after: 'case-closed' }] }, 'retention.0.field'],
      [
        { retention: [{ field: 'FeedbackGiven.comment', keep: '2 years', after: 'recorded' }] },
        'retention.0.keep',
      ],
      [{ retention: [{ field: 'FeedbackGiven.comment', keep: 'P', after: 'recorded' }] }, 'retention.0.keep'],
      [
        { retention: [{ field: 'FeedbackGiven.comment', keep: 'P1Y', after: 'opened' }] },
        'retention.0.after',
      ],
      [
        {
          retention: [
            { field: 'FeedbackGiven.comment', keep: 'P1Y', after: 'recorded' },
            { field: 'FeedbackGiven.comment', keep: 'P2Y', after: 'recorded' },
          ],
        },
        'named twice',
      ],
      [[], '(root)'],
    ] as const
    for (const [u, names] of bad) {
      const decoded = decodeRetentionTable(u)
      expect(E.isLeft(decoded) && decoded.left.message, JSON.stringify(u)).toContain(names)
    }
    expect(E.isRight(decodeRetentionTable(table))).toBe(true)
  })

  it('counts periods on the calendar: years, months and days', () => {
    expect(new Date(addPeriod('2024-02-29T10:00:00Z', 'P1Y')).toISOString()).toBe('2025-03-01T10:00:00.000Z')
    expect(new Date(addPeriod('2025-01-15T10:00:00+02:00', 'P1Y6M10D')).toISOString()).toBe(
      '2026-07-25T08:00:00.000Z',
    )
    expect(new Date(addPeriod('2025-01-15T00:00:00Z', 'P30D')).toISOString()).toBe('2025-02-14T00:00:00.000Z')
  })
})

describe('what expires', () => {
  const fact = (keyId: string, streamId: string, field: string, at: string): SealedFieldFact => ({
    keyId,
    streamId,
    field,
    at,
  })
  const keys = new Map<string, SealedFieldFact>([
    ['k1', fact('k1', 'case-1', 'ContactReceived.subject', '2023-01-10T10:00:00Z')],
    ['k2', fact('k2', 'case-2', 'ContactReceived.subject', '2023-01-10T10:00:00Z')],
    ['k3', fact('k3', 'case-3', 'ContactReceived.subject', '2023-01-10T10:00:00Z')],
    ['k4', fact('k4', 'case-1', 'FeedbackGiven.comment', '2024-03-01T12:00:00Z')],
    ['k5', fact('k5', 'case-1', 'CaseAnswered.summary', '2020-01-01T00:00:00Z')],
  ])
  const closed = new Map([
    ['case-1', '2023-02-01T09:00:00Z'],
    ['case-2', '2023-06-01T09:00:00Z'],
  ])
  const expired = (asOf: string) =>
    expiredKeys(table, { keys, closed }, Date.parse(asOf)).map((e) => [
      e.rule.field,
      [...e.keyIds].sort(),
      e.streams,
    ])

  it('a field under case-closed runs out its period after its case closed; an open case keeps it', () => {
    expect(expired('2025-02-01T08:59:59Z')[0]).toEqual(['ContactReceived.subject', [], 0])
    expect(expired('2025-02-01T09:00:00Z')[0]).toEqual(['ContactReceived.subject', ['k1'], 1])
    expect(expired('2030-01-01T00:00:00Z')[0]).toEqual(['ContactReceived.subject', ['k1', 'k2'], 2])
  })

  it('a field under recorded runs out its period after its own time; a field the table does not name never does', () => {
    expect(expired('2025-03-01T11:59:59Z')[1]).toEqual(['FeedbackGiven.comment', [], 0])
    expect(expired('2025-03-01T12:00:00Z')[1]).toEqual(['FeedbackGiven.comment', ['k4'], 1])
    expect(expired('2099-01-01T00:00:00Z').flatMap(([, ids]) => ids as string[])).not.toContain('k5')
  })
})

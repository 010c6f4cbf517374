/** The retention table: decoded at the boundary, periods on the calendar, and what runs out when. */
import { ERASED } from '@servicelife/domain'
import type { RecordedEvent } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  addPeriod,
  closingOf,
  decodeRetentionTable,
  describeRule,
  expiredKeys,
  type RetentionTable,
  type SealedFieldFact,
  sealedFieldsOf,
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

describe('what the record says for retention', () => {
  const recorded = (type: string, data: unknown): RecordedEvent => ({
    streamId: 'case-7',
    revision: 0,
    position: 3,
    type,
    data,
    metadata: { eventId: 'e', recordedAt: '2026-01-01T00:00:00Z', hash: 'h' },
  })
  const envelope = (k: string) => ({
    sealed: { k, alg: 'A256GCM' as const, iv: 'aaaaaaaaaaaaaaaa', ct: 'bbbb', tag: 'cccccccccccccccccccccc' },
  })

  it("a sealed field's key, place and time; text and erased fields are not sealed", () => {
    const contact = recorded('ContactReceived', {
      caseId: '7',
      at: '2025-03-01T10:00:00+02:00',
      contactId: 'k',
      channel: 'chat',
      customer: { kind: 'resident', ref: ERASED },
      language: 'fi',
      subject: envelope('key-1'),
    })
    expect(sealedFieldsOf(contact)).toEqual([
      {
        keyId: 'key-1',
        streamId: 'case-7',
        field: 'ContactReceived.subject',
        at: '2025-03-01T10:00:00+02:00',
      },
    ])
    expect(
      sealedFieldsOf(
        recorded('CaseClosed', { caseId: '7', at: '2025-03-02T10:00:00Z', outcome: 'resolved' }),
      ),
    ).toEqual([])
  })

  it('a closing gives its time; any other event none', () => {
    expect(
      closingOf(recorded('CaseClosed', { caseId: '7', at: '2025-03-02T10:00:00Z', outcome: 'resolved' })),
    ).toBe('2025-03-02T10:00:00Z')
    expect(closingOf(recorded('CaseAnswered', { caseId: '7', at: '2025-03-02T10:00:00Z' }))).toBeUndefined()
  })

  it('a rule reads as a sentence, as its proof carries it; a bad table names what was decoded', () => {
    expect(describeRule(table.retention[0]!)).toBe('ContactReceived.subject P2Y after case-closed')
    const bad = decodeRetentionTable({ retention: 'all' })
    expect(E.isLeft(bad) && bad.left.target).toBe('RetentionTable')
    const twice = decodeRetentionTable({ retention: [table.retention[0], table.retention[0]] })
    expect(E.isLeft(twice) && twice.left.target).toBe('RetentionTable')
  })
})

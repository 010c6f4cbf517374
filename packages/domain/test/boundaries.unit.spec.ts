/** The edges of every boundary type, business time in Helsinki, stream names and decode messages. */
import {
  Amount,
  caseStreamId,
  Count,
  decodeCommand,
  decodeEvent,
  EntityId,
  fold,
  formatValidationErrors,
  helsinkiIso,
  helsinkiMonth,
  helsinki,
  instant,
  isCaseEventType,
  isDomainEventType,
  isServiceEventType,
  IsoDate,
  IsoDateTime,
  LanguageTag,
  entityStreamId,
  parseStreamId,
  Score,
  ScoreMean,
  serviceDecider,
  serviceStreamId,
  ShortText,
  recordStreamOf,
} from '@servicelife/domain'
import { test } from '@fast-check/vitest'
import { randomCityHistory } from '@servicelife/spec'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import { describe, expect, it } from 'vitest'

const cases: Array<[string, t.Mixed, unknown[], unknown[]]> = [
  ['Score', Score, [1, 3, 5], [0, 6, 2.5, '3', Number.NaN]],
  ['ScoreMean', ScoreMean, [1, 3.7, 5], [0.99, 5.01, '4']],
  ['Count', Count, [0, 1, 1_000_000], [-1, 1.5, Number.POSITIVE_INFINITY, '1']],
  ['Amount', Amount, [0, 0.5, 240_000], [-0.01, Number.POSITIVE_INFINITY, Number.NaN, '5']],
  ['ShortText', ShortText, ['a', 'x'.repeat(500)], ['', '   ', 'x'.repeat(501), 5]],
  [
    'EntityId',
    EntityId,
    ['a', 'youth-premises-a', 'A1._:-', 'x'.repeat(128)],
    ['', '-a', 'a b', 'x'.repeat(129), 'ä', 7],
  ],
  [
    'LanguageTag',
    LanguageTag,
    ['fi', 'sv', 'sv-FI', 'zh-Hant-TW', 'smn'],
    ['', 'f', 'FI', 'fi_FI', 'fi-', 'finn'],
  ],
  [
    'IsoDate',
    IsoDate,
    ['2025-02-24', '2024-02-29', '2000-02-29', '2025-04-30'],
    [
      '2025-2-24',
      '24.2.2025',
      '2025-02-24T10:00:00Z',
      '2025-13-01',
      '2025-02-29',
      '1900-02-29',
      '2025-04-31',
    ],
  ],
  [
    'IsoDateTime',
    IsoDateTime,
    [
      '2025-02-24T18:00:00+02:00',
      '2025-02-24T18:00Z',
      '2025-02-24T16:00:00.123Z',
      '2025-06-01T08:00:00.123456789-04:00',
      '2024-02-29T23:59:59+23:59',
    ],
    [
      '2025-02-24T18:00:00',
      '2025-02-24 18:00:00Z',
      '2025-02-24T18:00:00+0200',
      '2025-02-24',
      '2025-13-24T18:00:00Z',
      'T18:00Z',
      '2025-02-30T10:00:00+02:00',
      '2025-01-01T24:00Z',
      '2025-01-01T23:60Z',
      '2025-01-01T23:59:60Z',
      '2025-01-01T12:00:00+24:00',
    ],
  ],
]

describe('boundary types', () => {
  it.each(cases)(
    '%s accepts its valid values and rejects the others, in decode and is alike',
    (_, codec, valid, invalid) => {
      for (const v of valid) {
        expect(E.isRight(codec.decode(v)), `${JSON.stringify(v)} should be valid`).toBe(true)
        expect(codec.is(v)).toBe(true)
      }
      for (const v of invalid) {
        expect(E.isLeft(codec.decode(v)), `${JSON.stringify(v)} should be invalid`).toBe(true)
        expect(codec.is(v)).toBe(false)
      }
    },
  )
})

/** The days of a month, from the platform's calendar (`setUTCFullYear` keeps years 0-99 as given). */
const platformDaysInMonth = (year: number, month: number): number => {
  const d = new Date(0)
  d.setUTCFullYear(year, month, 0)
  return d.getUTCDate()
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** Instants in the ISO shape with every field at, inside and just past its bounds. */
const isoShapedInstant = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.option(fc.integer({ min: 0, max: 60 })),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/)),
    offset: fc.option(
      fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 60 })),
    ),
  })
  .map((f) => ({
    ...f,
    text:
      `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}` +
      (f.second === null ? '' : `:${pad(f.second)}${f.fraction === null ? '' : `.${f.fraction}`}`) +
      (f.offset === null ? 'Z' : `${f.offset[0]}${pad(f.offset[1])}:${pad(f.offset[2])}`),
  }))

describe('calendar checks', () => {
  test.prop([isoShapedInstant], { numRuns: 2000 })(
    'an instant is accepted exactly when the platform parses it, its day exists and its hour is 00-23',
    (f) => {
      const parses = !Number.isNaN(Date.parse(f.text))
      const dayExists =
        f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= platformDaysInMonth(f.year, f.month)
      expect(IsoDateTime.is(f.text)).toBe(parses && dayExists && f.hour <= 23)
    },
  )
  test.prop([isoShapedInstant], { numRuns: 1000 })(
    'a date is accepted exactly when the platform parses it and the day exists',
    (f) => {
      const date = f.text.slice(0, 10)
      const dayExists =
        f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= platformDaysInMonth(f.year, f.month)
      expect(IsoDate.is(date)).toBe(!Number.isNaN(Date.parse(date)) && dayExists)
    },
  )
  it('a leap day is read by the whole year, its last two digits 9x too', () => {
    for (const year of ['1996', '2096', '1992', '2000', '2400'])
      expect([IsoDate.is(`${year}-02-29`), IsoDateTime.is(`${year}-02-29T12:00Z`)]).toEqual([true, true])
    for (const year of ['1997', '1900', '2100', '2099'])
      expect([IsoDate.is(`${year}-02-29`), IsoDateTime.is(`${year}-02-29T12:00Z`)]).toEqual([false, false])
  })
})

/** An ISO-shaped instant with one character replaced, removed or put in, cut short, or with text after it. */
const nearlyIsoInstant = fc
  .tuple(
    isoShapedInstant,
    fc.nat(),
    fc.constantFrom('replace', 'remove', 'insert', 'cut', 'append'),
    fc.oneof(fc.string({ maxLength: 1 }), fc.constantFrom('0', '9', ':', '.', '+', '-', 'Z', 'T', ' ')),
  )
  .map(([f, at, how, c]) => {
    const i = at % f.text.length
    if (how === 'cut') return f.text.slice(0, i)
    if (how === 'append') return f.text + c
    if (how === 'insert') return f.text.slice(0, i) + c + f.text.slice(i)
    return f.text.slice(0, i) + (how === 'replace' ? c : '') + f.text.slice(i + 1)
  })

describe('business time instants', () => {
  // toBe compares with Object.is, so NaN matches NaN.
  const sameAsPlatform = (text: string) => {
    expect(instant(text)).toBe(Date.parse(text))
  }
  test.prop([isoShapedInstant], { numRuns: 3000 })(
    'an instant in the ISO shape is the milliseconds Date.parse gives, at, inside and past every bound',
    (f) => sameAsPlatform(f.text),
  )
  test.prop([fc.oneof(nearlyIsoInstant, fc.string())], { numRuns: 3000 })(
    'any other text is read as Date.parse reads it, NaN included',
    sameAsPlatform,
  )
  test.prop([
    fc.array(
      fc.tuple(
        fc.integer({ min: 2024, max: 2025 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 23 }),
      ),
      { minLength: 2, maxLength: 20 },
    ),
  ])(
    'instants read one after another, on the same day and on neighbouring ones, each read as Date.parse reads it',
    (times) => {
      for (const [year, month, day, hour] of times)
        sameAsPlatform(`${year}-${pad(month)}-${pad(day)}T${pad(hour)}:00Z`)
    },
  )
  it.each([
    '0000-01-01T00:00Z',
    '0000-02-29T23:59:59.999Z',
    '1969-12-31T23:59:59.999Z',
    '2024-02-29T12:00:00.5+02:00',
    '2025-03-30T03:00:00.123456789+03:00',
    '9999-12-31T23:59:59.999-23:59',
    '2025-01-01T24:00Z',
    '2025-02-29T00:00Z',
    '2025-01-01t00:00z',
  ])('%s is what Date.parse makes of it', sameAsPlatform)
})

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

describe('Helsinki business time', () => {
  it('is UTC+2 in winter and UTC+3 from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC', () => {
    expect(helsinki.offsetAt(Date.parse('2025-03-30T00:59:59Z')) / HOUR_MS).toBe(2)
    expect(helsinki.offsetAt(Date.parse('2025-03-30T01:00:00Z')) / HOUR_MS).toBe(3)
    expect(helsinki.offsetAt(Date.parse('2025-10-26T00:59:59Z')) / HOUR_MS).toBe(3)
    expect(helsinki.offsetAt(Date.parse('2025-10-26T01:00:00Z')) / HOUR_MS).toBe(2)
    expect(helsinki.offsetAt(Date.parse('2024-03-31T01:00:00Z')) / HOUR_MS).toBe(3)
    expect(helsinki.offsetAt(Date.parse('2024-03-30T12:00:00Z')) / HOUR_MS).toBe(2)
  })
  it('buckets months by Helsinki wall time', () => {
    expect(helsinkiMonth('2025-01-31T22:30:00Z')).toBe('2025-02')
    expect(helsinkiMonth('2025-01-31T21:59:00Z')).toBe('2025-01')
    expect(helsinkiMonth('2025-07-31T21:00:00Z')).toBe('2025-08')
    expect(helsinkiMonth('2025-02-01T00:10:00+02:00')).toBe('2025-02')
  })
  test.prop([
    fc.array(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }), { minLength: 1 }),
  ])('the month of an instant is its Helsinki wall-clock month, whatever was asked before', (instants) => {
    // Instants near each other and far apart, in any order: the remembered month must never leak.
    const asked = instants.flatMap((ms) => [ms, ms + HOUR_MS, ms - 1, ms + 31 * DAY_MS])
    for (const ms of asked) {
      const wall = new Date(ms + helsinki.offsetAt(ms)).toISOString().slice(0, 7)
      expect(helsinkiMonth(new Date(ms).toISOString())).toBe(wall)
    }
  })
  it('a month begins at Helsinki midnight, also across the summer-time changes', () => {
    for (const [before, first] of [
      ['2025-03-31T20:59:59.999Z', '2025-04-01T00:00:00+03:00'],
      ['2025-10-31T21:59:59.999Z', '2025-11-01T00:00:00+02:00'],
      ['2026-02-28T21:59:59.999Z', '2026-03-01T00:00:00+02:00'],
      ['2025-12-31T21:59:59.999Z', '2026-01-01T00:00:00+02:00'],
    ] as const) {
      expect(helsinkiMonth(first)).toBe(first.slice(0, 7))
      expect(helsinkiMonth(before)).not.toBe(first.slice(0, 7))
      expect(helsinkiMonth(first)).toBe(first.slice(0, 7))
    }
  })
  it('writes instants as Helsinki wall time with the offset', () => {
    expect(helsinkiIso(Date.parse('2025-02-24T16:00:00Z'))).toBe('2025-02-24T18:00:00.000+02:00')
    expect(helsinkiIso(Date.parse('2025-06-01T09:30:00Z'))).toBe('2025-06-01T12:30:00.000+03:00')
  })
})

describe('streams', () => {
  it('names streams by entity and reads the entity back', () => {
    expect(serviceStreamId('school-a')).toBe('service-school-a')
    expect(caseStreamId('c-1')).toBe('case-c-1')
    expect(parseStreamId('service-school-a')).toEqual({ kind: 'service', id: 'school-a' })
    expect(parseStreamId('case-c-1')).toEqual({ kind: 'case', id: 'c-1' })
    expect(parseStreamId('$projections-x')).toBeUndefined()
  })
  it('events about the record itself go to its own streams: migrations, erasures, and the rest', () => {
    expect(['RecordMigrated', 'SubjectErased', 'RecordNoted'].map(recordStreamOf)).toEqual([
      'record-migrations',
      'record-erasures',
      'record-events',
    ])
  })
  test.prop([randomCityHistory({ services: 3, cases: 4, length: 12 })], { numRuns: 30 })(
    'an event belongs in its entity’s stream: its service’s, or its case’s (a case event naming a service too)',
    (entries) => {
      for (const { streamId, event } of entries) expect(entityStreamId(event)).toBe(streamId)
    },
  )
  it('tells event types apart', () => {
    expect([
      isDomainEventType('ServicePlanned'),
      isServiceEventType('ServicePlanned'),
      isCaseEventType('ServicePlanned'),
    ]).toEqual([true, true, false])
    expect([
      isDomainEventType('CaseClosed'),
      isServiceEventType('CaseClosed'),
      isCaseEventType('CaseClosed'),
    ]).toEqual([true, false, true])
    expect(isDomainEventType('toString')).toBe(false)
  })
  it('fold runs evolve over events from the initial state', () => {
    const state = fold(serviceDecider)([
      {
        type: 'ServicePlanned',
        data: {
          serviceId: 's',
          at: '2025-01-01T00:00:00Z',
          name: { fi: 'S' },
          needs: 'n',
          serviceArea: 'a',
          obligation: 'other',
          availability: 'local',
          productionMode: 'own',
          critical: false,
          targetGroups: [],
          channels: ['phone'],
        },
      },
      { type: 'ServiceLaunched', data: { serviceId: 's', at: '2025-01-02T00:00:00Z', channels: ['phone'] } },
    ])
    expect(state).toMatchObject({
      lifecycle: 'in-production',
      openChannels: ['phone'],
      lastAt: Date.parse('2025-01-02T00:00:00Z'),
    })
    expect(fold(serviceDecider)([])).toBe(serviceDecider.initialState)
  })
})

describe('decode messages', () => {
  const problems = (u: unknown) => {
    const r = decodeEvent(u)
    return E.isLeft(r) ? r.left : undefined
  }
  it('a value that is not an object is named at the root', () => {
    expect(problems(5)).toEqual({
      code: 'decode-error',
      target: 'DomainEvent',
      message: 'invalid DomainEvent: (root): expected an object, got 5',
      problems: ['(root): expected an object, got 5'],
    })
    expect(problems(null)?.problems).toEqual(['(root): expected an object, got null'])
    expect(problems(undefined)?.problems).toEqual(['(root): expected an object, got nothing'])
  })
  it('a type tag that is not a known event, or not a string, lists the known ones', () => {
    expect(problems({ type: 7 })?.problems[0]).toMatch(
      /^type: expected one of ServicePlanned, ServicePlanRevised, .*, got 7$/,
    )
    expect(problems({ type: 'toString', data: {} })?.problems[0]).toMatch(/got "toString"$/)
  })
  it('a long bad value is shortened to 60 characters', () => {
    const p = problems({
      type: 'ServiceRestored',
      data: { serviceId: 'x'.repeat(200), at: '2025-01-01T00:00:00Z' },
    })
    expect(p?.problems).toEqual([`data.serviceId: expected EntityId, got "${'x'.repeat(56)}...`])
  })
  it('several problems are joined in the message, each once', () => {
    const p = problems({ type: 'ServiceRestored', data: { serviceId: '', at: 'now' } })
    expect(p?.message).toBe(
      'invalid DomainEvent: data.serviceId: expected EntityId, got ""; data.at: expected IsoDateTime (ISO-8601 with offset), got "now"',
    )
  })
  it('a type tag that is a list holding an event’s name is not that event', () =>
    expect(problems({ type: ['ServiceRestored'], data: {} })?.problems[0]).toMatch(
      /^type: expected one of .*, got \["ServiceRestored"\]$/,
    ))
  it('a bad value of exactly 60 characters is shown whole', () => {
    const p = problems({ type: 'ServiceRestored', data: { serviceId: 'x', at: 'n'.repeat(58) } })
    expect(p?.problems).toEqual([
      `data.at: expected IsoDateTime (ISO-8601 with offset), got "${'n'.repeat(58)}"`,
    ])
  })
  it('a value JSON cannot write is named as JavaScript writes it', () =>
    expect(decodeCommand(Symbol('x'))).toEqual(
      E.left(expect.objectContaining({ problems: ['(root): expected an object, got Symbol(x)'] })),
    ))
  it('a problem at the root, or with no context at all, is still a line', () => {
    const failed = t.string.decode(5)
    expect(E.isLeft(failed) && formatValidationErrors(failed.left)).toEqual([
      '(root): expected string, got 5',
    ])
    expect(formatValidationErrors([{ value: 1, context: [] }])).toEqual(['(root): expected a value, got 1'])
  })
  it('a missing data object is named at its path', () => {
    expect(problems({ type: 'ServiceRestored' })?.problems).toEqual([
      'data: expected ServiceRestoredData, got nothing',
    ])
  })
})

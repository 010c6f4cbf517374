/** Every value typed on the command line is decoded first; a bad one is one line naming the option. */
import { test } from '@fast-check/vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  AsOfArgument,
  decodeArgument,
  decodePoint,
  decodeRecordSource,
  PositionArgument,
  StoreArgument,
} from '../src/internal.js'

describe('--as-of', () => {
  it('a date means the end of that day in Helsinki time (winter +02:00, summer +03:00)', () => {
    expect(AsOfArgument.decode('2025-02-24')).toEqual(E.right('2025-02-24T23:59:59.999+02:00'))
    expect(AsOfArgument.decode('2025-07-01')).toEqual(E.right('2025-07-01T23:59:59.999+03:00'))
  })

  it('an ISO-8601 time with offset is kept as given', () => {
    expect(AsOfArgument.decode('2025-02-24T18:00:00+02:00')).toEqual(E.right('2025-02-24T18:00:00+02:00'))
  })

  it.each(['2025-02-30', '2025-13-01', 'yesterday', '24.2.2025', '2025-02-24T18:00:00', ''])(
    'a date that does not exist or has no offset is refused: %s',
    (value) => {
      const decoded = decodeArgument('--as-of', AsOfArgument, value)
      expect(decoded).toEqual(
        E.left({
          code: 'usage',
          message: `--as-of: expected a date (YYYY-MM-DD) or an ISO-8601 time with offset, got ${JSON.stringify(value)}`,
        }),
      )
    },
  )

  test.prop([fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })])(
    'every calendar date is accepted and ends after its own noon',
    (d) => {
      const day = d.toISOString().slice(0, 10)
      const decoded = AsOfArgument.decode(day)
      expect(E.isRight(decoded)).toBe(true)
      if (E.isRight(decoded))
        expect(Date.parse(decoded.right)).toBeGreaterThan(Date.parse(`${day}T12:00:00Z`))
    },
  )
})

describe('--position and the point of reading', () => {
  it.each(['-1', '1.5', 'first', '9007199254740993'])(
    'a position is a non-negative safe integer: %s refused',
    (v) => {
      expect(E.isLeft(PositionArgument.decode(v))).toBe(true)
    },
  )

  it('one point, not two', () => {
    expect(decodePoint({ asOf: '2025-01-01', position: '3' })).toEqual(
      E.left({ code: 'usage', message: '--as-of and --position: give one point in the record, not both' }),
    )
    expect(decodePoint({ position: '3' })).toEqual(E.right({ position: 3 }))
    expect(decodePoint({})).toEqual(E.right(undefined))
  })
})

describe('--store', () => {
  it('an esdb:// or esdb+discover:// address is EventStoreDB, anything else a directory', () => {
    expect(StoreArgument.decode('esdb://localhost:2113?tls=false')).toEqual(
      E.right({ kind: 'esdb', connectionString: 'esdb://localhost:2113?tls=false' }),
    )
    expect(StoreArgument.decode('esdb+discover://a,b,c')).toEqual(
      E.right({ kind: 'esdb', connectionString: 'esdb+discover://a,b,c' }),
    )
    expect(StoreArgument.decode('./store')).toEqual(E.right({ kind: 'directory', dir: './store' }))
    expect(E.isLeft(StoreArgument.decode(''))).toBe(true)
  })

  it('a postgres:// or postgresql:// address is PostgreSQL', () => {
    for (const url of [
      'postgres://city@db.example/records',
      'postgresql://localhost:5432/records?sslmode=require',
    ])
      expect(StoreArgument.decode(url)).toEqual(E.right({ kind: 'postgres', connectionString: url }))
    expect(StoreArgument.decode('postgres/store')).toEqual(
      E.right({ kind: 'directory', dir: 'postgres/store' }),
    )
  })
})

describe('--store or --archive', () => {
  it('one record to read: a store or an archive file, never both, never neither', () => {
    expect(decodeRecordSource({ store: './store' })).toEqual(
      E.right({ kind: 'store', store: { kind: 'directory', dir: './store' } }),
    )
    expect(decodeRecordSource({ archive: 'record.ndjson' })).toEqual(
      E.right({ kind: 'archive', path: 'record.ndjson' }),
    )
    expect(decodeRecordSource({ store: './store', archive: 'record.ndjson' })).toEqual(
      E.left({ code: 'usage', message: '--store and --archive: give one record to read, not both' }),
    )
    expect(E.isLeft(decodeRecordSource({}))).toBe(true)
    expect(decodeRecordSource({ archive: ' ' })).toEqual(
      E.left({ code: 'usage', message: '--archive: expected a file path, got " "' }),
    )
  })
})

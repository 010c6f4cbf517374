/**
 * Command-line arguments as codecs: every value a user types is decoded before anything is read or
 * written, and a bad one is a single line naming the option, what it expects and what it got.
 */
import {
  type CityCalendar,
  cityCalendar,
  endOfDay,
  helsinki,
  IsoDate,
  IsoDateTime,
  parseDate,
} from '@servicelife/domain'
import type { AsOf } from '@servicelife/projections'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import type { Lang } from './labels.js'

/**
 * `--as-of`: a date (the end of that day in the city's time zone, so the whole day is in) or an
 * ISO-8601 time with its offset.
 */
export const asOfArgument = (calendar: CityCalendar) =>
  new t.Type<string, string, unknown>(
    'a date (YYYY-MM-DD) or an ISO-8601 time with offset',
    (u): u is string => typeof u === 'string',
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c)
      // Both codecs refuse days that do not exist (2025-02-30), which Date.parse rolls over.
      if (IsoDate.is(u)) return t.success(calendar.isoOf(endOfDay(calendar, parseDate(u))))
      return IsoDateTime.is(u) ? t.success(u) : t.failure(u, c)
    },
    t.identity,
  )

/** `--as-of` read in Helsinki time. */
export const AsOfArgument = asOfArgument(helsinki)

/** `--time-zone`: an IANA zone the platform knows, as the city's calendar (Finnish working days). */
export const TimeZoneArgument = new t.Type<CityCalendar, string, unknown>(
  'an IANA time zone (such as Europe/Helsinki)',
  (u): u is CityCalendar => typeof u === 'object' && u !== null && 'timeZone' in u,
  (u, c) => {
    if (typeof u !== 'string' || u.trim() === '') return t.failure(u, c)
    const calendar = cityCalendar(u)
    return E.isRight(calendar) ? t.success(calendar.right) : t.failure(u, c)
  },
  (calendar) => calendar.timeZone,
)

const integerIn = (name: string, min: number, max: number) =>
  new t.Type<number, string, unknown>(
    name,
    (u): u is number => typeof u === 'number',
    (u, c) => {
      if (typeof u !== 'string' || !/^\d+$/.test(u)) return t.failure(u, c)
      const n = Number(u)
      return Number.isSafeInteger(n) && n >= min && n <= max ? t.success(n) : t.failure(u, c)
    },
    String,
  )

export const PositionArgument = integerIn('a global position (an integer >= 0)', 0, Number.MAX_SAFE_INTEGER)
export const SeedArgument = integerIn('a seed (an integer 0-4294967295)', 0, 4_294_967_295)
export const ServicesArgument = integerIn('a number of services (1-1000)', 1, 1_000)
export const ContactsArgument = integerIn('a number of contacts (0-10000000)', 0, 10_000_000)
export const DaysArgument = integerIn('a number of days (1-3650)', 1, 3_650)
export const YearArgument = integerIn('a year (1990-2100)', 1990, 2_100)
export const ThreadsArgument = integerIn('a number of threads (1-64)', 1, 64)
/** `--expect`: a record digest as `verify` and `anchor` print it (SHA-256, 64 hex digits). */
export const DigestArgument = new t.Type<string, string, unknown>(
  'a digest (64 hexadecimal digits)',
  (u): u is string => typeof u === 'string' && /^[0-9a-f]{64}$/.test(u),
  (u, c) =>
    typeof u === 'string' && /^[0-9a-fA-F]{64}$/.test(u) ? t.success(u.toLowerCase()) : t.failure(u, c),
  t.identity,
)
export const LangArgument = t.keyof({ fi: null, sv: null, en: null }, 'one of fi, sv, en')
export const EntityKindArgument = t.keyof({ service: null, case: null }, 'service or case')

/** A store: an EventStoreDB or PostgreSQL connection string, or a directory holding a file store. */
export type StoreLocator =
  | { readonly kind: 'esdb'; readonly connectionString: string }
  | { readonly kind: 'postgres'; readonly connectionString: string }
  | { readonly kind: 'directory'; readonly dir: string }

/** A store as messages name it: a connection string without its password, on one line. */
export const shownStore = (store: string): string =>
  store.replace(/^([a-z+]+:\/\/[^:/@]*:)[^@]*@/, '$1***@').replace(/\p{Cc}/gu, '?')

export const StoreArgument = new t.Type<StoreLocator, string, unknown>(
  'a store directory, or an esdb:// or postgres:// connection string',
  (u): u is StoreLocator => typeof u === 'object' && u !== null && 'kind' in u,
  (u, c) =>
    typeof u !== 'string' || u.trim() === ''
      ? t.failure(u, c)
      : /^esdb(\+discover)?:\/\//.test(u)
        ? t.success({ kind: 'esdb', connectionString: u })
        : /^postgres(ql)?:\/\//.test(u)
          ? t.success({ kind: 'postgres', connectionString: u })
          : t.success({ kind: 'directory', dir: u }),
  (s) => (s.kind === 'directory' ? s.dir : s.connectionString),
)

export interface UsageError {
  readonly code: 'usage'
  readonly message: string
}

/** Decodes one option's value; the error names the option. */
export const decodeArgument = <A>(
  option: string,
  codec: t.Decoder<unknown, A>,
  value: unknown,
): E.Either<UsageError, A> => {
  const decoded = codec.decode(value)
  if (E.isRight(decoded)) return decoded
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value)
  // A value pasted by mistake (a file's contents, a megabyte) is named, not echoed whole.
  const got = shown.length > 80 ? `${shown.slice(0, 77)}... (${shown.length} characters)` : shown
  return E.left({
    code: 'usage',
    message: `${option}: expected ${codec.name}, got ${got}`,
  })
}

/** `--as-of` (a date read in the city's calendar, default Helsinki) or `--position`, not both. */
export const decodePoint = (
  options: {
    readonly asOf?: string
    readonly position?: string
  },
  calendar: CityCalendar = helsinki,
): E.Either<UsageError, AsOf | undefined> => {
  if (options.asOf !== undefined && options.position !== undefined)
    return E.left({
      code: 'usage',
      message: '--as-of and --position: give one point in the record, not both',
    })
  if (options.asOf !== undefined)
    return E.map((at: string) => ({ at }))(decodeArgument('--as-of', asOfArgument(calendar), options.asOf))
  if (options.position !== undefined)
    return E.map((position: number) => ({ position }))(
      decodeArgument('--position', PositionArgument, options.position),
    )
  return E.right(undefined)
}

/**
 * `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention): the generation
 * time written into a report, so that the same record gives the same bytes. As an ISO-8601 time.
 */
export const SourceDateEpoch = new t.Type<string, string, unknown>(
  'whole seconds since 1970-01-01T00:00:00Z',
  (u): u is string => typeof u === 'string',
  (u, c) => {
    if (typeof u !== 'string' || !/^\d{1,12}$/.test(u)) return t.failure(u, c)
    const ms = Number(u) * 1000
    return ms <= 8.64e15 ? t.success(new Date(ms).toISOString()) : t.failure(u, c)
  },
  (iso) => String(Date.parse(iso) / 1000),
)

/** `--at`: an ISO-8601 time with its offset, for what a command records. */
export const TimeArgument = new t.Type<string, string, unknown>(
  'an ISO-8601 time with offset',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && IsoDateTime.is(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
)

/** `--organization`: an organization's id in PTV, a UUID. */
export const PtvOrganizationArgument = new t.Type<string, string, unknown>(
  'a PTV organization id (a UUID)',
  (u): u is string => typeof u === 'string',
  (u, c) =>
    typeof u === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(u)
      ? t.success(u.toLowerCase())
      : t.failure(u, c),
  t.identity,
)

/** `--municipality`: a Finnish municipality's three-digit code (Naantali 529, Vaasa 905). */
export const MunicipalityCodeArgument = new t.Type<string, string, unknown>(
  'a three-digit municipality code (such as 529)',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && /^\d{3}$/.test(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
)

/** A path the system could open: not blank, no NUL, at most PATH_MAX (4096) characters. */
const isPath = (u: unknown): u is string =>
  typeof u === 'string' && u.trim() !== '' && u.length <= 4096 && !u.includes('\u0000')

export const FileArgument = new t.Type<string, string, unknown>(
  'a file path',
  isPath,
  (u, c) => (isPath(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
)

/** What a replay reads: a store, or an NDJSON archive file read without a store. */
export type RecordSource =
  | { readonly kind: 'store'; readonly store: StoreLocator }
  | { readonly kind: 'archive'; readonly path: string }

/** `--store` or `--archive`, exactly one. */
export const decodeRecordSource = (options: {
  readonly store?: unknown
  readonly archive?: unknown
}): E.Either<UsageError, RecordSource> => {
  if (options.store !== undefined && options.archive !== undefined)
    return E.left({ code: 'usage', message: '--store and --archive: give one record to read, not both' })
  if (options.archive !== undefined)
    return E.map((path: string) => ({ kind: 'archive' as const, path }))(
      decodeArgument('--archive', FileArgument, options.archive),
    )
  if (options.store !== undefined)
    return E.map((store: StoreLocator) => ({ kind: 'store' as const, store }))(
      decodeArgument('--store', StoreArgument, options.store),
    )
  return E.left({
    code: 'usage',
    message: "required option '--store <store>' or '--archive <file>' not specified",
  })
}

export type { Lang }

/**
 * The CLI's commands: decode the options, open the store, stream the record through the pure core
 * (replay, explain, check), print. Nothing is written unless every input decoded and the store opened.
 */
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import {
  caseStreamId,
  type CityCalendar,
  endOfDay,
  EntityId,
  instant,
  serviceStreamId,
} from '@servicelife/domain'
import type { AsOf } from '@servicelife/projections'
import { checkHistory, checkRecord, tallyFindings } from '@servicelife/strategy'
import {
  exportArchiveToFile,
  importArchive as importIntoStore,
  importArchiveToDirectory,
  migrateRecord,
  LOG_FILE,
  type RecordedEvent,
  repairFileStore,
  verifyHistory,
} from '@servicelife/store'
import { intoNewDirectory } from '@servicelife/store/adapter'
import { sequenceS } from 'fp-ts/lib/Apply.js'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import {
  ContactsArgument,
  DaysArgument,
  DigestArgument,
  FileArgument,
  PositionArgument,
  decodeArgument,
  decodePoint,
  decodeRecordSource,
  EntityKindArgument,
  LangArgument,
  SeedArgument,
  ServicesArgument,
  shownStore,
  SourceDateEpoch,
  StoreArgument,
  type StoreLocator,
  ThreadsArgument,
  TimeZoneArgument,
  type UsageError,
  YearArgument,
} from '../core/arguments.js'
import {
  cityReport,
  keepFor,
  REPLAY_BATCH,
  type Replay,
  replayEvents,
  startReplay,
} from '../core/city-report.js'
import { cityYear } from '../core/city-year.js'
import { explain } from '../core/explain.js'
import { heading, type Lang } from '../core/labels.js'
import { findingGroups, renderExplanation, renderReport, renderTally } from '../core/render.js'
import { type OpenedStore, type OpenMode, openStore } from './open-store.js'
import { progress, watched } from './progress.js'
import { writeFileAtomically } from './write-file.js'
import { recordCityYear } from './record-city.js'
import { replayArchive, replayRecord } from './replay-record.js'
import { optionalKeys, withKeys } from './personal-data-commands.js'

export interface Io {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  /** The environment the commands read (`SOURCE_DATE_EPOCH`); default: the process's. */
  readonly env?: Readonly<Record<string, string | undefined>>
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

type Options = Readonly<Record<string, unknown>>
interface Common {
  readonly json: boolean
  readonly lang: Lang
}

export const applicative = sequenceS(E.Apply)

/** `--time-zone`, then the point read in it: a date is the end of that day in the city's zone. */
export const zoneAndPoint = (o: Options) =>
  E.chain((calendar: CityCalendar) =>
    E.map((point: AsOf | undefined) => ({ calendar, point }))(
      decodePoint(o as { asOf?: string; position?: string }, calendar),
    ),
  )(decodeArgument('--time-zone', TimeZoneArgument, o.timeZone ?? 'Europe/Helsinki'))

export const common = (o: Options): E.Either<UsageError, Common> =>
  applicative({
    json: E.right(o.json === true),
    lang: decodeArgument('--lang', LangArgument, o.lang ?? 'en'),
  })

export const fail = (io: Io, message: string, code: number = EXIT.failed): number => {
  io.err(`servicelife: ${message}\n`)
  return code
}

export const printJson = (io: Io, value: unknown) => io.out(`${JSON.stringify(value, null, 2)}\n`)

/**
 * Opens the store, runs `work`, always closes. A store that cannot be opened, and any failure of
 * the store while the work runs (a server that is unreachable, a disk error), is one error line.
 */
export const withStore = async (
  io: Io,
  storeOption: unknown,
  mode: OpenMode,
  work: (opened: OpenedStore) => Promise<number>,
  options: { readonly replaceExisting?: boolean } = {},
): Promise<number> => {
  const locator = decodeArgument('--store', StoreArgument, storeOption)
  if (E.isLeft(locator)) return fail(io, locator.left.message, EXIT.usage)
  return withOpenedStore(io, locator.right, mode, work, options)
}

const describeLocator = (locator: StoreLocator) =>
  locator.kind === 'directory' ? locator.dir : shownStore(locator.connectionString)

/** `withStore` for a locator already decoded. */
const withOpenedStore = async (
  io: Io,
  locator: StoreLocator,
  mode: OpenMode,
  work: (opened: OpenedStore) => Promise<number>,
  options: { readonly replaceExisting?: boolean } = {},
): Promise<number> => {
  const opened = await openStore(locator, mode, options)
  if (E.isLeft(opened)) return fail(io, opened.left.message, opened.left.exit)
  const { recovery } = opened.right
  if (recovery !== undefined && recovery.truncatedBytes > 0)
    io.err(
      `servicelife: ${describeLocator(locator)}: cut ${recovery.truncatedBytes} bytes after the last whole append (${recovery.tailLines} whole line(s) of an append that never ended): a torn write, never acknowledged\n`,
    )
  try {
    return await work(opened.right)
  } catch (error) {
    return fail(io, `${describeLocator(locator)}: ${(error as Error).message}`, EXIT.failed)
  } finally {
    await opened.right.store.close().catch(() => undefined)
  }
}

/** A read-only opening that found a tail after the last whole append: one line, for the commands that read past it. */
const noteTail = (io: Io, opened: OpenedStore) => {
  const r = opened.recovery
  if (r !== undefined && r.tailBytes > 0)
    io.err(
      `servicelife: ${r.tailBytes} bytes after position ${r.events - 1} left unread (${r.tailLines} whole line(s) of an unfinished append): a writer at work, or a torn write\n`,
    )
}

/** Every event of the store, with a progress bar for a watching person. */
async function* recordOf(opened: OpenedStore, label: string, json: boolean): AsyncIterable<RecordedEvent> {
  const bar = progress(label, opened.events, watched(json))
  let n = 0
  try {
    for await (const event of opened.store.readAll()) {
      yield event
      bar.update(++n)
    }
  } finally {
    bar.stop()
  }
}

/** Every projection of the store's record; a record that cannot be read throws, caught as one line by withStore. */
export const replayStore = async (
  opened: OpenedStore,
  json: boolean,
  asOf: AsOf | undefined,
  calendar: CityCalendar,
): Promise<Replay> => {
  const replayed = await replayRecord(recordOf(opened, 'replay', json), {
    ...(asOf === undefined ? {} : { asOf }),
    calendar,
  })
  if (E.isLeft(replayed)) throw new Error(replayed.left.message)
  return replayed.right
}

const demo = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    seed: decodeArgument('--seed', SeedArgument, o.seed),
    services: decodeArgument('--services', ServicesArgument, o.services),
    contacts: decodeArgument('--contacts', ContactsArgument, o.contacts),
    year: decodeArgument('--year', YearArgument, o.year),
    dir:
      o.store === undefined
        ? decodeArgument('--dir', t.string, o.dir)
        : decodeArgument('--store', t.string, o.store),
    calendar: decodeArgument('--time-zone', TimeZoneArgument, o.timeZone ?? 'Europe/Helsinki'),
    keys: optionalKeys(o),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, seed, services, contacts, year, dir, calendar, keys } = decoded.right
  // Replaced under the writer lock: no other process can open the directory in between.
  const replaceExisting = o.replace === true && existsSync(join(dir, LOG_FILE))
  return withStore(
    io,
    dir,
    'write',
    async (opened) => {
      if ((opened.events ?? 0) > 0)
        return fail(
          io,
          /^[a-z+]+:\/\//.test(dir)
            ? `${shownStore(dir)} already holds a store of ${opened.events} events; demo records only into an empty one`
            : `${dir} already holds a store of ${opened.events} events; pass --replace or another --dir`,
          EXIT.usage,
        )
      // With --keys, recorded with personal data sealed under keys kept there.
      return withKeys(io, keys, 'create', opened, (opened) => recordDemo(opened))
    },
    { replaceExisting },
  )

  async function recordDemo(opened: OpenedStore): Promise<number> {
    const city = cityYear({ seed, services, contacts, year })
    const bar = progress('record', city.commands.length, watched(c.json))
    const recorded = await recordCityYear(opened.store, city, { onProgress: bar.update })
    bar.stop()
    const asOf = { at: calendar.isoOf(endOfDay(calendar, { year, month: 12, day: 31 })) }
    const report = cityReport(await replayStore(opened, c.json, asOf, calendar))
    const retired =
      report.catalog.find((e) => e.lifecycle === 'retired' && e.replacedBy !== undefined) ??
      report.catalog.find((e) => e.lifecycle === 'retired')
    const story =
      retired === undefined
        ? undefined
        : explain(
            { kind: 'service', id: retired.serviceId },
            await opened.store.readStream(serviceStreamId(retired.serviceId)),
          )
    const rejected = Object.fromEntries(recorded.rejected)
    if (c.json) {
      printJson(io, {
        dir: shownStore(dir),
        seed,
        services,
        contacts,
        year,
        recorded: { ...recorded, rejected },
        report,
        retired: story ?? null,
      })
      return EXIT.ok
    }
    const rejections = [...recorded.rejected].map(([code, n]) => `${code} ${n}`).join(', ')
    io.out(
      `servicelife demo: a year of a city of ${services} services and ${contacts} contacts (seed ${seed}), recorded in ${shownStore(dir)}\n` +
        `${heading(c.lang, 'commands')}: ${recorded.accepted} ${heading(c.lang, 'accepted')}, ` +
        `${[...recorded.rejected.values()].reduce((a, b) => a + b, 0)} ${heading(c.lang, 'rejected')}` +
        (rejections === '' ? '' : ` (${rejections})`) +
        `; ${recorded.events} ${heading(c.lang, 'events')}\n\n`,
    )
    io.out(renderReport(report, c.lang))
    if (story !== undefined)
      io.out(`\n${heading(c.lang, 'retiredExplained')}\n${renderExplanation(story, c.lang)}`)
    return EXIT.ok
  }
}

const replay = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    read: zoneAndPoint(o),
    source: decodeRecordSource(o),
    threads: decodeArgument('--threads', ThreadsArgument, o.threads ?? '1'),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, source, threads } = decoded.right
  const { calendar, point } = decoded.right.read
  const print = (replayed: Replay) => {
    const report = cityReport(replayed)
    if (c.json) printJson(io, report)
    else io.out(renderReport(report, c.lang))
    return EXIT.ok
  }
  if (source.kind === 'store' && o.threads !== undefined)
    return fail(io, '--threads: an archive (--archive) is replayed on threads; a store on one', EXIT.usage)
  if (source.kind === 'store')
    return withOpenedStore(io, source.store, 'read', async (opened) => {
      noteTail(io, opened)
      return print(await replayStore(opened, c.json, point, calendar))
    })
  const archiveProblem = archiveFileProblem(source.path)
  if (archiveProblem !== undefined) return fail(io, archiveProblem, EXIT.usage)
  const replayed = await replayArchive(archiveWithProgress(source.path, c.json), {
    ...(point === undefined ? {} : { asOf: point }),
    calendar,
    allowNoTrailer: o.allowNoTrailer === true,
    onWarning: (message: string) => io.err(`servicelife: warning: ${source.path}: ${message}\n`),
    threads,
  })
  return E.isLeft(replayed) ? fail(io, `${source.path}: ${replayed.left.message}`) : print(replayed.right)
}

/** The first of a path's parents that exists and is a file, if one is: no directory can be made under it. */
const fileAmongParents = (path: string): string | undefined => {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (existsSync(dir)) return statSync(dir).isDirectory() ? undefined : dir
    if (dirname(dir) === dir) return undefined
  }
}

/** Why an archive path given on the command line cannot be read, if it cannot. */
const archiveFileProblem = (path: string): string | undefined => {
  if (!existsSync(path)) return `--archive: no file ${path}`
  if (statSync(path).isDirectory()) return `--archive: ${path} is a directory, not an archive file`
  return undefined
}

/** An archive's bytes, with a progress bar over them for a watching person. */
const archiveWithProgress = (path: string, json: boolean) =>
  async function* (): AsyncIterable<Buffer> {
    const bar = progress('replay', watched(json) ? statSync(path).size : undefined, watched(json))
    let read = 0
    try {
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
        yield chunk
        bar.update((read += chunk.length))
      }
    } finally {
      bar.stop()
    }
  }

const explainEntity = async (
  io: Io,
  o: Options,
  kindArgument: string,
  idArgument: string,
): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    read: zoneAndPoint(o),
    kind: decodeArgument('<kind>', EntityKindArgument, kindArgument),
    id: decodeArgument('<id>', EntityId, idArgument),
    keys: optionalKeys(o),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, kind, id } = decoded.right
  const { point } = decoded.right.read
  const streamId = kind === 'service' ? serviceStreamId(id) : caseStreamId(id)
  return withStore(io, o.store, 'read', (unprotected) =>
    withKeys(io, decoded.right.keys, 'read', unprotected, (opened) => explainFrom(opened)),
  )

  async function explainFrom(opened: OpenedStore): Promise<number> {
    noteTail(io, opened)
    const keep = keepFor(point)
    const events: RecordedEvent[] = []
    let latestAt = Number.NEGATIVE_INFINITY
    for await (const event of recordOf(opened, 'read', c.json)) {
      if (!keep(event)) continue
      latestAt = Math.max(latestAt, instant((event.data as { at: string }).at))
      if (event.streamId === streamId) events.push(event)
    }
    if (events.length === 0)
      return fail(
        io,
        `no ${kind} ${id} in the record${point === undefined ? '' : ' at that point'}`,
        EXIT.usage,
      )
    const asOf = point !== undefined && 'at' in point ? point.at : new Date(latestAt).toISOString()
    const findings = checkHistory(events, { asOf: { at: asOf } }).filter(
      (v) => v.entity.kind === kind && v.entity.id === id,
    )
    const story = explain({ kind, id }, events, { findings })
    if (c.json) printJson(io, { asOf, ...story })
    else io.out(renderExplanation(story, c.lang))
    return EXIT.ok
  }
}

/** `--at-position` and `--expect`, as verify and anchor take them. */
const decodeVerifyPoint = (o: Options) =>
  applicative({
    atPosition:
      o.atPosition === undefined
        ? E.right(undefined)
        : decodeArgument('--at-position', PositionArgument, o.atPosition),
    expect:
      o.expect === undefined ? E.right(undefined) : decodeArgument('--expect', DigestArgument, o.expect),
  })

const verify = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({ common: common(o), point: decodeVerifyPoint(o) })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, point } = decoded.right
  return withStore(io, o.store, 'read', async (opened) => {
    const bar = progress('verify', opened.events, watched(c.json))
    const verified = await verifyHistory(opened.store, {
      onProgress: bar.update,
      ...(point.atPosition === undefined ? {} : { atPosition: point.atPosition }),
      ...(point.expect === undefined ? {} : { expectDigest: point.expect }),
    })
    bar.stop()
    if (E.isLeft(verified)) {
      const b = verified.left
      if (c.json) printJson(io, { ok: false, ...b })
      return fail(
        io,
        `${heading(c.lang, 'historyBroken')}: ${b.message}`,
        b.code === 'position-beyond-record' ? EXIT.usage : EXIT.failed,
      )
    }
    const v = verified.right
    const tail = opened.recovery?.tailBytes ?? 0
    const unfinished = (opened.recovery?.tailLines ?? 0) > 0 && point.atPosition === undefined
    if (c.json)
      printJson(io, {
        ok: !unfinished,
        ...v,
        unreadTail: { bytes: tail, lines: opened.recovery?.tailLines ?? 0 },
      })
    else
      io.out(
        `${heading(c.lang, 'historyIntact')}: ${v.events} ${heading(c.lang, 'events')}, ${v.streams} ${heading(c.lang, 'streams')}, position ${v.position}, ${heading(c.lang, 'digest')} ${v.digest}\n`,
      )
    if (unfinished)
      return fail(
        io,
        `the record ends in an unfinished append: ${opened.recovery!.tailLines} whole line(s), ${tail} bytes after position ${v.position}, left unread (a torn write a writer cuts when it opens, a writer at work, or a line marked as continuing); \`servicelife repair\` cuts it`,
      )
    if (tail > 0) noteTail(io, opened)
    return EXIT.ok
  })
}

/** A digest of the record at a position, to record outside the store: the minutes of a decision, a timestamping service. */
const anchor = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({ common: common(o), point: decodeVerifyPoint(o) })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, point } = decoded.right
  return withStore(io, o.store, 'read', async (opened) => {
    const verified = await verifyHistory(opened.store, {
      ...(point.atPosition === undefined ? {} : { atPosition: point.atPosition }),
    })
    if (E.isLeft(verified)) {
      const b = verified.left
      return fail(
        io,
        `${heading(c.lang, 'historyBroken')}: ${b.message}`,
        b.code === 'position-beyond-record' ? EXIT.usage : EXIT.failed,
      )
    }
    const v = verified.right
    const time = new Date().toISOString()
    const store = String(o.store)
    const check = `servicelife verify --store ${store} --at-position ${v.position} --expect ${v.digest}`
    if (c.json)
      printJson(io, {
        store,
        position: v.position,
        events: v.events,
        digest: v.digest,
        chains: v.chains,
        time,
        check,
      })
    else
      io.out(
        `servicelife anchor\nstore     ${store}\nposition  ${v.position} (${v.events} events)\ndigest    ${v.digest}\ntime      ${time}\ncheck     ${check}\n`,
      )
    return EXIT.ok
  })
}

const check = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    read: zoneAndPoint(o),
    answerWithinDays: decodeArgument('--answer-within-days', DaysArgument, o.answerWithinDays ?? '14'),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, answerWithinDays } = decoded.right
  const { point } = decoded.right.read
  return withStore(io, o.store, 'read', async (opened) => {
    noteTail(io, opened)
    const keep = keepFor(point)
    let events = 0
    async function* kept(): AsyncIterable<RecordedEvent> {
      for await (const event of recordOf(opened, 'read', c.json))
        if (keep(event)) {
          events++
          yield event
        }
    }
    const asOf = point !== undefined && 'at' in point ? point.at : undefined
    // One pass, each case's state bounded: the record is never held in memory, and the findings
    // are kept as the output needs them: every one for --json, a tally for the text.
    const checkOptions = { answerWithinDays, ...(asOf === undefined ? {} : { asOf: { at: asOf } }) }
    if (c.json) {
      const findings = await checkRecord(kept(), checkOptions, findingGroups())
      printJson(io, { asOf: asOf ?? null, events, findings })
      return findings.length === 0 ? EXIT.ok : EXIT.failed
    }
    const tally = await checkRecord(kept(), checkOptions, tallyFindings())
    io.out(renderTally(tally, c.lang))
    return tally.total === 0 ? EXIT.ok : EXIT.failed
  })
}

/** Why a file to write cannot be written where the command line says, if it cannot. */
export const outputFileProblem = (option: string, path: string, what: string): string | undefined => {
  if (existsSync(path) && statSync(path).isDirectory())
    return `${option}: ${path} is a directory; give the ${what} file's path`
  const blocking = fileAmongParents(path)
  return blocking === undefined ? undefined : `${option}: ${blocking} is a file, not a directory`
}

const exportArchive = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({ common: common(o), out: decodeArgument('--out', FileArgument, o.out) })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, out } = decoded.right
  const outProblem = outputFileProblem('--out', out, 'archive')
  if (outProblem !== undefined) return fail(io, outProblem, EXIT.usage)
  return withStore(io, o.store, 'read', async (opened) => {
    noteTail(io, opened)
    // Written beside the target, fsynced and renamed at the end: a failed export leaves no half archive.
    try {
      mkdirSync(dirname(out), { recursive: true })
    } catch (error) {
      return fail(io, `--out: ${(error as Error).message}`)
    }
    const bar = progress('export', opened.events, watched(c.json))
    const written = await exportArchiveToFile(opened.store, out, { onProgress: bar.update })
    bar.stop()
    if (E.isLeft(written)) return fail(io, `--out: ${written.left.message}; nothing was written to ${out}`)
    const { events, digest } = written.right
    if (c.json) printJson(io, { archive: out, events, digest })
    else io.out(`${events} ${heading(c.lang, 'events')} -> ${out} (${heading(c.lang, 'digest')} ${digest})\n`)
    return EXIT.ok
  })
}

/**
 * The audit report as one HTML file: the record verified up to the point read (its identity goes
 * into the report), replayed, drawn. A record that fails verification gets no report.
 */
const report = async (io: Io, o: Options): Promise<number> => {
  const env = io.env ?? process.env
  const decoded = applicative({
    common: common(o),
    read: zoneAndPoint(o),
    html: decodeArgument('--html', FileArgument, o.html),
    generatedAt:
      env.SOURCE_DATE_EPOCH === undefined
        ? E.right(undefined)
        : decodeArgument('SOURCE_DATE_EPOCH', SourceDateEpoch, env.SOURCE_DATE_EPOCH),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, html: out } = decoded.right
  const { calendar, point } = decoded.right.read
  const outProblem = outputFileProblem('--html', out, 'report')
  if (outProblem !== undefined) return fail(io, outProblem, EXIT.usage)
  return withStore(io, o.store, 'read', async (opened) => {
    noteTail(io, opened)
    // One pass: each event is folded into the replay as soon as it is verified, so the report is
    // of exactly the record verified, even while a writer appends.
    const step = replayEvents(keepFor(point))
    let replayed = startReplay({ ...(point === undefined ? {} : { asOf: point }), calendar })
    let batch: RecordedEvent[] = []
    const bar = progress('report', opened.events, watched(c.json))
    const verified = await verifyHistory(opened.store, {
      ...(point !== undefined && 'position' in point ? { atPosition: point.position } : {}),
      onRead: (events) => {
        batch.push(...events)
        if (batch.length >= REPLAY_BATCH) {
          replayed = step(replayed, batch)
          batch = []
        }
      },
      onProgress: bar.update,
    })
    bar.stop()
    if (E.isLeft(verified)) {
      const b = verified.left
      return fail(
        io,
        `${heading(c.lang, 'historyBroken')}: ${b.message}; no report was written`,
        b.code === 'position-beyond-record' ? EXIT.usage : EXIT.failed,
      )
    }
    if (batch.length > 0) replayed = step(replayed, batch)
    const identity = verified.right
    // Loaded here, not at start: the chart library is only the report's.
    const { htmlReport } = await import('../core/html-report.js')
    const page = htmlReport(cityReport(replayed), {
      identity,
      generatedAt: decoded.right.generatedAt ?? new Date().toISOString(),
      lang: c.lang,
      timeZone: calendar.timeZone,
    })
    const written = writeFileAtomically(out, page)
    if (written !== undefined) return fail(io, `--html: ${written}; no report was written`)
    const bytes = Buffer.byteLength(page)
    if (c.json) printJson(io, { html: out, bytes, position: identity.position, digest: identity.digest })
    else
      io.out(
        `${heading(c.lang, 'auditReport')} -> ${out} (${bytes} bytes; position ${identity.position}, ${heading(c.lang, 'digest')} ${identity.digest})\n`,
      )
    return EXIT.ok
  })
}

const importArchive = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    archive: decodeArgument('--archive', FileArgument, o.archive),
    store: decodeArgument('--store', StoreArgument, o.store),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, archive, store } = decoded.right
  const archiveProblem = archiveFileProblem(archive)
  if (archiveProblem !== undefined) return fail(io, archiveProblem, EXIT.usage)
  const bar = progress('import', watched(c.json) ? await countLines(archive) : undefined, watched(c.json))
  const options = {
    onProgress: bar.update,
    allowNoTrailer: o.allowNoTrailer === true,
    onWarning: (message: string) => io.err(`servicelife: warning: ${archive}: ${message}\n`),
  }
  const done = (events: number) => {
    if (c.json) printJson(io, { archive, events })
    else io.out(`${events} ${heading(c.lang, 'events')} <- ${archive}\n`)
    return EXIT.ok
  }
  if (store.kind === 'directory') {
    if (existsSync(store.dir) && !statSync(store.dir).isDirectory())
      return fail(io, `--store: ${store.dir} is a file, not a store directory`, EXIT.usage)
    try {
      const imported = await importArchiveToDirectory(store.dir, archive, options)
      bar.stop()
      if (E.isLeft(imported)) {
        const usage = imported.left.code === 'target-not-empty'
        return fail(
          io,
          `${usage ? '--store' : archive}: ${imported.left.message}${usage ? '' : '; nothing was written'}`,
          usage ? EXIT.usage : EXIT.failed,
        )
      }
      return done(imported.right.events)
    } catch (error) {
      bar.stop()
      return fail(io, `${store.dir}: ${(error as Error).message}; nothing was written`)
    }
  }
  return withOpenedStore(io, store, 'write', async (opened) => {
    const imported = await importIntoStore(opened.store, archive, options)
    bar.stop()
    return E.isLeft(imported)
      ? fail(io, `${archive}: ${imported.left.message}; nothing was written`)
      : done(imported.right.events)
  })
}

/**
 * Copies a record into a new store through the upcasters, every event at today's version with a
 * new hash chain, and links it to the old record's digest; the old store is only read.
 */
const migrate = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    from: decodeArgument('--from', StoreArgument, o.from),
    to: decodeArgument('--to', StoreArgument, o.to),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, from, to } = decoded.right
  if (to.kind !== 'directory')
    return fail(io, '--to: a record is migrated into a new file store directory', EXIT.usage)
  if (existsSync(to.dir) && !statSync(to.dir).isDirectory())
    return fail(io, `--to: ${to.dir} is a file, not a store directory`, EXIT.usage)
  return withOpenedStore(io, from, 'read', async (opened) => {
    const bar = progress('migrate', opened.events, watched(c.json))
    const at = new Date().toISOString()
    const migrated = await intoNewDirectory(to.dir, (store) =>
      migrateRecord(opened.store, store, { at, fromStore: describeLocator(from), onProgress: bar.update }),
    )
    bar.stop()
    if (E.isLeft(migrated)) {
      const usage = migrated.left.code === 'target-not-empty'
      return fail(
        io,
        `${usage ? '--to: ' : ''}${migrated.left.message}; nothing was written`,
        usage ? EXIT.usage : EXIT.failed,
      )
    }
    const r = migrated.right
    const check = `servicelife verify --store ${describeLocator(from)} --at-position ${r.from.position} --expect ${r.from.digest}`
    if (c.json) printJson(io, { ...r, to: to.dir, check })
    else
      io.out(
        `${r.from.events} ${heading(c.lang, 'events')} of ${describeLocator(from)} -> ${r.events} ${heading(c.lang, 'events')} in ${to.dir}, at today's versions\nthe old record's digest at position ${r.from.position}: ${r.from.digest}\ncheck it: ${check}\n`,
      )
    return EXIT.ok
  })
}

/** Cuts a damaged end of a file store's log, after a backup; never a damaged middle. */
const repair = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({ common: common(o), store: decodeArgument('--store', StoreArgument, o.store) })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, store } = decoded.right
  if (store.kind !== 'directory')
    return fail(io, '--store: repair works on a file store directory', EXIT.usage)
  if (existsSync(store.dir) && !statSync(store.dir).isDirectory())
    return fail(io, `--store: ${store.dir} is a file, not a store directory`, EXIT.usage)
  const repaired = await repairFileStore(store.dir)
  if (E.isLeft(repaired))
    return fail(io, repaired.left.message, repaired.left.code === 'store-missing' ? EXIT.usage : EXIT.failed)
  const r = repaired.right
  if (c.json) printJson(io, r)
  else if (r.intact)
    io.out(
      `${store.dir}: the log ends in a whole append after position ${r.lastPosition}; nothing to repair\n`,
    )
  else
    io.out(
      `${store.dir}: cut ${r.cutLines} line(s), ${r.cutBytes} bytes, from line ${r.fromLine} on; ${r.events} events kept (the last at position ${r.lastPosition}); the whole log was copied to ${r.backup} first\n`,
    )
  return EXIT.ok
}

const countLines = async (path: string): Promise<number> => {
  let lines = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>)
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++
  return lines
}

export const commands = {
  demo,
  replay,
  explain: explainEntity,
  verify,
  anchor,
  check,
  exportArchive,
  importArchive,
  migrate,
  repair,
  report,
}

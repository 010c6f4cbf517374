/**
 * The CLI's commands: decode the options, open the store, stream the record through the pure core
 * (replay, explain, check), print. Nothing is written unless every input decoded and the store opened.
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { finished } from 'node:stream/promises'
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
import { checkHistory } from '@servicelife/spec'
import {
  exportArchive as writeStoreArchive,
  importArchive as importIntoStore,
  LOG_FILE,
  type RecordedEvent,
  verifyHistory,
} from '@servicelife/store'
import { sequenceS } from 'fp-ts/lib/Apply.js'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import {
  ContactsArgument,
  DaysArgument,
  decodeArgument,
  decodePoint,
  decodeRecordSource,
  EntityKindArgument,
  LangArgument,
  SeedArgument,
  ServicesArgument,
  StoreArgument,
  type StoreLocator,
  TimeZoneArgument,
  type UsageError,
  YearArgument,
} from '../core/arguments.js'
import { cityReport, keepFor, type Replay } from '../core/city-report.js'
import { cityYear } from '../core/city-year.js'
import { explain } from '../core/explain.js'
import { heading, type Lang } from '../core/labels.js'
import { groupFindings, renderExplanation, renderFindings, renderReport } from '../core/render.js'
import { type OpenedStore, type OpenMode, openStore } from './open-store.js'
import { progress, watched } from './progress.js'
import { recordCityYear } from './record-city.js'
import { replayArchive, replayRecord } from './replay-record.js'

export interface Io {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

type Options = Readonly<Record<string, unknown>>
interface Common {
  readonly json: boolean
  readonly lang: Lang
}

const applicative = sequenceS(E.Apply)

/** `--time-zone`, then the point read in it: a date is the end of that day in the city's zone. */
const zoneAndPoint = (o: Options) =>
  E.chain((calendar: CityCalendar) =>
    E.map((point: AsOf | undefined) => ({ calendar, point }))(
      decodePoint(o as { asOf?: string; position?: string }, calendar),
    ),
  )(decodeArgument('--time-zone', TimeZoneArgument, o.timeZone ?? 'Europe/Helsinki'))

const common = (o: Options): E.Either<UsageError, Common> =>
  applicative({
    json: E.right(o.json === true),
    lang: decodeArgument('--lang', LangArgument, o.lang ?? 'en'),
  })

const fail = (io: Io, message: string, code: number = EXIT.failed): number => {
  io.err(`servicelife: ${message}\n`)
  return code
}

const printJson = (io: Io, value: unknown) => io.out(`${JSON.stringify(value, null, 2)}\n`)

/** Opens the store, runs `work`, always closes; a store that cannot be opened is one error line. */
const withStore = async (
  io: Io,
  storeOption: unknown,
  mode: OpenMode,
  work: (opened: OpenedStore) => Promise<number>,
): Promise<number> => {
  const locator = decodeArgument('--store', StoreArgument, storeOption)
  if (E.isLeft(locator)) return fail(io, locator.left.message, EXIT.usage)
  return withOpenedStore(io, locator.right, mode, work)
}

/** `withStore` for a locator already decoded. */
const withOpenedStore = async (
  io: Io,
  locator: StoreLocator,
  mode: OpenMode,
  work: (opened: OpenedStore) => Promise<number>,
): Promise<number> => {
  const opened = await openStore(locator, mode)
  if (E.isLeft(opened)) return fail(io, opened.left.message, EXIT.usage)
  try {
    return await work(opened.right)
  } finally {
    await opened.right.store.close()
  }
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

const replayStore = (opened: OpenedStore, json: boolean, asOf: AsOf | undefined, calendar: CityCalendar) =>
  replayRecord(recordOf(opened, 'replay', json), asOf, calendar)

const demo = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    seed: decodeArgument('--seed', SeedArgument, o.seed),
    services: decodeArgument('--services', ServicesArgument, o.services),
    contacts: decodeArgument('--contacts', ContactsArgument, o.contacts),
    year: decodeArgument('--year', YearArgument, o.year),
    dir: decodeArgument('--dir', t.string, o.dir),
    calendar: decodeArgument('--time-zone', TimeZoneArgument, o.timeZone ?? 'Europe/Helsinki'),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, seed, services, contacts, year, dir, calendar } = decoded.right
  if (o.replace === true && existsSync(join(dir, LOG_FILE))) {
    // Opened first, so that a store another process is writing is refused, not deleted.
    const held = await openStore({ kind: 'directory', dir }, 'existing')
    if (E.isLeft(held)) return fail(io, held.left.message, EXIT.usage)
    await held.right.store.close()
    rmSync(join(dir, LOG_FILE))
  }
  return withStore(io, dir, 'new', async (opened) => {
    if ((opened.events ?? 0) > 0)
      return fail(
        io,
        `${dir} already holds a store of ${opened.events} events; pass --replace or another --dir`,
        EXIT.usage,
      )
    const city = cityYear({ seed, services, contacts, year })
    const bar = progress('record', city.commands.length, watched(c.json))
    const recorded = await recordCityYear(opened.store, city, bar.update)
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
            'service',
            retired.serviceId,
            await opened.store.readStream(serviceStreamId(retired.serviceId)),
          )
    const rejected = Object.fromEntries(recorded.rejected)
    if (c.json) {
      printJson(io, {
        dir,
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
      `servicelife demo: a year of a city of ${services} services and ${contacts} contacts (seed ${seed}), recorded in ${dir}\n` +
        `${heading(c.lang, 'commands')}: ${recorded.accepted} ${heading(c.lang, 'accepted')}, ` +
        `${[...recorded.rejected.values()].reduce((a, b) => a + b, 0)} ${heading(c.lang, 'rejected')}` +
        (rejections === '' ? '' : ` (${rejections})`) +
        `; ${recorded.events} ${heading(c.lang, 'events')}\n\n`,
    )
    io.out(renderReport(report, c.lang))
    if (story !== undefined)
      io.out(`\n${heading(c.lang, 'retiredExplained')}\n${renderExplanation(story, c.lang)}`)
    return EXIT.ok
  })
}

const replay = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    read: zoneAndPoint(o),
    source: decodeRecordSource(o),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, source } = decoded.right
  const { calendar, point } = decoded.right.read
  const print = (replayed: Replay) => {
    const report = cityReport(replayed)
    if (c.json) printJson(io, report)
    else io.out(renderReport(report, c.lang))
    return EXIT.ok
  }
  if (source.kind === 'store')
    return withOpenedStore(io, source.store, 'existing', async (opened) =>
      print(await replayStore(opened, c.json, point, calendar)),
    )
  if (!existsSync(source.path)) return fail(io, `--archive: no file ${source.path}`, EXIT.usage)
  const replayed = await replayArchive(archiveWithProgress(source.path, c.json), point, calendar)
  return E.isLeft(replayed) ? fail(io, `${source.path}: ${replayed.left.message}`) : print(replayed.right)
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
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, kind, id } = decoded.right
  const { point } = decoded.right.read
  const streamId = kind === 'service' ? serviceStreamId(id) : caseStreamId(id)
  return withStore(io, o.store, 'existing', async (opened) => {
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
    const findings = checkHistory(events, { asOf }).filter(
      (v) => v.entity.kind === kind && v.entity.id === id,
    )
    const story = explain(kind, id, events, findings)
    if (c.json) printJson(io, { asOf, ...story })
    else io.out(renderExplanation(story, c.lang))
    return EXIT.ok
  })
}

const verify = async (io: Io, o: Options): Promise<number> => {
  const decoded = common(o)
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const c = decoded.right
  return withStore(io, o.store, 'existing', async (opened) => {
    const bar = progress('verify', opened.events, watched(c.json))
    const verified = await verifyHistory(opened.store, { onProgress: bar.update })
    bar.stop()
    if (E.isLeft(verified)) {
      const b = verified.left
      if (c.json) printJson(io, { ok: false, ...b })
      return fail(io, `${heading(c.lang, 'historyBroken')}: ${b.message}`)
    }
    const v = verified.right
    if (c.json) printJson(io, { ok: true, ...v })
    else
      io.out(
        `${heading(c.lang, 'historyIntact')}: ${v.events} ${heading(c.lang, 'events')}, ${v.streams} ${heading(c.lang, 'streams')}, ${heading(c.lang, 'digest')} ${v.digest}\n`,
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
  return withStore(io, o.store, 'existing', async (opened) => {
    const keep = keepFor(point)
    const events: RecordedEvent[] = []
    for await (const event of recordOf(opened, 'read', c.json)) if (keep(event)) events.push(event)
    const asOf = point !== undefined && 'at' in point ? point.at : undefined
    const violations = checkHistory(events, { answerWithinDays, ...(asOf === undefined ? {} : { asOf }) })
    if (c.json)
      printJson(io, { asOf: asOf ?? null, events: events.length, findings: groupFindings(violations) })
    else io.out(renderFindings(violations, c.lang))
    return violations.length === 0 ? EXIT.ok : EXIT.failed
  })
}

const exportArchive = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({ common: common(o), out: decodeArgument('--out', t.string, o.out) })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, out } = decoded.right
  return withStore(io, o.store, 'existing', async (opened) => {
    // Written beside the target and renamed at the end: a failed export leaves no half archive.
    mkdirSync(dirname(out), { recursive: true })
    const partial = `${out}.partial`
    const file = createWriteStream(partial)
    const bar = progress('export', opened.events, watched(c.json))
    try {
      const { events } = await writeStoreArchive(opened.store, file)
      file.end()
      await finished(file)
      renameSync(partial, out)
      if (c.json) printJson(io, { archive: out, events })
      else io.out(`${events} ${heading(c.lang, 'events')} -> ${out}\n`)
      return EXIT.ok
    } catch (error) {
      file.destroy()
      rmSync(partial, { force: true })
      throw error
    } finally {
      bar.stop()
    }
  })
}

const importArchive = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    archive: decodeArgument('--archive', t.string, o.archive),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, archive } = decoded.right
  if (!existsSync(archive)) return fail(io, `--archive: no file ${archive}`, EXIT.usage)
  const locator = decodeArgument('--store', StoreArgument, o.store)
  if (E.isLeft(locator)) return fail(io, locator.left.message, EXIT.usage)
  const opened = await openStore(locator.right, 'any')
  if (E.isLeft(opened)) return fail(io, opened.left.message, EXIT.usage)
  const bar = progress('import', watched(c.json) ? await countLines(archive) : undefined, watched(c.json))
  const imported = await importIntoStore(archive, opened.right.store, bar.update)
  bar.stop()
  if (E.isLeft(imported)) {
    await opened.right.discard()
    return fail(io, `${archive}: ${imported.left.message}; nothing was written`)
  }
  await opened.right.store.close()
  if (c.json) printJson(io, { archive, events: imported.right.events })
  else io.out(`${imported.right.events} ${heading(c.lang, 'events')} <- ${archive}\n`)
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
  check,
  exportArchive,
  importArchive,
}

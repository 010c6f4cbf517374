/**
 * `servicelife open311 import`: a city's existing Open311 GeoReport v2 requests, from a file or a
 * live endpoint, into cases through the command handler. One line per request that was not simply
 * imported (refused with its rule, unreadable, something lost, a deadline that differs), then a
 * summary; a second run of the same source records nothing.
 */
import { importOpen311, type ImportLine, type Open311Source } from '@servicelife/http'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import { decodeArgument, FileArgument, TimeArgument } from '../core/arguments.js'
import { applicative, common, EXIT, fail, type Io, printJson, withStore } from './commands.js'

type Options = Readonly<Record<string, unknown>>

/** `--from`: an http(s) URL of a GeoReport v2 endpoint, or a file of a requests list. */
const SourceArgument = new t.Type<{ readonly url: string } | { readonly file: string }, string, unknown>(
  'a GeoReport v2 endpoint URL (http or https) or a file',
  (u): u is { url: string } => typeof u === 'object' && u !== null,
  (u, c) => {
    if (typeof u !== 'string' || u.trim() === '') return t.failure(u, c)
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(u))
      return FileArgument.is(u) ? t.success({ file: u }) : t.failure(u, c)
    try {
      const url = new URL(u)
      return url.protocol === 'http:' || url.protocol === 'https:'
        ? t.success({ url: url.href })
        : t.failure(u, c)
    } catch {
      return t.failure(u, c)
    }
  },
  (s) => ('url' in s ? s.url : s.file),
)

const YEAR_MS = 365 * 86_400_000

const lineText = (line: ImportLine): string | undefined => {
  const parts: string[] = []
  if (line.result === 'refused') parts.push(`refused by ${line.rule}: ${line.message}`)
  if (line.result === 'unreadable') parts.push(`not read: ${line.message}`)
  for (const loss of line.losses ?? []) parts.push(`not carried over: ${loss}`)
  if (line.deadline !== undefined)
    parts.push(
      `deadline ${line.deadline.source} in the source, ${line.deadline.recorded ?? 'none'} from the service's answer promise`,
    )
  return parts.length === 0 ? undefined : `${line.id}: ${parts.join('; ')}`
}

const open311Import = async (io: Io, o: Options): Promise<number> => {
  const until = o.until ?? new Date().toISOString()
  const decoded = applicative({
    common: common(o),
    from: decodeArgument('--from', SourceArgument, o.from),
    until: decodeArgument('--until', TimeArgument, until),
    since: o.since === undefined ? E.right(undefined) : decodeArgument('--since', TimeArgument, o.since),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, from, since } = decoded.right
  const to = decoded.right.until
  const source: Open311Source =
    'file' in from
      ? { file: from.file }
      : { endpoint: from.url, from: since ?? new Date(Date.parse(to) - YEAR_MS).toISOString(), to }
  return withStore(io, o.store, 'write', async (opened) => {
    const lines: ImportLine[] = []
    const imported = await importOpen311(opened.store, source, {
      onLine: (line) => {
        if (c.json) lines.push(line)
        else {
          const text = lineText(line)
          if (text !== undefined) io.out(`${text}\n`)
        }
      },
    })
    if (E.isLeft(imported)) return fail(io, `--from: ${imported.left.message}; nothing was imported`)
    const s = imported.right
    if (c.json) printJson(io, { ...s, lines: lines.filter((line) => lineText(line) !== undefined) })
    else
      io.out(
        `${s.read} requests read: ${s.imported} imported, ${s.alreadyRecorded} already recorded, ${s.refused} refused, ${s.unreadable} unreadable\n`,
      )
    return s.refused + s.unreadable === 0 ? EXIT.ok : EXIT.failed
  })
}

export const open311Commands = { import: open311Import }

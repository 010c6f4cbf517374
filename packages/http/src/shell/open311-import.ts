/**
 * `servicelife open311 import`: GeoReport v2 requests from a file or a live endpoint, through the
 * command handler into cases. A live endpoint is read in windows of at most 90 days (the spec's
 * limit), a window that comes back full split in two. Every request gets one line: imported,
 * already recorded, or refused with the rule; nothing is dropped without a word.
 */
import { readFile } from 'node:fs/promises'
import { caseEntity, type CityCalendar, instant } from '@servicelife/domain'
import { commandHandler, type EventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { MAX_REQUESTS, MAX_WINDOW_DAYS } from '../core/open311.js'
import {
  decodeGeoReportRequests,
  type GeoReportRequest,
  type ImportNote,
  importedRequest,
} from '../core/open311-import.js'

export type Open311Source =
  | { readonly file: string }
  | {
      /** The GeoReport v2 base, such as `https://city.example/open311/v2` (requests.json is read under it). */
      readonly endpoint: string
      readonly from: string
      readonly to: string
    }

export interface ImportLine {
  readonly id: string
  readonly result: 'imported' | 'already-recorded' | 'refused' | 'unreadable'
  /** The rule that refused it, or why it could not be read. */
  readonly rule?: string
  readonly message?: string
  /** What of it did not come across. */
  readonly losses?: ReadonlyArray<string>
  /** When the source's deadline differs from the one the service's answer promise sets. */
  readonly deadline?: { readonly source: string; readonly recorded: string | null }
}

export interface ImportSummary {
  readonly read: number
  readonly imported: number
  readonly alreadyRecorded: number
  readonly refused: number
  readonly unreadable: number
}

export interface ImportError {
  readonly code: 'open311-source-unreadable'
  readonly message: string
}

export interface ImportOptions {
  readonly calendar?: CityCalendar
  /** Told of every request as it is done. */
  readonly onLine?: (line: ImportLine) => void
  /** For tests and proxies (default the global fetch). */
  readonly fetch?: typeof fetch
}

const DAY_MS = 86_400_000
const unreadable = (message: string): E.Either<ImportError, never> =>
  E.left({ code: 'open311-source-unreadable', message })

/** A JSON body as a list of requests, each decoded or noted. */
const requestsOf = (text: string, where: string) => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return unreadable(`${where} is not JSON`)
  }
  const decoded = decodeGeoReportRequests(json)
  return E.isLeft(decoded) ? unreadable(`${where}: ${decoded.left}`) : decoded
}

type Item = E.Either<ImportNote, GeoReportRequest>

/** Every request of a live endpoint between two times, window by window. */
const readEndpoint = async (
  base: string,
  from: number,
  to: number,
  get: typeof fetch,
): Promise<E.Either<ImportError, ReadonlyArray<Item>>> => {
  const items: Item[] = []
  const windows: Array<readonly [number, number]> = []
  for (let start = from; start <= to; start += MAX_WINDOW_DAYS * DAY_MS)
    windows.push([start, Math.min(to, start + MAX_WINDOW_DAYS * DAY_MS - 1)])
  while (windows.length > 0) {
    const [start, end] = windows.shift()!
    const url = `${base.replace(/\/$/, '')}/requests.json?start_date=${new Date(start).toISOString()}&end_date=${new Date(end).toISOString()}&extensions=true`
    let response: Response
    try {
      response = await get(url, {
        signal: AbortSignal.timeout(30_000),
        headers: { accept: 'application/json' },
      })
    } catch (error) {
      return unreadable(`${base}: ${error instanceof Error ? error.message : String(error)}`)
    }
    if (!response.ok)
      return unreadable(`${base}: ${response.status} for the window from ${new Date(start).toISOString()}`)
    const page = requestsOf(await response.text(), base)
    if (E.isLeft(page)) return page
    // A full window may have been cut at the limit: read its halves instead.
    if (page.right.length >= MAX_REQUESTS && end - start > 60_000) {
      const middle = start + Math.floor((end - start) / 2)
      windows.unshift([start, middle], [middle + 1, end])
      continue
    }
    items.push(...page.right)
  }
  return E.right(items)
}

/** Imports the requests of a source; a source that cannot be read is a Left, with nothing written. */
export const importOpen311 = async (
  store: EventStore,
  source: Open311Source,
  options: ImportOptions = {},
): Promise<E.Either<ImportError, ImportSummary>> => {
  let items: ReadonlyArray<Item>
  if ('file' in source) {
    let text: string
    try {
      text = await readFile(source.file, 'utf8')
    } catch (error) {
      return unreadable(`${source.file}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`)
    }
    const read = requestsOf(text, source.file)
    if (E.isLeft(read)) return read
    items = read.right
  } else {
    const read = await readEndpoint(
      source.endpoint,
      instant(source.from),
      instant(source.to),
      options.fetch ?? fetch,
    )
    if (E.isLeft(read)) return read
    items = read.right
  }

  const cases = commandHandler(
    store,
    caseEntity,
    options.calendar === undefined ? {} : { calendar: options.calendar },
  )
  const counts = { read: 0, imported: 0, alreadyRecorded: 0, refused: 0, unreadable: 0 }
  const seen = new Set<string>()
  const tell = (line: ImportLine) => {
    counts[line.result === 'already-recorded' ? 'alreadyRecorded' : line.result]++
    options.onLine?.(line)
  }
  for (const item of items) {
    if (E.isLeft(item)) {
      counts.read++
      tell({ id: item.left.id, result: 'unreadable', message: item.left.note })
      continue
    }
    if (seen.has(item.right.service_request_id)) continue
    seen.add(item.right.service_request_id)
    counts.read++
    const plan = importedRequest(item.right)
    let duplicates = 0
    let due: string | null = null
    let refusal: { rule: string; message: string } | undefined
    for (const [n, command] of plan.commands.entries()) {
      // Ids from the request: importing the same request again records nothing.
      const handled = await cases.handle(command, { commandId: `open311-import:${plan.id}:${n}` })
      if (E.isLeft(handled)) {
        refusal = { rule: handled.left.code, message: handled.left.message }
        break
      }
      if (handled.right.duplicate) duplicates++
      for (const event of handled.right.events)
        if (event.type === 'CaseOpened') due = (event.data as { answerDue?: string }).answerDue ?? null
    }
    const deadline =
      plan.expected !== undefined && (due === null || instant(due) !== instant(plan.expected))
        ? { deadline: { source: plan.expected, recorded: due } }
        : {}
    const losses = plan.losses.length === 0 ? {} : { losses: plan.losses }
    if (refusal !== undefined) tell({ id: plan.id, result: 'refused', ...refusal, ...losses })
    else
      tell({
        id: plan.id,
        result: duplicates === plan.commands.length ? 'already-recorded' : 'imported',
        ...losses,
        ...deadline,
      })
  }
  return E.right(counts)
}

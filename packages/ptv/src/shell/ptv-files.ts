/**
 * PTV records from files: a directory as PTV's API gives them (`services/`, `servicechannels/`,
 * `organizations/`, one record per file, or JSON files side by side), or one JSON file holding a
 * record, an array of records or a page (`itemList`). Every file is parsed before any is used; a
 * file that is not JSON is the result, naming it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import type { PtvRecords } from '../core/import.js'

export interface PtvFilesError {
  readonly code: 'ptv-files-unreadable'
  readonly path: string
  readonly message: string
}

/** JSON files under a directory, at any depth, in name order. */
const jsonFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : [],
    )

const recordsIn = (value: unknown): unknown[] =>
  Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null && Array.isArray((value as { itemList?: unknown }).itemList)
      ? (value as { itemList: unknown[] }).itemList
      : [value]

/** Services and channels among PTV records: a channel has a channel type, a service has service names; organizations are counted. */
export const sortRecords = (records: ReadonlyArray<unknown>): PtvRecords & { readonly other: number } => {
  const services: unknown[] = []
  const channels: unknown[] = []
  let other = 0
  for (const r of records) {
    if (typeof r === 'object' && r !== null && 'serviceChannelType' in r) channels.push(r)
    else if (typeof r === 'object' && r !== null && 'serviceNames' in r) services.push(r)
    else other++
  }
  return { services, channels, other }
}

/** The PTV records at a path: a directory of JSON files or one JSON file. */
export const readPtvFiles = (
  path: string,
): E.Either<PtvFilesError, PtvRecords & { readonly other: number; readonly files: number }> => {
  const fail = (at: string, message: string) =>
    E.left({ code: 'ptv-files-unreadable' as const, path: at, message })
  let files: string[]
  try {
    files = statSync(path).isDirectory() ? jsonFiles(path) : [path]
  } catch (error) {
    return fail(
      path,
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `no file or directory ${path}`
        : (error as Error).message,
    )
  }
  const records: unknown[] = []
  for (const file of files) {
    try {
      records.push(...recordsIn(JSON.parse(readFileSync(file, 'utf8'))))
    } catch (error) {
      return fail(file, `${file}: not JSON (${(error as Error).message})`)
    }
  }
  return E.right({ ...sortRecords(records), files: files.length })
}

/**
 * Archives to and from the file system, atomically: an export is written beside its target,
 * fsynced and renamed over it; an import into a new file store is written into a directory beside
 * the target, fsynced and renamed into place. A process killed at any moment leaves the old file,
 * or no store under the target's name, never half of one; the next run clears what it left.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { createWriteStream } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { finished } from 'node:stream/promises'
import * as E from 'fp-ts/lib/Either.js'
import type { EventStore } from '../port/event-store.js'
import {
  type ArchiveError,
  type ArchiveSource,
  type ArchiveTrailer,
  type ArchiveWriteError,
  type ExportOptions,
  exportArchive,
  type ImportedArchive,
  type ImportOptions,
  writeArchiveInto,
} from './archive.js'
import { FileEventStore, type FileStoreOptions, type StoreOpenError } from './file-event-store.js'

/** Makes a directory's entries (a rename into it) durable. */
export const syncDirectory = (dir: string): void => {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch (error) {
    // Some platforms cannot open a directory for syncing (Windows): the rename is then as durable as they make it.
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Where a file is written before it is renamed over `path`. */
export const partialPathOf = (path: string): string => `${path}.partial`

/**
 * Exports the store to `path`: written to `path.partial`, fsynced, renamed over `path`, and the
 * directory synced. A failure removes the partial file and leaves `path` as it was.
 */
export const exportArchiveToFile = async (
  store: EventStore,
  path: string,
  options: ExportOptions = {},
): Promise<E.Either<ArchiveWriteError, ArchiveTrailer>> => {
  const partial = partialPathOf(path)
  const file = createWriteStream(partial)
  const written = await exportArchive(store, file, options)
  try {
    file.end()
    await finished(file)
  } catch (error) {
    rmSync(partial, { force: true })
    return E.left({ code: 'archive-write-failed', message: (error as Error).message })
  }
  if (E.isLeft(written)) {
    rmSync(partial, { force: true })
    return written
  }
  const fd = openSync(partial, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(partial, path)
  syncDirectory(dirname(path))
  return written
}

export type DirectoryImportError =
  | ArchiveError
  | StoreOpenError
  | { readonly code: 'target-not-empty'; readonly dir: string; readonly message: string }

/** Where an import into `dir` is written before it is renamed into place. */
export const importingPathOf = (dir: string): string => join(dirname(dir), `.${basename(dir)}.importing`)

/**
 * Fills a new file store at `dir` (absent, or an empty directory) atomically: the work writes into
 * a directory beside it, and only work that ends well is renamed into place. A failure, or a kill
 * at any moment, leaves no store at `dir`; the next run clears what a killed one left.
 */
export const intoNewDirectory = async <L, A>(
  dir: string,
  work: (store: FileEventStore) => Promise<E.Either<L, A>>,
  storeOptions: FileStoreOptions = {},
): Promise<
  E.Either<
    | L
    | StoreOpenError
    | { readonly code: 'target-not-empty'; readonly dir: string; readonly message: string },
    A
  >
> => {
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0))
    return E.left({
      code: 'target-not-empty',
      dir,
      message: `${dir} already exists and is not an empty directory; write into a new store`,
    })
  const beside = importingPathOf(dir)
  rmSync(beside, { recursive: true, force: true })
  const opened = await FileEventStore.open(beside, storeOptions)
  if (E.isLeft(opened)) return opened
  const store = opened.right
  let done: E.Either<L, A>
  try {
    done = await work(store)
  } catch (error) {
    await store.close()
    rmSync(beside, { recursive: true, force: true })
    throw error
  }
  await store.close()
  if (E.isLeft(done)) {
    rmSync(beside, { recursive: true, force: true })
    return done
  }
  syncDirectory(beside)
  if (existsSync(dir)) rmSync(dir, { recursive: true })
  renameSync(beside, dir)
  syncDirectory(dirname(dir))
  return done
}

/**
 * Imports an archive into a new file store at `dir` (absent, or an empty directory), in one pass:
 * each line checked as it is written into a directory beside `dir`, and only a whole, matching
 * archive is renamed into place.
 */
export const importArchiveToDirectory = (
  dir: string,
  source: ArchiveSource,
  options: ImportOptions = {},
): Promise<E.Either<DirectoryImportError, ImportedArchive>> =>
  // Every line is checked as it is read (its codecs included): the store's own guard would check it again.
  intoNewDirectory(dir, (store) => writeArchiveInto(store, source, options), { appendGuard: false })

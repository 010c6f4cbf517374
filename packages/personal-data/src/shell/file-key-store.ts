/**
 * The key store in a directory: `keys.ndjson`, one line per key made, per erasure opened and per
 * erasure closed, appended and synced before a key is used. Destroying keys rewrites the file
 * without them (written beside it, synced, renamed over it): the key bytes are gone from the file
 * the moment the erasure is recorded open. One process writes it at a time (the directory's writer
 * lock); any number may open it to read.
 */
import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { acquireWriterLock, syncDirectory, type WriterLock } from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import { type DataKey, KEY_BYTES } from '../core/sealing.js'
import {
  type KeyInfo,
  type KeyScope,
  type KeyStore,
  type KeyStoreError,
  OpenErasure,
} from '../port/key-store.js'
import { type KeyEntry, KeyTable, newKey } from './key-table.js'

export const KEY_LOG = 'keys.ndjson'

const KeyLine = t.type({
  key: t.type({ id: t.string, streamId: t.string, field: t.string, owner: t.string, k: t.string }),
})
const ErasureLine = t.type({ erasure: OpenErasure })
const ClosedLine = t.type({ closed: t.string })

const keyLine = (e: KeyEntry): string =>
  `${JSON.stringify({ key: { id: e.id, streamId: e.streamId, field: e.field, owner: e.owner, k: Buffer.from(e.key.key).toString('base64url') } })}\n`
const erasureLine = (erasure: OpenErasure): string => `${JSON.stringify({ erasure })}\n`

const ioError = (message: string): KeyStoreError => ({ code: 'key-store-io', message })

export interface FileKeyStoreOptions {
  /** Open to read only: take no lock, make and destroy no key (explain, subject export, a dry run). */
  readonly readOnly?: boolean
}

export class FileKeyStore implements KeyStore {
  private pending: string[] = []
  private chain: Promise<E.Either<KeyStoreError, void>> = Promise.resolve(E.right(undefined))
  private failed: KeyStoreError | undefined

  private constructor(
    private readonly dir: string,
    private readonly table: KeyTable,
    private readonly erasures: Map<string, OpenErasure>,
    private handle: FileHandle | undefined,
    private readonly lock: WriterLock | undefined,
  ) {}

  /** Opens (and for writing, makes) the key store in `dir`. */
  static async open(
    dir: string,
    options: FileKeyStoreOptions = {},
  ): Promise<E.Either<KeyStoreError, FileKeyStore>> {
    const readOnly = options.readOnly === true
    let lock: WriterLock | undefined
    try {
      if (!readOnly) {
        await mkdir(dir, { recursive: true })
        const locked = await acquireWriterLock(dir)
        if (!locked.ok)
          return E.left({
            code: 'key-store-locked',
            message: `the key store ${dir} is ${locked.message}; one writer at a time`,
          })
        lock = locked.lock
      }
      const path = join(dir, KEY_LOG)
      let text = ''
      try {
        text = await readFile(path, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        if (readOnly) return E.left(ioError(`no key store at ${dir}`))
      }
      const read = readKeyLog(text, path)
      if (E.isLeft(read)) {
        await lock?.release()
        return read
      }
      const { table, erasures, whole } = read.right
      let handle: FileHandle | undefined
      if (!readOnly) {
        // A torn last line is a key never handed out (keys are synced before use): cut it.
        if (!whole) await rewrite(dir, table, erasures)
        handle = await open(path, 'a')
      }
      return E.right(new FileKeyStore(dir, table, erasures, handle, lock))
    } catch (error) {
      await lock?.release()
      return E.left(ioError(`the key store ${dir} could not be opened: ${(error as Error).message}`))
    }
  }

  /** How many keys it holds. */
  get size(): number {
    return this.table.size
  }

  async keysFor(scopes: ReadonlyArray<KeyScope>): Promise<E.Either<KeyStoreError, ReadonlyArray<DataKey>>> {
    const refused = this.refusal()
    if (refused !== undefined) return E.left(refused)
    const keys = scopes.map((scope) => {
      const entry = this.table.keyFor(scope, newKey)
      if (entry.made) this.pending.push(keyLine(entry))
      return entry.key
    })
    // Also a key found was perhaps made by a call whose write is still in flight: wait for it.
    const written = await this.flush()
    return E.isLeft(written) ? written : E.right(keys)
  }

  async keyById(id: string): Promise<E.Either<KeyStoreError, DataKey | undefined>> {
    return E.right(this.table.byId(id))
  }

  async keysOf(owner: string): Promise<E.Either<KeyStoreError, ReadonlyArray<KeyInfo>>> {
    return E.right(this.table.ownedBy(owner))
  }

  async destroy(erasure: OpenErasure): Promise<E.Either<KeyStoreError, void>> {
    const refused = this.refusal()
    if (refused !== undefined) return E.left(refused)
    const flushed = await this.flush()
    if (E.isLeft(flushed)) return flushed
    return this.serially(async () => {
      this.table.destroy(erasure.keyIds)
      this.erasures.set(erasure.id, erasure)
      await this.handle?.close()
      this.handle = undefined
      await rewrite(this.dir, this.table, this.erasures)
      this.handle = await open(join(this.dir, KEY_LOG), 'a')
    })
  }

  async openErasures(): Promise<E.Either<KeyStoreError, ReadonlyArray<OpenErasure>>> {
    return E.right([...this.erasures.values()])
  }

  async closeErasure(id: string): Promise<E.Either<KeyStoreError, void>> {
    const refused = this.refusal()
    if (refused !== undefined) return E.left(refused)
    if (!this.erasures.delete(id)) return E.right(undefined)
    this.pending.push(`${JSON.stringify({ closed: id })}\n`)
    return this.flush()
  }

  async close(): Promise<void> {
    await this.chain
    await this.handle?.close()
    this.handle = undefined
    await this.lock?.release()
    this.failed ??= { code: 'key-store-io', message: `the key store ${this.dir} is closed` }
  }

  private refusal(): KeyStoreError | undefined {
    if (this.failed !== undefined) return this.failed
    if (this.lock === undefined)
      return { code: 'key-store-read-only', message: `the key store ${this.dir} is open to read only` }
    return undefined
  }

  /** Writes every line waiting, once the writes before are done: one write and sync for all. */
  private flush(): Promise<E.Either<KeyStoreError, void>> {
    return this.serially(async () => {
      if (this.pending.length === 0) return
      const lines = this.pending.join('')
      this.pending = []
      await this.handle!.appendFile(lines, 'utf8')
      await this.handle!.datasync()
    })
  }

  private serially(step: () => Promise<void>): Promise<E.Either<KeyStoreError, void>> {
    this.chain = this.chain.then(async () => {
      if (this.failed !== undefined) return E.left(this.failed)
      try {
        await step()
        return E.right(undefined)
      } catch (error) {
        // Keys handed out may not be on disk: nothing more is written, the store must be opened again.
        this.failed = ioError(`the key store ${this.dir} could not be written: ${(error as Error).message}`)
        return E.left(this.failed)
      }
    })
    return this.chain
  }
}

/** The key log's keys and open erasures; `whole` is false when its last line was torn. */
const readKeyLog = (
  text: string,
  path: string,
): E.Either<
  KeyStoreError,
  { readonly table: KeyTable; readonly erasures: Map<string, OpenErasure>; readonly whole: boolean }
> => {
  const table = new KeyTable()
  const erasures = new Map<string, OpenErasure>()
  const lines = text.split('\n')
  const whole = lines[lines.length - 1] === ''
  const complete = lines.slice(0, -1)
  for (const [i, line] of complete.entries()) {
    const corrupt = E.left<KeyStoreError>({
      code: 'key-store-corrupt',
      message: `${path}:${i + 1}: not a line servicelife wrote; the key store was changed outside it`,
    })
    let parsed: unknown
    try {
      parsed = JSON.parse(line)
    } catch {
      return corrupt
    }
    if (KeyLine.is(parsed)) {
      const { id, streamId, field, owner, k } = parsed.key
      const key = Buffer.from(k, 'base64url')
      if (key.length !== KEY_BYTES) return corrupt
      table.add({ id, streamId, field, owner, key: { id, key } })
    } else if (ErasureLine.is(parsed) && E.isRight(OpenErasure.decode(parsed.erasure))) {
      table.destroy(parsed.erasure.keyIds)
      erasures.set(parsed.erasure.id, parsed.erasure)
    } else if (ClosedLine.is(parsed)) erasures.delete(parsed.closed)
    else return corrupt
  }
  return E.right({ table, erasures, whole })
}

/** The key log written again with only what is held now: beside it, synced, renamed over it. */
const rewrite = async (dir: string, table: KeyTable, erasures: Map<string, OpenErasure>): Promise<void> => {
  const path = join(dir, KEY_LOG)
  const next = `${path}.next`
  const handle = await open(next, 'w')
  try {
    const lines = [...table.entries()].map(keyLine).concat([...erasures.values()].map(erasureLine))
    for (let i = 0; i < lines.length; i += 10_000)
      await handle.appendFile(lines.slice(i, i + 10_000).join(''), 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(next, path)
  syncDirectory(dir)
}

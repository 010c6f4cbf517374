/** Where a runner keeps each projection's checkpoint: its version, the last position applied and its state. */
import { readFileSync } from 'node:fs'
import { mkdir, open, rename } from 'node:fs/promises'
import { join } from 'node:path'
import * as t from 'io-ts/lib/index.js'
import * as E from 'fp-ts/lib/Either.js'

export interface Checkpoint {
  readonly version: number
  /** The time zone a projection that reads months and days was folded in. */
  readonly calendar?: string
  /** The last global position applied (-1: none). */
  readonly position: number
  readonly state: unknown
}

export interface CheckpointStore {
  load(name: string): Promise<Checkpoint | undefined>
  save(name: string, checkpoint: Checkpoint): Promise<void>
}

/** What a stored checkpoint must decode to before it is trusted. */
export const CheckpointCodec = t.intersection([
  t.type({ version: t.number, position: t.number, state: t.unknown }),
  t.partial({ calendar: t.string }),
])

export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly saved = new Map<string, string>()
  async load(name: string) {
    const text = this.saved.get(name)
    return text === undefined ? undefined : (JSON.parse(text) as Checkpoint)
  }
  async save(name: string, checkpoint: Checkpoint) {
    this.saved.set(name, JSON.stringify(checkpoint))
  }
}

/** A checkpoint directory that cannot be made or used. */
export interface CheckpointStoreError {
  readonly code: 'checkpoints-unavailable'
  readonly dir: string
  readonly message: string
}

/**
 * One JSON file per projection in a directory (beside a file store, say). A save is written to a
 * temporary file, fsynced and renamed over the old one, so a crash leaves the old or the new.
 */
export class FileCheckpointStore implements CheckpointStore {
  private constructor(private readonly dir: string) {}

  /** Opens the directory, making it where it is missing; a directory that cannot be made is the Left. */
  static async open(dir: string): Promise<E.Either<CheckpointStoreError, FileCheckpointStore>> {
    try {
      await mkdir(dir, { recursive: true })
      return E.right(new FileCheckpointStore(dir))
    } catch (error) {
      return E.left({
        code: 'checkpoints-unavailable',
        dir,
        message: `checkpoints in ${dir}: ${(error as Error).message}`,
      })
    }
  }

  async load(name: string): Promise<Checkpoint | undefined> {
    let text: string
    try {
      text = readFileSync(join(this.dir, `${name}.json`), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    // A checkpoint that does not decode is not trusted: the projection is rebuilt from zero.
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return undefined
    }
    const decoded = CheckpointCodec.decode(json)
    return E.isRight(decoded) ? decoded.right : undefined
  }

  async save(name: string, checkpoint: Checkpoint): Promise<void> {
    const path = join(this.dir, `${name}.json`)
    const temporary = `${path}.tmp`
    const file = await open(temporary, 'w')
    try {
      await file.writeFile(JSON.stringify(checkpoint))
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(temporary, path)
  }
}

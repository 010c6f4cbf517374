/**
 * Opening the store a command names: a directory with a file store (read-only for the commands
 * that only read it, so that they run beside a writer and on a read-only copy), or an
 * EventStoreDB or PostgreSQL connection string through `@servicelife/esdb` or
 * `@servicelife/postgres` (each loaded only when asked for, so the CLI runs without them). Every
 * failure is a value with its exit code.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { type EventStore, FileEventStore, type Recovery } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { shownStore, type StoreLocator } from '../core/arguments.js'

export interface OpenedStore {
  readonly store: EventStore
  /** How many events the store held when opened, when the store can tell cheaply (for progress). */
  readonly events?: number
  /** What opening found after the last whole append (file stores). */
  readonly recovery?: Recovery
  /** Undoes what opening created, for a command that fails before writing anything. */
  readonly discard: () => Promise<void>
}

export interface StoreError {
  readonly code: 'store'
  readonly message: string
  /** 2: the invocation names no store; 1: the store or the system failed. */
  readonly exit: 1 | 2
}

const fail = (message: string, exit: 1 | 2): E.Either<StoreError, never> =>
  E.left({ code: 'store', message, exit })

/** `read`: an existing store, read-only. `write`: an existing store, or a new one in an absent or empty directory. */
export type OpenMode = 'read' | 'write'

export const openStore = async (
  locator: StoreLocator,
  mode: OpenMode,
  options: { readonly replaceExisting?: boolean } = {},
): Promise<E.Either<StoreError, OpenedStore>> => {
  if (locator.kind === 'esdb') return openEventStoreDB(locator.connectionString)
  if (locator.kind === 'postgres') return openPostgres(locator.connectionString, mode)
  const { dir } = locator
  const existed = existsSync(dir)
  if (existed && !statSync(dir).isDirectory()) return fail(`${dir} is a file, not a store directory`, 2)
  let entries: string[] = []
  try {
    if (existed) entries = readdirSync(dir)
  } catch (error) {
    return fail(`${dir}: ${(error as Error).message}`, 1)
  }
  const hasLog = entries.includes('events.ndjson')
  if (mode === 'read' && !hasLog) return fail(`no servicelife store at ${dir} (no events.ndjson there)`, 2)
  if (mode === 'write' && existed && entries.length > 0 && !hasLog)
    return fail(`${dir} is not empty and holds no servicelife store; choose an empty or new directory`, 2)
  const opened = await FileEventStore.open(dir, {
    readOnly: mode === 'read',
    ...(options.replaceExisting === true ? { replaceExisting: true } : {}),
  })
  if (E.isLeft(opened)) return fail(opened.left.message, opened.left.code === 'store-missing' ? 2 : 1)
  const store = opened.right
  return E.right({
    store,
    events: store.recovery.events,
    recovery: store.recovery,
    discard: async () => {
      await store.close()
      if (!existed) rmSync(dir, { recursive: true, force: true })
      else if (!hasLog) rmSync(`${dir}/events.ndjson`, { force: true })
    },
  })
}

const ESDB_PACKAGE = '@servicelife/esdb'

const openEventStoreDB = async (connectionString: string): Promise<E.Either<StoreError, OpenedStore>> => {
  let adapter: {
    EventStoreDBEventStore: {
      connect(c: string): Promise<E.Either<{ readonly code: string; readonly message: string }, EventStore>>
    }
  }
  try {
    adapter = (await import(ESDB_PACKAGE)) as typeof adapter
  } catch {
    return fail(
      `${connectionString}: EventStoreDB stores need the ${ESDB_PACKAGE} package (npm install ${ESDB_PACKAGE})`,
      2,
    )
  }
  const connected = await adapter.EventStoreDBEventStore.connect(connectionString)
  // A connection string that does not parse is the caller's to fix (usage); a server that does not answer is not.
  if (E.isLeft(connected))
    return fail(connected.left.message, connected.left.code === 'invalid-connection-string' ? 2 : 1)
  const store = connected.right
  return E.right({ store, discard: () => store.close() })
}

const POSTGRES_PACKAGE = '@servicelife/postgres'

/**
 * A PostgreSQL store: a reading command opens it without writing (a missing or older schema is
 * refused, so an audit runs on a read-only role); a writing one creates or migrates the schema.
 */
const openPostgres = async (
  connectionString: string,
  mode: OpenMode,
): Promise<E.Either<StoreError, OpenedStore>> => {
  let adapter: {
    PostgresEventStore: {
      connect(
        c: string,
        options: { readonly migrate: boolean },
      ): Promise<E.Either<{ readonly code: string; readonly message: string }, EventStore>>
    }
  }
  try {
    adapter = (await import(POSTGRES_PACKAGE)) as typeof adapter
  } catch {
    return fail(
      `${shownStore(connectionString)}: PostgreSQL stores need the ${POSTGRES_PACKAGE} package and pg (npm install ${POSTGRES_PACKAGE} pg)`,
      2,
    )
  }
  const connected = await adapter.PostgresEventStore.connect(connectionString, { migrate: mode === 'write' })
  if (E.isLeft(connected))
    return fail(
      connected.left.message,
      connected.left.code === 'schema-missing' || connected.left.code === 'connection-string-invalid' ? 2 : 1,
    )
  const store = connected.right
  return E.right({ store, events: (await store.headPosition()) + 1, discard: () => store.close() })
}

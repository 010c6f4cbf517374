/**
 * Opening the store a command names: a directory with a file store, or an EventStoreDB connection
 * string through `@servicelife/esdb` (loaded only when asked for, so the CLI runs without it).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { type EventStore, FileEventStore, LOG_FILE } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import type { StoreLocator } from '../core/arguments.js'

export interface OpenedStore {
  readonly store: EventStore
  /** How many events the store held when opened, when the store can tell cheaply (for progress). */
  readonly events?: number
  /** Undoes what opening created, for a command that fails before writing anything. */
  readonly discard: () => Promise<void>
}

export interface StoreError {
  readonly code: 'store'
  readonly message: string
}

const fail = (message: string): E.Either<StoreError, never> => E.left({ code: 'store', message })

export type OpenMode = 'existing' | 'new' | 'any'

export const openStore = async (
  locator: StoreLocator,
  mode: OpenMode,
): Promise<E.Either<StoreError, OpenedStore>> => {
  if (locator.kind === 'esdb') return openEventStoreDB(locator.connectionString)
  const { dir } = locator
  const existed = existsSync(dir)
  const hasLog = existsSync(join(dir, LOG_FILE))
  if (mode === 'existing' && !hasLog) return fail(`no servicelife store at ${dir} (no ${LOG_FILE} there)`)
  if (mode === 'new' && existed && readdirSync(dir).length > 0 && !hasLog)
    return fail(`${dir} is not empty and holds no servicelife store; choose an empty or new directory`)
  const opened = await FileEventStore.open(dir)
  if (E.isLeft(opened)) return fail(opened.left.message)
  const store = opened.right
  return E.right({
    store,
    events: store.recovery.events,
    discard: async () => {
      await store.close()
      if (!existed) rmSync(dir, { recursive: true, force: true })
      else if (!hasLog) {
        rmSync(join(dir, LOG_FILE), { force: true })
      }
    },
  })
}

const ESDB_PACKAGE = '@servicelife/esdb'

const openEventStoreDB = async (connectionString: string): Promise<E.Either<StoreError, OpenedStore>> => {
  let adapter: { EventStoreDBEventStore: { connect(c: string): EventStore } }
  try {
    adapter = (await import(ESDB_PACKAGE)) as typeof adapter
  } catch {
    return fail(
      `${connectionString}: EventStoreDB stores need the ${ESDB_PACKAGE} package (npm install ${ESDB_PACKAGE})`,
    )
  }
  const store = adapter.EventStoreDBEventStore.connect(connectionString)
  return E.right({ store, discard: () => store.close() })
}

/** docs/examples/table-store.ts passes both contract suites, unchanged, as every store must. */
import { commandHandlerContract } from '@servicelife/spec'
import { eventStoreContract } from '@servicelife/store/contract'
import { describe, it } from 'vitest'
import { memoryTable, TableEventStore } from './examples/table-store.js'

const open = async () => {
  const store = new TableEventStore(memoryTable())
  return { store, cleanup: () => store.close() }
}
eventStoreContract('TableEventStore (docs/examples/table-store.ts)', open, { describe, it })
commandHandlerContract('TableEventStore (docs/examples/table-store.ts)', open, { describe, it })

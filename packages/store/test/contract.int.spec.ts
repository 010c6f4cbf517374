/** The one contract suite, run unchanged against every store of this package. */
import { FileEventStore, InMemoryEventStore } from '@servicelife/store'
import { eventStoreContract } from '@servicelife/store/contract'
import * as E from 'fp-ts/lib/Either.js'
import { describe, it } from 'vitest'
import { tempDir } from './temp-dir.js'

eventStoreContract(
  'InMemoryEventStore',
  async () => ({ store: new InMemoryEventStore(), cleanup: async () => {} }),
  {
    describe,
    it,
  },
)

eventStoreContract(
  'FileEventStore',
  async () => {
    const { dir, remove } = tempDir()
    const opened = await FileEventStore.open(dir)
    if (E.isLeft(opened)) throw new Error(opened.left.message)
    return {
      store: opened.right,
      cleanup: async () => {
        await opened.right.close()
        remove()
      },
    }
  },
  { describe, it },
)

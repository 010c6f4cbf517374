/** A key store in memory: for tests and for a record that needs no keys kept past the process. */
import * as E from 'fp-ts/lib/Either.js'
import type { DataKey } from '../core/sealing.js'
import {
  type KeyInfo,
  type KeyScope,
  type KeyStore,
  type KeyStoreError,
  type OpenErasure,
} from '../port/key-store.js'
import { KeyTable, newKey } from './key-table.js'

export class InMemoryKeyStore implements KeyStore {
  private readonly table = new KeyTable()
  private readonly erasures = new Map<string, OpenErasure>()

  async keysFor(scopes: ReadonlyArray<KeyScope>): Promise<E.Either<KeyStoreError, ReadonlyArray<DataKey>>> {
    return E.right(scopes.map((scope) => this.table.keyFor(scope, newKey).key))
  }

  async keyById(id: string): Promise<E.Either<KeyStoreError, DataKey | undefined>> {
    return E.right(this.table.byId(id))
  }

  async keysOf(owner: string): Promise<E.Either<KeyStoreError, ReadonlyArray<KeyInfo>>> {
    return E.right(this.table.ownedBy(owner))
  }

  async destroy(erasure: OpenErasure): Promise<E.Either<KeyStoreError, void>> {
    this.table.destroy(erasure.keyIds)
    this.erasures.set(erasure.id, erasure)
    return E.right(undefined)
  }

  async openErasures(): Promise<E.Either<KeyStoreError, ReadonlyArray<OpenErasure>>> {
    return E.right([...this.erasures.values()])
  }

  async closeErasure(id: string): Promise<E.Either<KeyStoreError, void>> {
    this.erasures.delete(id)
    return E.right(undefined)
  }

  async close(): Promise<void> {}
}

/** The keys a process holds in memory, by id, by scope and by owner: what the file and in-memory key stores share. */
import { randomBytes } from 'node:crypto'
import { type DataKey, KEY_BYTES } from '../core/sealing.js'
import { type KeyInfo, type KeyScope, ownerOf } from '../port/key-store.js'

/** A new key: 32 random bytes, and a random id that says nothing of whose it is. */
export const newKey = (): DataKey => ({
  id: randomBytes(16).toString('base64url'),
  key: randomBytes(KEY_BYTES),
})

export interface KeyEntry extends KeyInfo {
  readonly key: DataKey
}

const scopeKey = (streamId: string, field: string, owner: string): string =>
  JSON.stringify([streamId, field, owner])

export class KeyTable {
  private readonly ids = new Map<string, KeyEntry>()
  private readonly scopes = new Map<string, KeyEntry>()
  /** Each stream's customer while a key of theirs in it is held: forgetting them unlinks the stream. */
  private readonly customers = new Map<string, { owner: string; keys: number }>()

  get size(): number {
    return this.ids.size
  }

  /** The owner a new key of `scope` would have. */
  ownerOf(scope: KeyScope): string {
    return ownerOf(scope, this.customers.get(scope.streamId)?.owner)
  }

  /** The entry of `scope`, with `made` true when `make` made it now. */
  keyFor(scope: KeyScope, make: () => DataKey): KeyEntry & { readonly made: boolean } {
    const owner = this.ownerOf(scope)
    const known = this.scopes.get(scopeKey(scope.streamId, scope.field, owner))
    if (known !== undefined) return { ...known, made: false }
    const key = make()
    const entry: KeyEntry = { id: key.id, streamId: scope.streamId, field: scope.field, owner, key }
    this.add(entry)
    return { ...entry, made: true }
  }

  add(entry: KeyEntry): void {
    this.ids.set(entry.id, entry)
    this.scopes.set(scopeKey(entry.streamId, entry.field, entry.owner), entry)
    if (!entry.owner.startsWith('customer:')) return
    const customer = this.customers.get(entry.streamId)
    if (customer === undefined) this.customers.set(entry.streamId, { owner: entry.owner, keys: 1 })
    else if (customer.owner === entry.owner) customer.keys++
  }

  byId(id: string): DataKey | undefined {
    return this.ids.get(id)?.key
  }

  ownedBy(owner: string): ReadonlyArray<KeyInfo> {
    return [...this.ids.values()]
      .filter((e) => e.owner === owner)
      .map(({ id, streamId, field, owner: o }) => ({ id, streamId, field, owner: o }))
  }

  destroy(ids: ReadonlyArray<string>): void {
    for (const id of ids) {
      const entry = this.ids.get(id)
      if (entry === undefined) continue
      this.ids.delete(id)
      this.scopes.delete(scopeKey(entry.streamId, entry.field, entry.owner))
      const customer = this.customers.get(entry.streamId)
      if (customer?.owner === entry.owner && --customer.keys === 0) this.customers.delete(entry.streamId)
    }
  }

  entries(): IterableIterator<KeyEntry> {
    return this.ids.values()
  }
}

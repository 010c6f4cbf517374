/** Every key store keeps the same contract; the file key store also its file's promises. */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'
import { FileKeyStore, InMemoryKeyStore, KEY_LOG, type KeyStore } from '../src/index.js'
import { keyStoreContract } from '../src/contract.js'
import { tempDir } from './temp-dir.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})
const dirs = new WeakMap<KeyStore, string>()

const openFile = async (dir: string, readOnly = false): Promise<FileKeyStore> => {
  const opened = await FileKeyStore.open(dir, { readOnly })
  if (E.isLeft(opened)) throw new Error(opened.left.message)
  dirs.set(opened.right, dir)
  return opened.right
}

keyStoreContract('InMemoryKeyStore', { make: async () => new InMemoryKeyStore() }, { describe, it })

keyStoreContract(
  'FileKeyStore',
  {
    make: async () => {
      const { dir, remove } = tempDir()
      cleanups.push(remove)
      return openFile(dir)
    },
    reopen: async (closed) => openFile(dirs.get(closed)!),
  },
  { describe, it },
)

const scope = (n: number) => ({
  streamId: `case-${n}`,
  field: 'ContactReceived.subject',
  subject: 'customer' as const,
  who: `r${n}`,
})

describe('FileKeyStore', () => {
  it("a destroyed key's bytes are no longer in the file", async () => {
    const { dir, remove } = tempDir()
    cleanups.push(remove)
    const keys = await openFile(dir)
    const made = await keys.keysFor([scope(1), scope(2)])
    const [a, b] = E.getOrElseW(() => [])(made)
    const bytes = (k: { key: Uint8Array }) => Buffer.from(k.key).toString('base64url')
    expect(readFileSync(join(dir, KEY_LOG), 'utf8')).toContain(bytes(a!))
    await keys.destroy({
      id: 'e1',
      at: '2026-01-01T00:00:00Z',
      rule: 'request',
      fields: ['ContactReceived.subject'],
      keyIds: [a!.id],
    })
    const file = readFileSync(join(dir, KEY_LOG), 'utf8')
    expect(file).not.toContain(bytes(a!))
    expect(file).toContain(bytes(b!))
    await keys.close()
  })

  it('one process writes it at a time: a second writer is refused, a reader is let in and cannot write', async () => {
    const { dir, remove } = tempDir()
    cleanups.push(remove)
    const writer = await openFile(dir)
    await writer.keysFor([scope(1)])
    const second = await FileKeyStore.open(dir)
    expect(E.isLeft(second) && second.left.code).toBe('key-store-locked')
    const reader = await openFile(dir, true)
    expect(reader.size).toBe(1)
    const refused = await reader.keysFor([scope(2)])
    expect(E.isLeft(refused) && refused.left.code).toBe('key-store-read-only')
    await reader.close()
    await writer.close()
    const after = await openFile(dir)
    await after.close()
  })

  it('a torn last line (a key never handed out) is cut; a changed line is refused as corrupt', async () => {
    const { dir, remove } = tempDir()
    cleanups.push(remove)
    const keys = await openFile(dir)
    await keys.keysFor([scope(1)])
    await keys.close()
    appendFileSync(join(dir, KEY_LOG), '{"key":{"id":"x","str')
    const again = await openFile(dir)
    expect(again.size).toBe(1)
    await again.close()
    expect(readFileSync(join(dir, KEY_LOG), 'utf8').endsWith('}\n')).toBe(true)
    writeFileSync(join(dir, KEY_LOG), `${readFileSync(join(dir, KEY_LOG), 'utf8')}{"key":{"id":"y"}}\n`)
    const corrupt = await FileKeyStore.open(dir)
    expect(E.isLeft(corrupt) && corrupt.left).toMatchObject({
      code: 'key-store-corrupt',
      message: expect.stringContaining(':2:'),
    })
  })

  it('a reader of a directory with no key store gets a Left, and makes nothing', async () => {
    const { dir, remove } = tempDir()
    cleanups.push(remove)
    const opened = await FileKeyStore.open(join(dir, 'none'), { readOnly: true })
    expect(E.isLeft(opened) && opened.left.code).toBe('key-store-io')
  })
})

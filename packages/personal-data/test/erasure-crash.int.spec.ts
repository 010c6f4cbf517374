/**
 * An erasure stopped at any step, as a killed process stops: the subject reads as erased from the
 * moment the key store records the erasure, and the proof owed is appended once by the next one.
 */
import { isErased, isReadable } from '@servicelife/domain'
import { InMemoryEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ERASURE_STREAM,
  FileKeyStore,
  finishErasures,
  forgetSubject,
  type KeyStore,
  protectPersonalData,
} from '../src/index.js'
import { tempDir } from './temp-dir.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

class Killed extends Error {}

/** The key store of a process killed right after `step` of an erasure. */
const killedAfter = (keys: KeyStore, step: 'destroy' | 'close'): KeyStore =>
  new Proxy(keys, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown
      if (typeof value !== 'function') return value
      if (name === 'destroy' && step === 'destroy')
        return async (...args: unknown[]) => {
          await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
          throw new Killed()
        }
      if (name === 'closeErasure' && step === 'close')
        return async () => {
          throw new Killed()
        }
      return (value as (...a: unknown[]) => unknown).bind(target)
    },
  })

const open = async (dir: string) =>
  E.getOrElseW((e: { message: string }) => {
    throw new Error(e.message)
  })(await FileKeyStore.open(dir))

const contact = {
  type: 'ContactReceived',
  data: {
    caseId: 'a',
    at: '2026-01-05T10:00:00+02:00',
    contactId: 'a-1',
    channel: 'phone',
    customer: { kind: 'resident', ref: 'pseud-1' },
    language: 'fi',
    subject: 'my son at school',
  },
}

describe('an erasure killed mid-way', () => {
  it.each(['before', 'destroy', 'close'] as const)(
    'killed %s: the key or the proof owed, never a subject that reads as not erased once recorded',
    async (step) => {
      const { dir, remove } = tempDir()
      cleanups.push(remove)
      const raw = new InMemoryEventStore()
      const first = await open(dir)
      await protectPersonalData(raw, first).appendToStream('case-a', [contact], {
        expectedRevision: 'no-stream',
      })
      if (step !== 'before') {
        await expect(
          forgetSubject(
            protectPersonalData(raw, killedAfter(first, step)),
            killedAfter(first, step),
            { customer: 'pseud-1' },
            {
              at: '2026-02-01T00:00:00Z',
              erasure: 'req-1',
            },
          ),
        ).rejects.toBeInstanceOf(Killed)
      }
      await first.close()

      // The next process.
      const keys = await open(dir)
      const store = protectPersonalData(raw, keys)
      const [read] = await store.readStream('case-a')
      const subject = (read!.data as { subject: unknown }).subject
      const owed = E.getOrElseW(() => [])(await keys.openErasures())
      const proofs = await raw.readStream(ERASURE_STREAM)
      if (step === 'before') {
        expect(isReadable(subject)).toBe(true)
        expect(owed).toEqual([])
      } else {
        expect(isErased(subject)).toBe(true)
        expect(owed.map((e) => e.id)).toEqual(['req-1'])
        expect(proofs).toHaveLength(step === 'close' ? 1 : 0)
      }
      expect(E.isRight(await finishErasures(store, keys))).toBe(true)
      expect(await raw.readStream(ERASURE_STREAM)).toHaveLength(step === 'before' ? 0 : 1)
      expect(E.getOrElseW(() => [1])(await keys.openErasures())).toEqual([])
      await keys.close()
    },
  )
})

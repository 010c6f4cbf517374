/**
 * Scenario 10: personal data. The cost of sealing on the command path (a city year recorded
 * through the command handler on a file store, sealed under a file key store against the same
 * year unsealed), on replay (every projection over the sealed record read through its keys, and
 * read without them, against the unsealed record), and the key store's size and speed for 100,000
 * subjects with the keys a case makes.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cityYear, recordCityYear, replayRecord } from '@servicelife/audit'
import { FileKeyStore, KEY_LOG, type KeyScope, protectPersonalData } from '@servicelife/personal-data'
import { type EventStore, FileEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { alternate, type Row, row } from '../measure.js'

const orThrow = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}

const city = cityYear({ seed: 2025, services: 24, contacts: 2_000, year: 2025 })

/** Records the year into a new store (sealed under new keys, or not); the commands handled. */
const record = async (dir: string, sealed: boolean): Promise<number> => {
  rmSync(dir, { recursive: true, force: true })
  const store = orThrow(await FileEventStore.open(join(dir, 'store')))
  const keys = sealed ? orThrow(await FileKeyStore.open(join(dir, 'keys'))) : undefined
  const recorded = await recordCityYear(keys === undefined ? store : protectPersonalData(store, keys), city)
  await keys?.close()
  await store.close()
  return recorded.accepted + [...recorded.rejected.values()].reduce((a, b) => a + b, 0)
}

/** Replays every projection over the record in `dir`, through its keys or not; the events read. */
const replay = async (dir: string, withKeys: boolean): Promise<number> => {
  const store = orThrow(await FileEventStore.open(join(dir, 'store'), { readOnly: true }))
  const keys = withKeys ? orThrow(await FileKeyStore.open(join(dir, 'keys'), { readOnly: true })) : undefined
  const read: EventStore = keys === undefined ? store : protectPersonalData(store, keys)
  const replayed = orThrow(await replayRecord(read.readAll()))
  await keys?.close()
  await store.close()
  return replayed.events
}

/** The keys a case makes: the contact's subject and reference, the handler, the answer and who gave it. */
const caseScopes = (n: number): KeyScope[] => {
  const streamId = `case-${n}`
  return [
    { streamId, field: 'ContactReceived.subject', subject: 'customer', who: `pseud-${n}` },
    { streamId, field: 'ContactReceived.customer.ref', subject: 'customer', who: `pseud-${n}` },
    { streamId, field: 'CaseOpened.handler', subject: 'staff', who: `Staff member ${n % 40}` },
    { streamId, field: 'CaseAnswered.by', subject: 'staff', who: `Staff member ${n % 40}` },
    { streamId, field: 'CaseAnswered.summary', subject: 'customer' },
  ]
}

export const personalData = async (options: {
  readonly rounds: number
  readonly subjects: number
}): Promise<Row[]> => {
  const scratch = mkdtempSync(join(tmpdir(), 'servicelife-bench-personal-'))
  try {
    const sealed = join(scratch, 'sealed')
    const plain = join(scratch, 'plain')
    const commands = await alternate(
      options.rounds,
      () => record(sealed, true),
      () => record(plain, false),
    )
    const replayed = await alternate(
      options.rounds,
      () => replay(sealed, true),
      () => replay(plain, false),
    )
    const withoutKeys = await alternate(
      options.rounds,
      () => replay(sealed, false),
      () => replay(plain, false),
    )

    const keysDir = join(scratch, 'keys-100k')
    const keys = orThrow(await FileKeyStore.open(keysDir))
    const made = performance.now()
    for (let n = 0; n < options.subjects; n++) orThrow(await keys.keysFor(caseScopes(n)))
    const makeSeconds = (performance.now() - made) / 1000
    const size = keys.size
    await keys.close()
    const opening = performance.now()
    const reopened = orThrow(await FileKeyStore.open(keysDir, { readOnly: true }))
    const openSeconds = (performance.now() - opening) / 1000
    await reopened.close()
    const bytes = statSync(join(keysDir, KEY_LOG)).size

    return [
      row(
        '10a personal data: command path',
        `a city year of ${city.commands.length} commands, file store, sealed vs not`,
        'commands/s',
        commands.a,
        {
          name: 'the same year unsealed',
          value: commands.b,
        },
      ),
      row(
        '10b personal data: replay with keys',
        'every projection over the sealed year, fields opened',
        'events/s',
        replayed.a,
        {
          name: 'the same year unsealed',
          value: replayed.b,
        },
      ),
      row(
        '10c personal data: replay without keys',
        'every projection over the sealed year, fields left sealed',
        'events/s',
        withoutKeys.a,
        {
          name: 'the same year unsealed',
          value: withoutKeys.b,
        },
      ),
      row(
        '10d key store',
        `${options.subjects.toLocaleString('en-US')} subjects x 5 keys (${size} keys): keys.ndjson`,
        'bytes',
        bytes,
      ),
      row(
        '10e key store',
        `made one subject at a time (a write and sync each)`,
        'subjects/s',
        options.subjects / makeSeconds,
      ),
      row('10f key store', `opened to read: ${size} keys`, 's', openSeconds),
    ]
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

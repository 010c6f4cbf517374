/**
 * The commands on personal data: `forget`, `retention`, `subject-export`, and the `--keys` that
 * `demo` and `explain` take. The key store is a directory (`FileKeyStore`) or a postgres://
 * connection string (`PostgresKeyStore`); a command that only reads opens it without writing.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { EntityId, PseudonymousRef, ShortText } from '@servicelife/domain'
import {
  decodeRetentionTable,
  FileKeyStore,
  forgetSubject,
  type KeyStore,
  protectPersonalData,
  runRetention,
  subjectExport,
} from '@servicelife/personal-data'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import { AsOfArgument, decodeArgument, FileArgument, shownStore, TimeArgument } from '../core/arguments.js'
import { applicative, common, EXIT, fail, type Io, printJson, withStore } from './commands.js'
import type { OpenedStore } from './open-store.js'
import { writeFileAtomically } from './write-file.js'

type Options = Readonly<Record<string, unknown>>

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`

/** `read`: an existing key store, not written; `existing`: an existing one, written; `create`: made where absent. */
export type KeysMode = 'read' | 'existing' | 'create'

export const KeysArgument = new t.Type<string, string, unknown>(
  'a key store directory or a postgres:// connection string',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && u.trim() !== '' ? t.success(u) : t.failure(u, c)),
  t.identity,
)

interface KeysError {
  readonly message: string
  readonly exit: 1 | 2
}

const POSTGRES_PACKAGE = '@servicelife/postgres'

/** Opens the key store `--keys` names; every failure a message and its exit code. */
export const openKeys = async (keys: string, mode: KeysMode): Promise<E.Either<KeysError, KeyStore>> => {
  if (/^postgres(ql)?:\/\//.test(keys)) {
    let adapter: {
      PostgresKeyStore: {
        connect(
          c: string,
          o: { readonly readOnly: boolean },
        ): Promise<E.Either<{ readonly message: string }, KeyStore>>
      }
    }
    try {
      adapter = (await import(POSTGRES_PACKAGE)) as typeof adapter
    } catch {
      return E.left({
        message: `${shownStore(keys)}: PostgreSQL key stores need the ${POSTGRES_PACKAGE} package`,
        exit: 2,
      })
    }
    const connected = await adapter.PostgresKeyStore.connect(keys, { readOnly: mode === 'read' })
    return E.mapLeft((e: { readonly message: string }) => ({ message: e.message, exit: 1 as const }))(
      connected,
    )
  }
  if (existsSync(keys) && !statSync(keys).isDirectory())
    return E.left({ message: `--keys: ${keys} is a file, not a key store directory`, exit: 2 })
  if (mode !== 'create' && !existsSync(keys))
    return E.left({ message: `--keys: no key store at ${keys}`, exit: 2 })
  const opened = await FileKeyStore.open(keys, { readOnly: mode === 'read' })
  return E.mapLeft((e: { readonly code: string; readonly message: string }) => ({
    message: e.message,
    exit: e.code === 'key-store-io' && mode === 'read' ? (2 as const) : (1 as const),
  }))(opened)
}

/**
 * Runs `work` on the opened store, protected by the key store `keys` names (decoded already,
 * `optionalKeys` or `requireKeys`) when one is given, the store as it is otherwise; the key store
 * is closed after.
 */
export const withKeys = async (
  io: Io,
  keys: string | undefined,
  mode: KeysMode,
  opened: OpenedStore,
  work: (opened: OpenedStore, keys: KeyStore | undefined) => Promise<number>,
): Promise<number> => {
  if (keys === undefined) return work(opened, undefined)
  const keyStore = await openKeys(keys, mode)
  if (E.isLeft(keyStore)) {
    // Nothing is written: a store this command made is taken away again.
    await opened.discard()
    return fail(io, keyStore.left.message, keyStore.left.exit)
  }
  try {
    return await work({ ...opened, store: protectPersonalData(opened.store, keyStore.right) }, keyStore.right)
  } finally {
    await keyStore.right.close()
  }
}

/** `--keys` where a command may take it (demo, explain): decoded before anything is opened. */
export const optionalKeys = (o: Options): E.Either<{ readonly message: string }, string | undefined> =>
  o.keys === undefined ? E.right(undefined) : decodeArgument('--keys', KeysArgument, o.keys)

/** `--keys` is required by the commands on personal data. */
const requireKeys = (o: Options): E.Either<{ readonly message: string }, string> =>
  o.keys === undefined
    ? E.left({ message: "required option '--keys <keys>' not specified" })
    : decodeArgument('--keys', KeysArgument, o.keys)

const decodeSubject = (o: Options) => {
  if (o.customer !== undefined && o.staff !== undefined)
    return E.left({ message: '--customer and --staff: forget one subject at a time' })
  if (o.customer !== undefined)
    return E.map((customer: string) => ({ customer }))(
      decodeArgument('--customer', PseudonymousRef, o.customer),
    )
  if (o.staff !== undefined)
    return E.map((staff: string) => ({ staff }))(decodeArgument('--staff', ShortText, o.staff))
  return E.left({ message: "required option '--customer <ref>' or '--staff <name>' not specified" })
}

const forget = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    keys: requireKeys(o),
    subject: decodeSubject(o),
    at: o.at === undefined ? E.right(new Date().toISOString()) : decodeArgument('--at', TimeArgument, o.at),
    erasure:
      o.erasure === undefined ? E.right(randomUUID()) : decodeArgument('--erasure', EntityId, o.erasure),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, subject, at, erasure } = decoded.right
  return withStore(io, o.store, 'write', (opened) =>
    withKeys(io, decoded.right.keys, 'existing', opened, async (protectedStore, keys) => {
      const done = await forgetSubject(protectedStore.store, keys!, subject, { at, erasure })
      if (E.isLeft(done)) return fail(io, done.left.message)
      const r = done.right
      const who = 'customer' in subject ? `customer ${subject.customer}` : `staff member ${subject.staff}`
      if (c.json) printJson(io, { subject, ...r })
      else
        io.out(
          r.keys === 0
            ? `servicelife forget: no keys held for ${who}: nothing sealed of theirs to erase\n`
            : `servicelife forget: ${who}: ${count(r.keys, 'key')} destroyed in ${count(r.streams, 'stream')}; erased: ${r.fields.join(', ')}; proof SubjectErased ${r.erasure} in record-erasures\n`,
        )
      for (const id of r.finished)
        io.err(`servicelife: finished erasure ${id}, left open by a process that stopped\n`)
      return EXIT.ok
    }),
  )
}

/** The retention table file, decoded; its problems are the caller's to fix (usage). */
const readTable = (path: string) => {
  if (!existsSync(path)) return E.left({ message: `--table: no file ${path}` })
  if (statSync(path).isDirectory()) return E.left({ message: `--table: ${path} is a directory, not a file` })
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    // JSON.parse quotes the text it stopped at: a binary file's bytes are not echoed to the terminal.
    const why = (error as Error).message.replace(/[^\x20-\x7e]/g, '?')
    return E.left({ message: `--table: ${path} is not JSON: ${why}` })
  }
  return E.mapLeft((e: { readonly message: string }) => ({ message: `--table: ${path}: ${e.message}` }))(
    decodeRetentionTable(json),
  )
}

const retention = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    keys: requireKeys(o),
    table: E.chain(readTable)(decodeArgument('--table', FileArgument, o.table)),
    asOf:
      o.asOf === undefined
        ? E.left({ message: "required option '--as-of <date>' not specified" })
        : decodeArgument('--as-of', AsOfArgument, o.asOf),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { common: c, table, asOf } = decoded.right
  const apply = o.apply === true
  // A dry run opens the store and the keys to read: it writes nothing to either.
  return withStore(io, o.store, apply ? 'write' : 'read', (opened) =>
    withKeys(io, decoded.right.keys, apply ? 'existing' : 'read', opened, async (_, keys) => {
      const done = await runRetention(opened.store, keys!, table, { asOf, apply })
      if (E.isLeft(done)) return fail(io, done.left.message)
      const r = done.right
      if (c.json) printJson(io, r)
      else {
        io.out(
          `servicelife retention as of ${asOf}${apply ? '' : ' (dry run: nothing erased; --apply to erase)'}\n`,
        )
        for (const line of r.lines)
          io.out(
            `  ${line.rule}: ${count(line.keys, 'key')} in ${count(line.streams, 'stream')} ${apply ? (line.keys > 0 ? `erased (SubjectErased ${line.erasure})` : 'erased: none') : 'expired'}\n`,
          )
      }
      return EXIT.ok
    }),
  )
}

const exportSubject = async (io: Io, o: Options): Promise<number> => {
  const decoded = applicative({
    common: common(o),
    keys: requireKeys(o),
    customer:
      o.customer === undefined
        ? E.left({ message: "required option '--customer <ref>' not specified" })
        : decodeArgument('--customer', PseudonymousRef, o.customer),
    out: o.out === undefined ? E.right(undefined) : decodeArgument('--out', FileArgument, o.out),
  })
  if (E.isLeft(decoded)) return fail(io, decoded.left.message, EXIT.usage)
  const { customer, out } = decoded.right
  if (out !== undefined && existsSync(out) && statSync(out).isDirectory())
    return fail(io, `--out: ${out} is a directory, not a file`, EXIT.usage)
  return withStore(io, o.store, 'read', (opened) =>
    withKeys(io, decoded.right.keys, 'read', opened, async (protectedStore, keys) => {
      const exported = await subjectExport(protectedStore.store, keys!, customer)
      if (E.isLeft(exported)) return fail(io, exported.left.message)
      const json = `${JSON.stringify(exported.right, null, 2)}\n`
      if (out === undefined) {
        io.out(json)
        return EXIT.ok
      }
      const problem = writeFileAtomically(out, json)
      if (problem !== undefined) return fail(io, `--out: ${out}: ${problem}`)
      io.err(
        `servicelife subject-export: customer ${customer}: ${exported.right.streams.length} streams written to ${out}\n`,
      )
      return EXIT.ok
    }),
  )
}

export const personalDataCommands = { forget, retention, subjectExport: exportSubject }

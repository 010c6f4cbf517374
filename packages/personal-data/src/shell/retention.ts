/**
 * Running the retention table over a record: what has expired as of a time, and with `apply`,
 * its keys destroyed with proof (one erasure per rule, `rule: 'retention'`). A dry run writes
 * nothing, neither to the record nor to the key store.
 */
import { randomUUID } from 'node:crypto'
import type { EventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import {
  closingOf,
  describeRule,
  expiredKeys,
  type RetentionTable,
  type SealedFieldFact,
  sealedFieldsOf,
} from '../core/retention.js'
import type { KeyStore } from '../port/key-store.js'
import { type ErasureError, erase, finishErasures } from './erasure.js'

export interface RetentionOptions {
  /** The time retention is judged at (ISO-8601). */
  readonly asOf: string
  /** Destroy what expired; without it, only report. */
  readonly apply?: boolean
  /** The id of each rule's erasure (a random uuid by default). */
  readonly erasureId?: () => string
}

export interface RetentionLine {
  /** The rule as a sentence: `ContactReceived.subject P2Y after case-closed`. */
  readonly rule: string
  /** Keys that expired and are still held: destroyed under `apply`. */
  readonly keys: number
  readonly streams: number
  /** The erasure that destroyed them, under `apply`. */
  readonly erasure?: string
}

export interface RetentionReport {
  readonly asOf: string
  readonly applied: boolean
  readonly lines: ReadonlyArray<RetentionLine>
}

/** Reads the record as stored (the store given is read below any sealing; keys are looked up, not opened). */
export const runRetention = async (
  store: EventStore,
  keys: KeyStore,
  table: RetentionTable,
  options: RetentionOptions,
): Promise<E.Either<ErasureError, RetentionReport>> => {
  const facts = new Map<string, SealedFieldFact>()
  const closed = new Map<string, string>()
  for await (const event of store.readAll()) {
    for (const fact of sealedFieldsOf(event)) {
      const known = facts.get(fact.keyId)
      if (known === undefined || Date.parse(fact.at) > Date.parse(known.at)) facts.set(fact.keyId, fact)
    }
    const closing = closingOf(event)
    if (closing !== undefined) closed.set(event.streamId, closing)
  }
  // A key already destroyed has nothing left to expire.
  for (const keyId of [...facts.keys()]) {
    const held = await keys.keyById(keyId)
    if (E.isLeft(held)) return held
    if (held.right === undefined) facts.delete(keyId)
  }
  const expiries = expiredKeys(table, { keys: facts, closed }, Date.parse(options.asOf))
  const apply = options.apply === true
  if (apply) {
    const finished = await finishErasures(store, keys)
    if (E.isLeft(finished)) return finished
  }
  const lines: RetentionLine[] = []
  for (const expiry of expiries) {
    const line = { rule: describeRule(expiry.rule), keys: expiry.keyIds.length, streams: expiry.streams }
    if (!apply || expiry.keyIds.length === 0) {
      lines.push(line)
      continue
    }
    const id = (options.erasureId ?? randomUUID)()
    const done = await erase(store, keys, {
      id,
      at: options.asOf,
      rule: 'retention',
      fields: [expiry.rule.field],
      keyIds: expiry.keyIds,
      retention: line.rule,
    })
    if (E.isLeft(done)) return done
    lines.push({ ...line, erasure: id })
  }
  return E.right({ asOf: options.asOf, applied: apply, lines })
}

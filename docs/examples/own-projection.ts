/**
 * Writing your own projection: contacts by the language the customer wrote in, kept current by
 * the runner beside the library's projections. This file is compiled with the project and run
 * by docs/own-projection.unit.spec.ts.
 */
import { readDomainEvent } from '@servicelife/domain'
import {
  InMemoryCheckpointStore,
  type Projection,
  ProjectionRunner,
  type RunnerFailure,
} from '@servicelife/projections'
import type { EventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

/** The state: plain objects and numbers, which every checkpoint store can write and read back. */
type ByLanguage = Readonly<Record<string, number>>

export const contactsByLanguage: Projection<ByLanguage> = {
  name: 'contactsByLanguage',
  // Raise it when the meaning of the state changes: checkpoints of another version are rebuilt.
  version: 1,
  initial: {},
  // Pure: no clock, no I/O, and never a change to the state it is given.
  apply: (state, recorded) => {
    const read = readDomainEvent(recorded)
    if (E.isLeft(read)) return state
    let next = state
    for (const event of read.right)
      if (event.type === 'ContactReceived')
        next = { ...next, [event.data.language]: (next[event.data.language] ?? 0) + 1 }
    return next
  },
}

/** Runs it over a store until stopped; failures are reported, never thrown at the process. */
export const runContactsByLanguage = async (store: EventStore) => {
  const failures: RunnerFailure[] = []
  const runner = new ProjectionRunner({
    store,
    projections: [contactsByLanguage],
    checkpoints: new InMemoryCheckpointStore(),
    onError: (failure) => failures.push(failure),
  })
  // Resolves once the projection has caught up with the store's head.
  await runner.start()
  return { runner, failures, now: () => runner.state(contactsByLanguage) }
}

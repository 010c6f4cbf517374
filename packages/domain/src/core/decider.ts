import type { Either } from 'fp-ts/lib/Either.js'
import type { DomainError } from './errors.js'

/**
 * A decider: the pure heart of a stream. `decide` answers a command with the events it causes
 * or the rule it breaks; `evolve` folds one event into the state. No I/O, clock or randomness:
 * time and ids arrive inside the command.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: State
  readonly decide: (command: Command, state: State) => Either<DomainError, ReadonlyArray<Event>>
  readonly evolve: (state: State, event: Event) => State
}

/** Folds events from the initial state (data-last, for `pipe`). */
export const fold =
  <Event, State>(decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>) =>
  (events: Iterable<Event>): State => {
    let state = decider.initialState
    for (const event of events) state = decider.evolve(state, event)
    return state
  }

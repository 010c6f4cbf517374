/**
 * Command sequences aimed at one stream: values drawn from small pools so that rules meet each
 * other (the same channel opened twice, a referral to the current service, time stepping back),
 * and `acceptedHistory` which keeps what a decider accepts: valid lifecycles and case journeys.
 */
import type { CaseCommand, Decider, DomainError, ServiceCommand } from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { helsinkiIso } from '../fixtures/time.js'
import { caseCommand, serviceCommand } from './events.js'

export const SERVICE_ID = 'svc'
export const CASE_ID = 'case-1'
const START = Date.UTC(2024, 0, 1, 8)

/** Minutes between commands: mostly forward (up to 60 days), sometimes back in time. */
const step = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 60 * 24 * 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: -60 * 24, max: -1 }) },
)

const timed = <T, C>(
  commands: fc.Arbitrary<T>,
  retarget: (drawn: T, at: string, stray: boolean) => C,
  maxLength: number,
): fc.Arbitrary<ReadonlyArray<C>> =>
  fc.array(fc.tuple(commands, step, fc.double({ min: 0, max: 1, noNaN: true })), { maxLength }).map((steps) => {
    let ms = START
    return steps.map(([command, minutes, dice]) => {
      ms += minutes * 60_000
      return retarget(command, helsinkiIso(ms), dice < 0.02)
    })
  })

const pick = <V>(values: readonly V[], dice: number): V => values[Math.floor(dice * values.length) % values.length]!

/** Commands for the service `svc` (2% for another service), with replacements and modes from small pools. */
export const serviceCommandSequence = (maxLength = 25): fc.Arbitrary<ReadonlyArray<ServiceCommand>> =>
  timed(
    fc.tuple(serviceCommand, fc.double({ min: 0, max: 0.999, noNaN: true })),
    ([command, dice], at, stray) => {
      const data = { ...command.data, serviceId: stray ? 'other-svc' : SERVICE_ID, at }
      if (command.type === 'RetireService') {
        const replacedBy = pick([undefined, SERVICE_ID, 'svc-2'], dice)
        const { replacedBy: _, ...rest } = data as typeof command.data
        return { type: command.type, data: replacedBy === undefined ? rest : { ...rest, replacedBy } }
      }
      return { ...command, data } as ServiceCommand
    },
    maxLength,
  )

/** Commands for the case `case-1`: contacts k1-k3, services s1-s3, target states mostly in production. */
export const caseCommandSequence = (maxLength = 25): fc.Arbitrary<ReadonlyArray<CaseCommand>> =>
  timed(
    fc.tuple(caseCommand, fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true })),
    ([command, a, b], at, stray) => {
      const caseId = stray ? 'other-case' : CASE_ID
      const contact = pick(['k1', 'k2', 'k3'], a)
      const service = pick(['s1', 's2', 's3'], b)
      const targetServiceState = pick(['in-production', 'in-production', 'disrupted', 'retired', 'planned'] as const, a)
      const data: Record<string, unknown> = { ...command.data, caseId, at }
      if (command.type === 'ReceiveContact') data.contactId = contact
      if (command.type === 'OpenCase') Object.assign(data, { onContact: contact, serviceId: service, targetServiceState })
      if (command.type === 'ReferCase') {
        Object.assign(data, { from: pick(['s1', 's2', 's3'], a), to: service, targetServiceState })
      }
      return { type: command.type, data } as CaseCommand
    },
    maxLength,
  )

export interface Decided<C, Ev> {
  readonly command: C
  readonly outcome: E.Either<DomainError, ReadonlyArray<Ev>>
}

/** Runs commands through a decider, folding accepted events; returns every outcome and the history. */
export const runCommands = <C, Ev, S>(
  decider: Decider<C, Ev, S>,
  commands: ReadonlyArray<C>,
): { readonly events: ReadonlyArray<Ev>; readonly state: S; readonly outcomes: ReadonlyArray<Decided<C, Ev>> } => {
  let state = decider.initialState
  const events: Ev[] = []
  const outcomes: Decided<C, Ev>[] = []
  for (const command of commands) {
    const outcome = decider.decide(command, state)
    outcomes.push({ command, outcome })
    if (E.isRight(outcome)) {
      for (const event of outcome.right) {
        state = decider.evolve(state, event)
        events.push(event)
      }
    }
  }
  return { events, state, outcomes }
}

/** The events a decider accepts from generated commands: valid lifecycles or journeys, shrinkable. */
export const acceptedHistory = <C, Ev, S>(
  decider: Decider<C, Ev, S>,
  commands: fc.Arbitrary<ReadonlyArray<C>>,
): fc.Arbitrary<ReadonlyArray<Ev>> => commands.map((cs) => runCommands(decider, cs).events)

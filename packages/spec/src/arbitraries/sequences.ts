/**
 * Command sequences aimed at one stream: values drawn from small pools so that rules meet each
 * other (the same channel opened twice, a referral to the current service, time stepping back),
 * and `acceptedHistory` which keeps what a decider accepts: valid lifecycles and case journeys.
 */
import type {
  CaseCommand,
  RoutedCaseCommand,
  Decider,
  DomainError,
  ProductionMode,
  ServiceCommand,
  ServiceLifecycle,
} from '@servicelife/domain'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { helsinkiIso } from '@servicelife/domain'
import { answerPromise, weightedCommands } from './events.js'

export const SERVICE_ID = 'svc'
export const CASE_ID = 'case-1'
const START = Date.UTC(2024, 0, 1, 8)

/** Minutes between commands: mostly forward (up to 60 days), sometimes back in time. */
const step = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 60 * 24 * 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: -60 * 24, max: -1 }) },
)

/** Gives drawn commands increasing business times; about one in fifty goes to another entity. */
const timed = <T, C>(
  drawn: fc.Arbitrary<T>,
  retarget: (drawn: T, at: string, stray: boolean) => C,
  maxLength: number,
): fc.Arbitrary<ReadonlyArray<C>> =>
  fc
    .array(fc.tuple(drawn, step, fc.integer({ min: 0, max: 49 })), {
      minLength: Math.ceil(maxLength / 3),
      maxLength,
    })
    .map((steps) => {
      let ms = START
      return steps.map(([command, minutes, dice]) => {
        ms += minutes * 60_000
        return retarget(command, helsinkiIso(ms), dice === 7)
      })
    })

/** Commands for the service `svc`, kinds weighted to walk its life, modes and replacements from small pools. */
export const serviceCommandSequence = (maxLength = 25): fc.Arbitrary<ReadonlyArray<ServiceCommand>> =>
  timed(
    fc.tuple(
      weightedCommands<ServiceCommand>({
        PlanService: 3,
        RevisePlan: 1,
        LaunchService: 3,
        ReviewService: 2,
        ChangeProduction: 2,
        OpenChannel: 2,
        CloseChannel: 2,
        DisruptService: 2,
        RestoreService: 3,
        RetireService: 1,
      }),
      fc.constantFrom<ProductionMode>('own', 'own', 'third-sector', 'purchased'),
      fc.constantFrom(undefined, SERVICE_ID, 'svc-2'),
    ),
    ([command, from, replacedBy], at, stray) => {
      const data = { ...command.data, serviceId: stray ? 'other-svc' : SERVICE_ID, at }
      if (command.type === 'ChangeProduction')
        return { type: command.type, data: { ...data, from } } as ServiceCommand
      if (command.type === 'RetireService') {
        const { replacedBy: _, ...rest } = data as typeof command.data
        return { type: command.type, data: replacedBy === undefined ? rest : { ...rest, replacedBy } }
      }
      return { ...command, data } as ServiceCommand
    },
    maxLength,
  )

/** Commands for the case `case-1`: contacts k1-k3, services s1-s3, target services mostly in production. */
const caseCommandSteps = (maxLength: number): fc.Arbitrary<ReadonlyArray<RoutedCaseCommand>> =>
  timed(
    fc.tuple(
      weightedCommands<CaseCommand>({
        ReceiveContact: 3,
        OpenCase: 2,
        GiveConsent: 2,
        WithdrawConsent: 1,
        ReferCase: 3,
        AnswerCase: 4,
        GiveFeedback: 2,
        CloseCase: 1,
      }),
      fc.constantFrom('k1', 'k2', 'k3'),
      fc.constantFrom('s1', 's2', 's3'),
      fc.constantFrom('s1', 's2', 's3'),
      fc.constantFrom<ServiceLifecycle>(
        'in-production',
        'in-production',
        'in-production',
        'disrupted',
        'retired',
        'planned',
      ),
      fc.option(answerPromise, { nil: undefined }),
    ),
    ([command, contact, service, from, lifecycle, promise], at, stray) => {
      const data: Record<string, unknown> = { ...command.data, caseId: stray ? 'other-case' : CASE_ID, at }
      if (command.type === 'ReceiveContact') data.contactId = contact
      if (command.type === 'OpenCase') Object.assign(data, { onContact: contact, serviceId: service })
      if (command.type === 'ReferCase') Object.assign(data, { from, to: service })
      const routed = command.type === 'OpenCase' || command.type === 'ReferCase'
      const target = { lifecycle, ...(promise === undefined ? {} : { answerPromise: promise }) }
      return (
        routed ? { type: command.type, data, target } : { type: command.type, data }
      ) as RoutedCaseCommand
    },
    maxLength,
  )

/**
 * Commands for the case `case-1`: contacts k1-k3, services s1-s3, target services mostly in
 * production. Most sequences begin as a real journey does (a contact, then opening on it), so that
 * answers, re-contacts, referrals and feedback are reached often; the rest start anywhere.
 */
export const caseCommandSequence = (maxLength = 25): fc.Arbitrary<ReadonlyArray<RoutedCaseCommand>> =>
  fc
    .tuple(caseCommandSteps(maxLength), fc.boolean(), fc.boolean())
    .map(([commands, startAsJourney, withConsent]) => {
      const first = commands.find((c) => c.type === 'ReceiveContact')
      if (!startAsJourney || first === undefined || first.type !== 'ReceiveContact') return commands
      const { at } = first.data
      const opening: RoutedCaseCommand[] = [
        { ...first, data: { ...first.data, caseId: CASE_ID, contactId: 'k1' } },
        {
          type: 'OpenCase',
          data: { caseId: CASE_ID, at, serviceId: 's1', onContact: 'k1' },
          target: { lifecycle: 'in-production' },
        },
        ...(withConsent
          ? [
              {
                type: 'GiveConsent',
                data: { caseId: CASE_ID, at, scope: 'share-with-city-services' },
              } as RoutedCaseCommand,
            ]
          : []),
      ]
      return [...opening, ...commands.filter((c) => c !== first)]
    })

export interface Decided<C, Ev> {
  readonly command: C
  readonly outcome: E.Either<DomainError, ReadonlyArray<Ev>>
}

/** Runs commands through a decider, folding accepted events; returns every outcome and the history. */
export const runCommands = <C, Ev, S>(
  decider: Decider<C, Ev, S>,
  commands: ReadonlyArray<C>,
): {
  readonly events: ReadonlyArray<Ev>
  readonly state: S
  readonly outcomes: ReadonlyArray<Decided<C, Ev>>
} => {
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

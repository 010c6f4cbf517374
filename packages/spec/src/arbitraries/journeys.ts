/**
 * Realistic shapes: a case journey as the Turku guidance model describes it (contact on any
 * channel, opened on the first contact, sometimes referred with consent, mostly answered, some
 * late, some never, feedback, closing), and commands that must be refused at the boundary.
 */
import {
  type CaseCommand,
  helsinkiIso,
  type RoutedCaseCommand,
  routeCaseCommand,
  type ServiceCommand,
} from '@servicelife/domain'
import fc from 'fast-check'
import { caseCommand, contactChannel, customerKind, serviceCommand } from './events.js'
import { score, words } from './primitives.js'

/**
 * A case command as the case decider takes it when the service it routes the case to is in
 * production: what a command handler gives the decider for a journey's services.
 */
export const inProduction = (command: CaseCommand): RoutedCaseCommand =>
  routeCaseCommand(command, { lifecycle: 'in-production' })

/** Present in about one draw of `1 + absentWeight`, else null. */
export const sometimes = <T>(arbitrary: fc.Arbitrary<T>, absentWeight: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 1, arbitrary }, { weight: absentWeight, arbitrary: fc.constant(null) })

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

export interface JourneyOptions {
  readonly caseId: string
  /** Epoch ms of the first contact. */
  readonly start: number
  /** Services in production the case can be routed and referred to. */
  readonly services: ReadonlyArray<string>
  /**
   * Who the case is about and who handles it: with it, each contact names a customer from the
   * pool by their pseudonymous reference, the case a handler, the answer who gave it, and some
   * feedback a comment. Without it, none of these (as before).
   */
  readonly people?: People
}

/** Customers' pseudonymous references and staff members' names that cases are drawn from. */
export interface People {
  readonly customers: ReadonlyArray<string>
  readonly staff: ReadonlyArray<string>
}

/** Days to the first answer: most within a day or two, some late (weeks), some never (undefined). */
const answerDelay = fc.oneof(
  { weight: 14, arbitrary: fc.integer({ min: 5, max: 2 * 24 * 60 }).map((m) => m * MINUTE) },
  { weight: 4, arbitrary: fc.integer({ min: 2, max: 13 }).map((d) => d * DAY) },
  { weight: 1, arbitrary: fc.integer({ min: 15, max: 60 }).map((d) => d * DAY) },
  { weight: 1, arbitrary: fc.constant(undefined) },
)

/** The commands of one customer's case, every one of them valid for the case decider. */
export const caseJourney = ({
  caseId,
  start,
  services,
  people,
}: JourneyOptions): fc.Arbitrary<ReadonlyArray<CaseCommand>> =>
  fc
    .tuple(
      fc.record({
        channel: contactChannel,
        kind: customerKind,
        language: fc.constantFrom('fi', 'fi', 'fi', 'sv', 'en'),
        subject: words(120),
        routedTo: fc.constantFrom(...services),
        referTo: sometimes(fc.constantFrom(...services), 4),
        delay: answerDelay,
        recontact: sometimes(fc.integer({ min: 60, max: 10 * 24 * 60 }), 5),
        feedback: sometimes(fc.tuple(score, score), 1),
        close: fc.boolean(),
      }),
      people === undefined
        ? fc.constant(undefined)
        : fc.record({
            ref: fc.constantFrom(...people.customers),
            handler: fc.constantFrom(...people.staff),
            by: fc.constantFrom(...people.staff),
            comment: sometimes(words(80), 1),
          }),
    )
    .map(([j, who]) => {
      const iso = (ms: number) => helsinkiIso(ms)
      const commands: CaseCommand[] = []
      const contact = (contactId: string, at: number): CaseCommand => ({
        type: 'ReceiveContact',
        data: {
          caseId,
          at: iso(at),
          contactId,
          channel: j.channel,
          customer: who === undefined ? { kind: j.kind } : { kind: j.kind, ref: who.ref },
          language: j.language,
          subject: j.subject,
        },
      })
      commands.push(contact(`${caseId}-c1`, start))
      commands.push({
        type: 'OpenCase',
        data: {
          caseId,
          at: iso(start + MINUTE),
          serviceId: j.routedTo,
          onContact: `${caseId}-c1`,
          ...(who === undefined ? {} : { handler: who.handler }),
        },
      })
      let now = start + MINUTE
      if (j.referTo !== null && j.referTo !== j.routedTo) {
        if (j.kind === 'resident' || j.kind === 'visitor') {
          commands.push({
            type: 'GiveConsent',
            data: { caseId, at: iso(now + MINUTE), scope: 'share-with-city-services' },
          })
        }
        now += 2 * MINUTE
        commands.push({
          type: 'ReferCase',
          data: {
            caseId,
            at: iso(now),
            from: j.routedTo,
            to: j.referTo,
            reason: 'Belongs to another service',
          },
        })
      }
      if (j.delay === undefined) {
        if (j.recontact !== null) commands.push(contact(`${caseId}-c2`, now + j.recontact * MINUTE))
        return commands
      }
      const answeredAt = Math.max(now, start + j.delay)
      commands.push({
        type: 'AnswerCase',
        data: {
          caseId,
          at: iso(answeredAt),
          channel: j.channel,
          by: who?.by ?? 'service desk',
          summary: who === undefined ? 'Answered.' : `Answered: ${j.subject}`,
        },
      })
      now = answeredAt
      if (j.feedback !== null) {
        now += 60 * MINUTE
        commands.push({
          type: 'GiveFeedback',
          data: {
            caseId,
            at: iso(now),
            needsMet: j.feedback[0],
            communication: j.feedback[1],
            ...(who?.comment == null ? {} : { comment: who.comment }),
          },
        })
      }
      if (j.close)
        commands.push({ type: 'CloseCase', data: { caseId, at: iso(now + MINUTE), outcome: 'resolved' } })
      return commands
    })

/** Commands that must not pass the boundary: a valid command with one field broken. */
export const invalidCommand: fc.Arbitrary<{ readonly command: unknown; readonly broken: string }> = fc
  .tuple(
    fc.oneof(serviceCommand as fc.Arbitrary<ServiceCommand | CaseCommand>, caseCommand),
    fc.integer({ min: 0, max: 4 }),
  )
  .map(([command, which]) => {
    const data = command.data as Record<string, unknown>
    const breakages: Array<[string, () => unknown]> = [
      ['data.at', () => ({ ...command, data: { ...data, at: '24.2.2025 klo 18' } })],
      ['type', () => ({ ...command, type: `${command.type}Now` })],
      ['data', () => ({ type: command.type })],
      [
        'data.serviceId|data.caseId',
        () => ({
          ...command,
          data: { ...data, ...('serviceId' in data ? { serviceId: '' } : { caseId: 'has space' }) },
        }),
      ],
      ['(root)', () => JSON.stringify(command)],
    ]
    const [broken, make] = breakages[which]!
    return { command: make(), broken }
  })

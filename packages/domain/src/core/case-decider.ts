/**
 * A customer's case (Turku omnichannel guidance decision): a contact on any channel, routed to
 * the right service, referred with consent, answered, given feedback, closed. The decider keeps
 * the promises checkable: every contact is either answered or visibly awaiting an answer.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { CaseEvent } from '../codecs/case-events.js'
import type { CaseCommand } from '../codecs/commands.js'
import type { CaseOutcome, ConsentScope, CustomerKind, ServiceLifecycle } from '../codecs/vocabulary.js'
import type { Decider } from './decider.js'
import { type CaseRule, caseError, type DomainError } from './errors.js'
import type { AnswerPromise } from '../codecs/service-events.js'
import { answerDueAt, type CityCalendar } from './city-calendar.js'
import { helsinki } from './helsinki-time.js'
import { isInProduction } from './service-decider.js'
import { instant } from './time.js'

export type CaseStatus = 'none' | 'contacted' | 'opened' | 'closed'

export interface CaseState {
  readonly status: CaseStatus
  readonly caseId?: string
  readonly customerKind?: CustomerKind
  /** The case's contact ids, oldest first. */
  readonly contactIds: ReadonlyArray<string>
  readonly contactCount: number
  /** The service the case is currently with (opened to, then referred to). */
  readonly serviceId?: string
  readonly consents: ReadonlyArray<ConsentScope>
  readonly answerCount: number
  readonly latestContactAt: number
  readonly latestAnswerAt: number
  readonly outcome?: CaseOutcome
  /** When the answer is due, as the case was opened (its service's promise). */
  readonly answerDue?: string
  readonly lastAt: number
}

export const initialCaseState: CaseState = {
  status: 'none',
  contactIds: [],
  contactCount: 0,
  consents: [],
  answerCount: 0,
  latestContactAt: Number.NEGATIVE_INFINITY,
  latestAnswerAt: Number.NEGATIVE_INFINITY,
  lastAt: Number.NEGATIVE_INFINITY,
}

/**
 * Whether the case has a contact. An array, not a linked list: a scan of one array touches far
 * less memory than chasing a node per contact, and cases have few contacts.
 */
export const hasContact = (state: CaseState, contactId: string): boolean =>
  state.contactIds.includes(contactId)

/** Promise 2: a case awaits an answer whenever its latest contact is later than its latest answer. */
export const isAwaitingAnswer = (state: CaseState): boolean => state.latestContactAt > state.latestAnswerAt

/** Consent management (Turku decision 003): a person's case is shared with another service only with consent. */
const referralNeedsConsent = (kind: CustomerKind | undefined): boolean =>
  kind === 'resident' || kind === 'visitor'
const SHARE: ConsentScope = 'share-with-city-services'
const closableWithoutAnswer: ReadonlySet<CaseOutcome> = new Set(['withdrawn', 'duplicate'])
const validScore = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 5

/** What a case command that routes the case to a service needs to know of that service. */
export interface ServiceFacts {
  readonly lifecycle: ServiceLifecycle
  /** The service's own answer promise, if it makes one. */
  readonly answerPromise?: AnswerPromise
}

type Routed<T extends CaseCommand['type']> = Extract<CaseCommand, { type: T }> & {
  /** The service the case is routed to, as the record shows it: looked up, never taken from the caller. */
  readonly target: ServiceFacts
  /** The city's calendar, for an answer due in days or working days (default Helsinki). */
  readonly calendar?: CityCalendar
}

/**
 * A case command as the decider takes it: opening and referral carry the facts of the service
 * they route the case to (the decider does no I/O; the shell reads them from the record).
 */
export type RoutedCaseCommand =
  Exclude<CaseCommand, { type: 'OpenCase' | 'ReferCase' }> | Routed<'OpenCase'> | Routed<'ReferCase'>

type Result = E.Either<DomainError, ReadonlyArray<CaseEvent>>
const emit = (event: CaseEvent): Result => E.right([event])

export const decideCase = (command: RoutedCaseCommand, state: CaseState): Result => {
  const id = command.data.caseId
  const fail = (
    code: CaseRule,
    message: string,
    source?: Pick<DomainError, 'principle' | 'promise'>,
  ): Result => E.left(caseError(code, id, message, source))
  const targetRule = (serviceId: string, target: ServiceFacts): Result | undefined =>
    isInProduction(target.lifecycle)
      ? undefined
      : fail(
          'target-service-in-production',
          `case ${id} cannot go to service ${serviceId}: it is ${target.lifecycle}, not in production`,
        )

  if (state.status === 'closed')
    return fail('closed-is-terminal', `case ${id} is closed; a closed case takes no further commands`)
  if (state.status === 'none' && command.type !== 'ReceiveContact') {
    return fail('case-starts-with-contact', `case ${id} has no contact yet; a case starts with a contact`, {
      promise: 3,
    })
  }
  if (state.caseId !== undefined && state.caseId !== id) {
    return fail('wrong-entity', `command for case ${id} sent to the stream of case ${state.caseId}`)
  }
  if (instant(command.data.at) < state.lastAt) {
    return fail(
      'time-never-goes-back',
      `${command.type} at ${command.data.at} is earlier than the latest event of case ${id}`,
    )
  }

  switch (command.type) {
    case 'ReceiveContact':
      return hasContact(state, command.data.contactId)
        ? fail('contact-received-once', `contact ${command.data.contactId} is already part of case ${id}`)
        : emit({ type: 'ContactReceived', data: command.data })
    case 'OpenCase': {
      const data = command.data
      if (state.status === 'opened') return fail('case-opened-once', `case ${id} is already opened`)
      if (!hasContact(state, data.onContact)) {
        return fail('opened-on-own-contact', `case ${id} has no contact ${data.onContact} to be opened on`, {
          promise: 3,
        })
      }
      // Promise 2 made measurable: the case is due an answer by the time its service promises.
      const promise = command.target.answerPromise
      const calendar = command.calendar ?? helsinki
      const opened =
        promise === undefined
          ? data
          : { ...data, answerDue: calendar.isoOf(answerDueAt(calendar, instant(data.at), promise)) }
      return targetRule(data.serviceId, command.target) ?? emit({ type: 'CaseOpened', data: opened })
    }
    case 'ReferCase': {
      const data = command.data
      if (state.status !== 'opened')
        return fail('refer-only-opened-case', `case ${id} must be opened before it is referred`)
      if (data.from !== state.serviceId) {
        return fail(
          'referred-from-current-service',
          `case ${id} is with service ${state.serviceId}, not ${data.from}`,
        )
      }
      if (data.to === state.serviceId) {
        return fail('not-referred-to-current-service', `case ${id} is already with service ${data.to}`)
      }
      if (referralNeedsConsent(state.customerKind) && !state.consents.includes(SHARE)) {
        return fail(
          'referral-needs-consent',
          `case ${id} of a ${state.customerKind} can be referred to service ${data.to} only with the customer's consent to share it`,
        )
      }
      return targetRule(data.to, command.target) ?? emit({ type: 'CaseReferred', data })
    }
    case 'GiveConsent':
      return state.consents.includes(command.data.scope)
        ? fail('consent-given-once', `case ${id} already has consent '${command.data.scope}'`)
        : emit({ type: 'ConsentGiven', data: command.data })
    case 'WithdrawConsent':
      return state.consents.includes(command.data.scope)
        ? emit({ type: 'ConsentWithdrawn', data: command.data })
        : fail(
            'consent-withdrawn-only-if-given',
            `case ${id} has no consent '${command.data.scope}' to withdraw`,
          )
    case 'AnswerCase':
      return state.status === 'opened'
        ? emit({ type: 'CaseAnswered', data: command.data })
        : fail('answer-only-open-case', `case ${id} must be opened before it is answered`, { promise: 2 })
    case 'GiveFeedback': {
      if (state.answerCount === 0)
        return fail('feedback-after-answer', `case ${id} has no answer to give feedback on`)
      const { needsMet, communication } = command.data
      if (!validScore(needsMet) || !validScore(communication)) {
        return fail(
          'score-in-range',
          `feedback scores of case ${id} must be integers 1-5, got ${needsMet} and ${communication}`,
        )
      }
      return emit({ type: 'FeedbackGiven', data: command.data })
    }
    case 'CloseCase':
      return state.answerCount === 0 && !closableWithoutAnswer.has(command.data.outcome)
        ? fail(
            'close-after-answer',
            `case ${id} cannot be closed as '${command.data.outcome}' before it is answered`,
            {
              promise: 2,
            },
          )
        : emit({ type: 'CaseClosed', data: command.data })
  }
}

/** Every field of a record named, its optional ones too: a literal of this type that forgets one does not compile. */
type EveryField<T> = { readonly [K in keyof Required<T>]: T[K] }

/**
 * The next state: the changes over the state. Written as a literal of every field, which the
 * compiler checks is whole, because on node 20 an object spread with overrides costs about fifty
 * times as much (`npm run bench` folds millions of events through this).
 */
const nextCase = (s: CaseState, changes: Partial<CaseState>): CaseState => {
  const next: EveryField<CaseState> = {
    status: changes.status ?? s.status,
    caseId: changes.caseId ?? s.caseId,
    customerKind: changes.customerKind ?? s.customerKind,
    contactIds: changes.contactIds ?? s.contactIds,
    contactCount: changes.contactCount ?? s.contactCount,
    serviceId: changes.serviceId ?? s.serviceId,
    consents: changes.consents ?? s.consents,
    answerCount: changes.answerCount ?? s.answerCount,
    latestContactAt: changes.latestContactAt ?? s.latestContactAt,
    latestAnswerAt: changes.latestAnswerAt ?? s.latestAnswerAt,
    outcome: changes.outcome ?? s.outcome,
    answerDue: changes.answerDue ?? s.answerDue,
    lastAt: changes.lastAt ?? s.lastAt,
  }
  return next
}

export const evolveCase = (state: CaseState, event: CaseEvent): CaseState => {
  const lastAt = instant(event.data.at)
  switch (event.type) {
    case 'ContactReceived':
      return nextCase(state, {
        status: state.status === 'none' ? 'contacted' : state.status,
        caseId: event.data.caseId,
        customerKind: state.customerKind ?? event.data.customer.kind,
        contactIds: state.contactIds.concat(event.data.contactId),
        contactCount: state.contactCount + 1,
        latestContactAt: lastAt,
        lastAt,
      })
    case 'CaseOpened':
      return nextCase(state, {
        status: 'opened',
        serviceId: event.data.serviceId,
        ...(event.data.answerDue === undefined ? {} : { answerDue: event.data.answerDue }),
        lastAt,
      })
    case 'CaseReferred':
      return nextCase(state, { serviceId: event.data.to, lastAt })
    case 'ConsentGiven':
      return nextCase(state, { consents: [...state.consents, event.data.scope], lastAt })
    case 'ConsentWithdrawn':
      return nextCase(state, { consents: state.consents.filter((s) => s !== event.data.scope), lastAt })
    case 'CaseAnswered':
      return nextCase(state, { answerCount: state.answerCount + 1, latestAnswerAt: lastAt, lastAt })
    case 'FeedbackGiven':
      return nextCase(state, { lastAt })
    case 'CaseClosed':
      return nextCase(state, { status: 'closed', outcome: event.data.outcome, lastAt })
  }
}

export type CaseDecider = Decider<RoutedCaseCommand, CaseEvent, CaseState>

export const caseDecider: CaseDecider = {
  initialState: initialCaseState,
  decide: decideCase,
  evolve: evolveCase,
}

/** Events of a case's stream (`case-<caseId>`): a customer's matter, from first contact to closing. */
import * as t from 'io-ts/lib/index.js'
import { EntityId, IsoDateTime, LanguageTag, LongText, Score, ShortText, struct, text } from './primitives.js'
import { personal } from './personal.js'
import { message } from './service-events.js'
import { CaseOutcome, ConsentScope, ContactChannel, CustomerKind } from './vocabulary.js'

const at = { caseId: EntityId, at: IsoDateTime }

/**
 * Who contacted: the kind of customer and at most a pseudonymous reference. Never a name or a
 * personal identity code: data protection is part of the model.
 */
export const Customer = struct('Customer', { kind: CustomerKind }, { ref: personal(EntityId) })
export type Customer = t.TypeOf<typeof Customer>

export const ContactReceivedData = struct(
  'ContactReceivedData',
  {
    ...at,
    contactId: EntityId,
    channel: ContactChannel,
    customer: Customer,
    language: LanguageTag,
    subject: personal(text(4000)),
  },
  { serviceId: EntityId },
)
export type ContactReceivedData = t.TypeOf<typeof ContactReceivedData>

export const CaseOpenedData = struct(
  'CaseOpenedData',
  { ...at, serviceId: EntityId, onContact: EntityId },
  {
    handler: personal(ShortText),
    /**
     * Since schema version 2: when the answer is due, from the answer promise of the service the
     * case was opened to (absent where the service made none).
     */
    answerDue: IsoDateTime,
  },
)
export type CaseOpenedData = t.TypeOf<typeof CaseOpenedData>

export const CaseReferredData = struct(
  'CaseReferredData',
  { ...at, from: EntityId, to: EntityId, reason: personal(LongText) },
  {},
)
export type CaseReferredData = t.TypeOf<typeof CaseReferredData>

export const ConsentData = struct('ConsentData', { ...at, scope: ConsentScope }, {})
export type ConsentData = t.TypeOf<typeof ConsentData>

export const CaseAnsweredData = struct(
  'CaseAnsweredData',
  { ...at, channel: ContactChannel, by: personal(ShortText), summary: personal(LongText) },
  {},
)
export type CaseAnsweredData = t.TypeOf<typeof CaseAnsweredData>

/** The two city-wide questions: "the service meets my needs", "communication is sufficient and understandable". */
export const FeedbackGivenData = struct(
  'FeedbackGivenData',
  { ...at, needsMet: Score, communication: Score },
  { comment: personal(LongText) },
)
export type FeedbackGivenData = t.TypeOf<typeof FeedbackGivenData>

export const CaseClosedData = struct('CaseClosedData', { ...at, outcome: CaseOutcome }, {})
export type CaseClosedData = t.TypeOf<typeof CaseClosedData>

export const caseEventCodecs = {
  ContactReceived: message('ContactReceived', ContactReceivedData),
  CaseOpened: message('CaseOpened', CaseOpenedData),
  CaseReferred: message('CaseReferred', CaseReferredData),
  ConsentGiven: message('ConsentGiven', ConsentData),
  ConsentWithdrawn: message('ConsentWithdrawn', ConsentData),
  CaseAnswered: message('CaseAnswered', CaseAnsweredData),
  FeedbackGiven: message('FeedbackGiven', FeedbackGivenData),
  CaseClosed: message('CaseClosed', CaseClosedData),
} as const

const c = caseEventCodecs
export const CaseEvent = t.union(
  [
    c.ContactReceived,
    c.CaseOpened,
    c.CaseReferred,
    c.ConsentGiven,
    c.ConsentWithdrawn,
    c.CaseAnswered,
    c.FeedbackGiven,
    c.CaseClosed,
  ],
  'CaseEvent',
)
export type CaseEvent = t.TypeOf<typeof CaseEvent>
export type CaseEventType = CaseEvent['type']

/**
 * Commands: `{ type, data }` whose data mirrors the event it produces. These are the public
 * codecs, what a caller may send: a fact about another stream (the state of the service a case
 * is routed to) is never taken from the caller, but looked up from the record (`RoutedCaseCommand`).
 */
import * as t from 'io-ts/lib/index.js'
import {
  CaseAnsweredData,
  CaseClosedData,
  CaseOpenedData,
  CaseReferredData,
  ConsentData,
  ContactReceivedData,
  FeedbackGivenData,
} from './case-events.js'
import { EntityId, LongText, refinedString, ShortText, struct, text } from './primitives.js'
import {
  message,
  ServiceAnswerPromiseSetData,
  ServiceChannelData,
  ServiceDisruptedData,
  ServiceLaunchedData,
  ServiceLinkedData,
  ServicePlannedData,
  ServicePlanRevisedData,
  ServiceProductionChangedData,
  ServiceRestoredData,
  ServiceRetiredData,
  ServiceReviewedData,
} from './service-events.js'
import { CustomerKind } from './vocabulary.js'

/*
 * A command carries a personal field as text: sealed and erased values are the record's, never
 * a caller's. The command data below are their events' data with those fields as plain text.
 */

export const ReviewServiceData = struct(
  'ReviewServiceData',
  { ...ServiceReviewedData.required, reviewer: ShortText },
  ServiceReviewedData.optional,
)
export type ReviewServiceData = t.TypeOf<typeof ReviewServiceData>

export const serviceCommandCodecs = {
  PlanService: message('PlanService', ServicePlannedData),
  RevisePlan: message('RevisePlan', ServicePlanRevisedData),
  LaunchService: message('LaunchService', ServiceLaunchedData),
  ReviewService: message('ReviewService', ReviewServiceData),
  ChangeProduction: message('ChangeProduction', ServiceProductionChangedData),
  OpenChannel: message('OpenChannel', ServiceChannelData),
  CloseChannel: message('CloseChannel', ServiceChannelData),
  DisruptService: message('DisruptService', ServiceDisruptedData),
  RestoreService: message('RestoreService', ServiceRestoredData),
  RetireService: message('RetireService', ServiceRetiredData),
  SetAnswerPromise: message('SetAnswerPromise', ServiceAnswerPromiseSetData),
  LinkService: message('LinkService', ServiceLinkedData),
} as const

/**
 * A Finnish personal identity code (henkilötunnus) anywhere in a text: six digits of a birth date,
 * the century sign, three digits and the check character.
 */
const IDENTITY_CODE = /(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]/i

/** Whether a text holds something shaped like a Finnish personal identity code. */
export const containsIdentityCode = (text: string): boolean => IDENTITY_CODE.test(text)

/**
 * A customer reference as a command may give it: an entity id that is a pseudonym, never a
 * personal identity code (a blind index of one, `blindIndex`, is the way to look a person up).
 */
export const PseudonymousRef = refinedString(
  'PseudonymousRef (an entity id, not a personal identity code)',
  (s) => EntityId.is(s) && !containsIdentityCode(s),
)

/** The customer of a new contact: refs are checked to be pseudonymous (recorded ones stay readable as they were). */
export const ContactCustomer = struct('Customer', { kind: CustomerKind }, { ref: PseudonymousRef })

export const ReceiveContactData = struct(
  'ReceiveContactData',
  { ...ContactReceivedData.required, customer: ContactCustomer, subject: text(4000) },
  ContactReceivedData.optional,
)
export type ReceiveContactData = t.TypeOf<typeof ReceiveContactData>

/** Opening a case: its answer's due time is the decider's to set, from the service's promise. */
export const OpenCaseData = struct('OpenCaseData', CaseOpenedData.required, {
  handler: ShortText,
})
export type OpenCaseData = t.TypeOf<typeof OpenCaseData>

export const ReferCaseData = struct(
  'ReferCaseData',
  { ...CaseReferredData.required, reason: LongText },
  CaseReferredData.optional,
)
export type ReferCaseData = t.TypeOf<typeof ReferCaseData>

export const AnswerCaseData = struct(
  'AnswerCaseData',
  { ...CaseAnsweredData.required, by: ShortText, summary: LongText },
  CaseAnsweredData.optional,
)
export type AnswerCaseData = t.TypeOf<typeof AnswerCaseData>

export const GiveFeedbackData = struct('GiveFeedbackData', FeedbackGivenData.required, {
  ...FeedbackGivenData.optional,
  comment: LongText,
})
export type GiveFeedbackData = t.TypeOf<typeof GiveFeedbackData>

export const caseCommandCodecs = {
  ReceiveContact: message('ReceiveContact', ReceiveContactData),
  OpenCase: message('OpenCase', OpenCaseData),
  ReferCase: message('ReferCase', ReferCaseData),
  GiveConsent: message('GiveConsent', ConsentData),
  WithdrawConsent: message('WithdrawConsent', ConsentData),
  AnswerCase: message('AnswerCase', AnswerCaseData),
  GiveFeedback: message('GiveFeedback', GiveFeedbackData),
  CloseCase: message('CloseCase', CaseClosedData),
} as const

const s = serviceCommandCodecs
export const ServiceCommand = t.union(
  [
    s.PlanService,
    s.RevisePlan,
    s.LaunchService,
    s.ReviewService,
    s.ChangeProduction,
    s.OpenChannel,
    s.CloseChannel,
    s.DisruptService,
    s.RestoreService,
    s.RetireService,
    s.SetAnswerPromise,
    s.LinkService,
  ],
  'ServiceCommand',
)
export type ServiceCommand = t.TypeOf<typeof ServiceCommand>
export type ServiceCommandType = ServiceCommand['type']

const c = caseCommandCodecs
export const CaseCommand = t.union(
  [
    c.ReceiveContact,
    c.OpenCase,
    c.ReferCase,
    c.GiveConsent,
    c.WithdrawConsent,
    c.AnswerCase,
    c.GiveFeedback,
    c.CloseCase,
  ],
  'CaseCommand',
)
export type CaseCommand = t.TypeOf<typeof CaseCommand>
export type CaseCommandType = CaseCommand['type']

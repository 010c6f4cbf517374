/**
 * Commands: `{ type, data }` whose data mirrors the event it produces. Case commands that name a
 * service also carry that service's lifecycle state, looked up by the shell (the decider does no I/O).
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
import { StructType, struct } from './primitives.js'
import {
  message,
  ServiceChannelData,
  ServiceDisruptedData,
  ServiceLaunchedData,
  ServicePlannedData,
  ServicePlanRevisedData,
  ServiceProductionChangedData,
  ServiceRestoredData,
  ServiceRetiredData,
  ServiceReviewedData,
} from './service-events.js'
import { ServiceLifecycle } from './vocabulary.js'

export const serviceCommandCodecs = {
  PlanService: message('PlanService', ServicePlannedData),
  RevisePlan: message('RevisePlan', ServicePlanRevisedData),
  LaunchService: message('LaunchService', ServiceLaunchedData),
  ReviewService: message('ReviewService', ServiceReviewedData),
  ChangeProduction: message('ChangeProduction', ServiceProductionChangedData),
  OpenChannel: message('OpenChannel', ServiceChannelData),
  CloseChannel: message('CloseChannel', ServiceChannelData),
  DisruptService: message('DisruptService', ServiceDisruptedData),
  RestoreService: message('RestoreService', ServiceRestoredData),
  RetireService: message('RetireService', ServiceRetiredData),
} as const

/**
 * Routed case data: the event's fields plus the target service's lifecycle state, which the shell
 * looks up; absent means not looked up (unknown) and is rejected by the decider.
 */
const routed = <R extends t.Props, O extends t.Props>(data: StructType<R, O>, name: string) =>
  struct(name, data.required, { ...data.optional, targetServiceState: ServiceLifecycle })

export const OpenCaseData = routed(CaseOpenedData, 'OpenCaseData')
export type OpenCaseData = t.TypeOf<typeof OpenCaseData>
export const ReferCaseData = routed(CaseReferredData, 'ReferCaseData')
export type ReferCaseData = t.TypeOf<typeof ReferCaseData>

export const caseCommandCodecs = {
  ReceiveContact: message('ReceiveContact', ContactReceivedData),
  OpenCase: message('OpenCase', OpenCaseData),
  ReferCase: message('ReferCase', ReferCaseData),
  GiveConsent: message('GiveConsent', ConsentData),
  WithdrawConsent: message('WithdrawConsent', ConsentData),
  AnswerCase: message('AnswerCase', CaseAnsweredData),
  GiveFeedback: message('GiveFeedback', FeedbackGivenData),
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

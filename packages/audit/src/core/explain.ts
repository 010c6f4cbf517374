/**
 * The story of one service or case: each event with its time, what it changed in the entity's
 * state (as the decider folds it), the rules the decider checked before it was accepted, and the
 * strategy's findings on the entity. Pure: the shell brings the entity's events.
 */
import {
  type CaseEvent,
  caseDecider,
  type CaseState,
  isAwaitingAnswer,
  isReadable,
  type Personal,
  personalText,
  personalValuesOf,
  type RuleCode,
  type ServiceEvent,
  serviceDecider,
  type ServiceState,
  withPersonalValues,
} from '@servicelife/domain'
import type { RecordedEvent } from '@servicelife/store'
import type { Violation } from '@servicelife/strategy'

export type EntityKind = 'service' | 'case'

export interface Change {
  readonly field: string
  readonly from: string | null
  readonly to: string | null
}

export interface ExplainedEvent {
  readonly at: string
  readonly position: number
  readonly revision: number
  readonly type: string
  readonly changes: ReadonlyArray<Change>
  /** The event's own facts, ids and time left out. */
  readonly details: Readonly<Record<string, unknown>>
  /** The decider's rules this event had to pass to be recorded. */
  readonly guardedBy: ReadonlyArray<RuleCode>
  /** For a retirement or production change: the review it rests on. */
  readonly basis?: { readonly reviewedAt: string; readonly decision: string; readonly evidence: unknown }
}

export interface Explanation {
  readonly kind: EntityKind
  readonly id: string
  readonly events: ReadonlyArray<ExplainedEvent>
  /** The entity's state after the last event shown. */
  readonly state: Readonly<Record<string, string | null>>
  readonly findings: ReadonlyArray<{
    readonly ruleId: string
    readonly message: string
    readonly positions: ReadonlyArray<number>
  }>
}

const always: RuleCode[] = ['time-never-goes-back', 'wrong-entity']

/** Which decider rules stand between a command and each event (shared/domain.md, docs/domain-model.md). */
export const rulesGuarding: Readonly<Record<string, ReadonlyArray<RuleCode>>> = {
  ServicePlanned: ['service-planned-once', 'producer-required-unless-own'],
  ServicePlanRevised: [
    'service-must-be-planned',
    'plan-revised-only-before-launch',
    'plan-revision-changes-something',
  ],
  ServiceLaunched: ['launch-only-from-planned', 'launch-needs-a-channel'],
  ServiceReviewed: ['only-while-in-production'],
  ServiceProductionChanged: [
    'only-while-in-production',
    'production-change-from-current-mode',
    'production-change-to-another-mode',
    'producer-required-unless-own',
  ],
  ServiceChannelOpened: ['only-while-in-production', 'channel-opened-once'],
  ServiceChannelClosed: ['channel-closed-only-if-open', 'running-service-keeps-a-channel'],
  ServiceDisrupted: ['disruption-only-while-running', 'critical-disruption-states-continuity'],
  ServiceRestored: ['restore-only-when-disrupted'],
  ServiceAnswerPromiseSet: [
    'service-must-be-planned',
    'retired-is-terminal',
    'answer-promise-changes-something',
  ],
  ServiceLinked: ['service-must-be-planned', 'retired-is-terminal', 'link-changes-something'],
  ServiceRetired: [
    'service-must-be-planned',
    'retired-is-terminal',
    'statutory-retirement-names-replacement',
    'not-replaced-by-itself',
  ],
  ContactReceived: ['closed-is-terminal', 'contact-received-once'],
  CaseOpened: [
    'case-starts-with-contact',
    'case-opened-once',
    'opened-on-own-contact',
    'target-service-in-production',
  ],
  CaseReferred: [
    'refer-only-opened-case',
    'referred-from-current-service',
    'not-referred-to-current-service',
    'referral-needs-consent',
    'target-service-in-production',
  ],
  ConsentGiven: ['consent-given-once'],
  ConsentWithdrawn: ['consent-withdrawn-only-if-given'],
  CaseAnswered: ['answer-only-open-case'],
  FeedbackGiven: ['feedback-after-answer', 'score-in-range'],
  CaseClosed: ['closed-is-terminal', 'close-after-answer'],
}

const serviceView = (s: ServiceState): Record<string, string | null> => ({
  lifecycle: s.lifecycle,
  obligation: s.plan?.obligation ?? null,
  availability: s.plan?.availability ?? null,
  productionMode: s.plan?.productionMode ?? null,
  producer: s.plan?.producer ?? null,
  critical: s.plan === undefined ? null : String(s.plan.critical),
  channels: s.openChannels.length === 0 ? null : s.openChannels.join(', '),
  answerPromise:
    s.plan?.answerPromise === undefined
      ? null
      : `${s.plan.answerPromise.within} ${s.plan.answerPromise.unit}`,
})

const caseView = (s: CaseState): Record<string, string | null> => ({
  status: s.status,
  service: s.serviceId ?? null,
  contacts: String(s.contactCount),
  answers: String(s.answerCount),
  awaitingAnswer: s.status === 'none' ? null : String(isAwaitingAnswer(s)),
  consents: s.consents.length === 0 ? null : s.consents.join(', '),
  outcome: s.outcome ?? null,
  answerDue: s.answerDue ?? null,
})

const diff = (before: Record<string, string | null>, after: Record<string, string | null>): Change[] =>
  Object.keys(after)
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, from: before[field] ?? null, to: after[field] ?? null }))

const OMIT = new Set(['serviceId', 'caseId', 'at'])
const detailsOf = (data: unknown): Record<string, unknown> =>
  Object.fromEntries(Object.entries(data as Record<string, unknown>).filter(([k]) => !OMIT.has(k)))

/** Explains an entity from its own stream's events (already cut to the point of reading). */
export interface ExplainOptions {
  /** The strategy's findings about the entity, shown beside the events they rest on. */
  readonly findings?: ReadonlyArray<Violation>
}

/** One service's or case's story from its stream's events. */
export const explain = (
  entity: { readonly kind: EntityKind; readonly id: string },
  events: ReadonlyArray<RecordedEvent>,
  { findings = [] }: ExplainOptions = {},
): Explanation => {
  const { kind, id } = entity
  const explained: ExplainedEvent[] = []
  let lastReview: ExplainedEvent['basis'] | undefined
  let view: Record<string, string | null>
  if (kind === 'service') {
    let state = serviceDecider.initialState
    view = serviceView(state)
    for (const e of events) {
      const next = serviceDecider.evolve(state, e as unknown as ServiceEvent)
      const after = serviceView(next)
      const data = e.data as { at: string; decision?: string; evidence?: unknown }
      const basis =
        (e.type === 'ServiceRetired' || e.type === 'ServiceProductionChanged') && lastReview !== undefined
          ? { basis: lastReview }
          : {}
      explained.push({ ...entry(e, diff(view, after)), ...basis })
      if (e.type === 'ServiceReviewed')
        lastReview = { reviewedAt: data.at, decision: data.decision!, evidence: data.evidence }
      state = next
      view = after
    }
  } else {
    let state = caseDecider.initialState
    view = caseView(state)
    for (const e of events) {
      const next = caseDecider.evolve(state, e as unknown as CaseEvent)
      const after = caseView(next)
      explained.push(entry(e, diff(view, after)))
      state = next
      view = after
    }
  }
  return {
    kind,
    id,
    events: explained,
    state: view,
    findings: findings.map((v) => ({
      ruleId: v.ruleId,
      message: v.message,
      positions: v.evidence.flatMap((e) => (e.position === undefined ? [] : [e.position])),
    })),
  }
}

/** The event's data with each sealed or erased personal field shown as `[sealed]` or `[erased]`. */
const shown = (e: RecordedEvent): unknown =>
  withPersonalValues(
    Object.fromEntries(
      personalValuesOf(e)
        .filter((v) => !isReadable(v.value))
        .map((v) => [v.path, personalText(v.value as Personal<string>)]),
    ),
  )(e).data

const entry = (e: RecordedEvent, changes: Change[]): ExplainedEvent => ({
  at: (e.data as { at: string }).at,
  position: e.position,
  revision: e.revision,
  type: e.type,
  changes,
  details: detailsOf(shown(e)),
  guardedBy: [...(rulesGuarding[e.type] ?? []), ...always],
})

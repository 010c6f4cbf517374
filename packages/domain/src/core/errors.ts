/**
 * Expected failures as values: every broken rule has a code, names the entity, and where the rule
 * comes from the city's strategy, the principle or promise behind it.
 */

/** Every service rule's code. */
export const serviceRules = [
  'service-planned-once',
  'service-must-be-planned',
  'plan-revised-only-before-launch',
  'plan-revision-changes-something',
  'launch-only-from-planned',
  'launch-needs-a-channel',
  'only-while-in-production',
  'production-change-from-current-mode',
  'production-change-to-another-mode',
  'producer-required-unless-own',
  'running-service-keeps-a-channel',
  'channel-opened-once',
  'channel-closed-only-if-open',
  'disruption-only-while-running',
  'critical-disruption-states-continuity',
  'restore-only-when-disrupted',
  'retire-from-planned-or-production',
  'statutory-retirement-names-replacement',
  'not-replaced-by-itself',
  'retired-is-terminal',
  'answer-promise-changes-something',
  'link-changes-something',
  'time-never-goes-back',
  'wrong-entity',
] as const

export type ServiceRule = (typeof serviceRules)[number]

/** Every case rule's code. */
export const caseRules = [
  'case-starts-with-contact',
  'contact-received-once',
  'case-opened-once',
  'opened-on-own-contact',
  'target-service-in-production',
  'refer-only-opened-case',
  'referred-from-current-service',
  'not-referred-to-current-service',
  'referral-needs-consent',
  'consent-given-once',
  'consent-withdrawn-only-if-given',
  'answer-only-open-case',
  'feedback-after-answer',
  'score-in-range',
  'close-after-answer',
  'closed-is-terminal',
  'time-never-goes-back',
  'wrong-entity',
] as const

export type CaseRule = (typeof caseRules)[number]

export type RuleCode = ServiceRule | CaseRule

export interface DomainError {
  readonly code: RuleCode
  readonly entity: { readonly kind: 'service' | 'case'; readonly id: string }
  readonly message: string
  /** Turku service strategy principle (1-6) the rule comes from, if any. */
  readonly principle?: 1 | 2 | 3 | 4 | 5 | 6
  /** Turku service promise (1-3) the rule protects, if any. */
  readonly promise?: 1 | 2 | 3
}

const ruleCodes: ReadonlySet<string> = new Set<string>([...serviceRules, ...caseRules])

/** True for a domain error: a rule's code, the entity it names and a message (an error of another kind has another code). */
export const isDomainError = (u: unknown): u is DomainError => {
  if (typeof u !== 'object' || u === null) return false
  const e = u as { code?: unknown; entity?: { kind?: unknown; id?: unknown }; message?: unknown }
  return (
    typeof e.code === 'string' &&
    ruleCodes.has(e.code) &&
    typeof e.message === 'string' &&
    typeof e.entity === 'object' &&
    e.entity !== null &&
    (e.entity.kind === 'service' || e.entity.kind === 'case') &&
    typeof e.entity.id === 'string'
  )
}

/** Where a rule comes from: the principle or the promise it keeps. */
export type RuleSource = Pick<DomainError, 'principle' | 'promise'>

export const serviceError = (
  code: ServiceRule,
  id: string,
  message: string,
  source: RuleSource = {},
): DomainError => ({
  code,
  entity: { kind: 'service', id },
  message,
  ...source,
})

export const caseError = (
  code: CaseRule,
  id: string,
  message: string,
  source: RuleSource = {},
): DomainError => ({
  code,
  entity: { kind: 'case', id },
  message,
  ...source,
})

/**
 * The rules of a service's and a case's life restated over a recorded stream, written apart from
 * the deciders so each can check the other: a history any sequence of accepted commands leaves
 * behind must show no violation.
 */
import type { CaseEvent, ServiceEvent } from '@servicelife/domain'

export interface StreamViolation {
  readonly rule: string
  /** Index of the event in the stream. */
  readonly index: number
  readonly message: string
}

const DUTY = new Set(['statutory-authority', 'organizing-responsibility'])

export const serviceHistoryViolations = (
  events: ReadonlyArray<ServiceEvent>,
): ReadonlyArray<StreamViolation> => {
  const found: StreamViolation[] = []
  let phase: 'none' | 'planned' | 'running' | 'disrupted' | 'retired' = 'none'
  let lastAt = Number.NEGATIVE_INFINITY
  const channels = new Set<string>()
  let critical = false
  let obligation = ''
  let mode = ''
  let producer: string | undefined
  events.forEach((event, index) => {
    const flag = (rule: string, message: string) => found.push({ rule, index, message })
    const at = Date.parse(event.data.at)
    if (at < lastAt)
      flag('time-never-goes-back', `${event.type} at ${event.data.at} is earlier than the event before`)
    lastAt = at
    if (phase === 'retired') flag('retired-is-terminal', `${event.type} after ServiceRetired`)
    if (phase === 'none' && event.type !== 'ServicePlanned')
      flag('service-must-be-planned', `${event.type} before ServicePlanned`)
    const running = phase === 'running' || phase === 'disrupted'
    switch (event.type) {
      case 'ServicePlanned':
        if (phase !== 'none') flag('service-planned-once', 'ServicePlanned twice')
        phase = 'planned'
        ;({ critical, obligation, productionMode: mode, producer } = event.data)
        break
      case 'ServicePlanRevised': {
        if (phase !== 'planned') flag('plan-revised-only-before-launch', `revision while ${phase}`)
        const c = event.data.changes
        critical = c.critical ?? critical
        obligation = c.obligation ?? obligation
        mode = c.productionMode ?? mode
        producer = c.producer ?? (mode === 'own' ? undefined : producer)
        break
      }
      case 'ServiceLaunched':
        if (phase !== 'planned') flag('launch-only-from-planned', `launch while ${phase}`)
        if (event.data.channels.length === 0) flag('launch-needs-a-channel', 'launched without channels')
        for (const c of event.data.channels) channels.add(c)
        phase = 'running'
        break
      case 'ServiceReviewed':
        if (!running) flag('only-while-in-production', `review while ${phase}`)
        break
      case 'ServiceProductionChanged':
        if (!running) flag('only-while-in-production', `production change while ${phase}`)
        if (event.data.from !== mode)
          flag('production-change-from-current-mode', `from ${event.data.from} but mode is ${mode}`)
        if (event.data.from === event.data.to) flag('production-change-to-another-mode', 'from equals to')
        mode = event.data.to
        producer = event.data.producer ?? (mode === 'own' ? undefined : producer)
        break
      case 'ServiceChannelOpened':
        if (!running) flag('only-while-in-production', `channel opened while ${phase}`)
        if (channels.has(event.data.channel))
          flag('channel-opened-once', `${event.data.channel} opened twice`)
        channels.add(event.data.channel)
        break
      case 'ServiceChannelClosed':
        if (!running) flag('only-while-in-production', `channel closed while ${phase}`)
        if (!channels.has(event.data.channel))
          flag('channel-closed-only-if-open', `${event.data.channel} was not open`)
        channels.delete(event.data.channel)
        if (channels.size === 0) flag('running-service-keeps-a-channel', 'no open channel left')
        break
      case 'ServiceDisrupted':
        if (phase !== 'running') flag('disruption-only-while-running', `disrupted while ${phase}`)
        if (critical && event.data.continuity === undefined)
          flag('critical-disruption-states-continuity', 'no continuity')
        phase = 'disrupted'
        break
      case 'ServiceRestored':
        if (phase !== 'disrupted') flag('restore-only-when-disrupted', `restored while ${phase}`)
        phase = 'running'
        break
      case 'ServiceRetired':
        if (DUTY.has(obligation) && event.data.replacedBy === undefined) {
          flag('statutory-retirement-names-replacement', `${obligation} service retired without replacement`)
        }
        if (event.data.replacedBy === event.data.serviceId)
          flag('not-replaced-by-itself', 'replaced by itself')
        phase = 'retired'
        break
    }
    if (mode !== '' && mode !== 'own' && producer === undefined) {
      flag('producer-required-unless-own', `produced as ${mode} with no producer`)
    }
  })
  return found
}

export const caseHistoryViolations = (events: ReadonlyArray<CaseEvent>): ReadonlyArray<StreamViolation> => {
  const found: StreamViolation[] = []
  let lastAt = Number.NEGATIVE_INFINITY
  const contacts = new Set<string>()
  const consents = new Set<string>()
  let kind = ''
  let opened = false
  let closed = false
  let answers = 0
  let service: string | undefined
  events.forEach((event, index) => {
    const flag = (rule: string, message: string) => found.push({ rule, index, message })
    const at = Date.parse(event.data.at)
    if (at < lastAt)
      flag('time-never-goes-back', `${event.type} at ${event.data.at} is earlier than the event before`)
    lastAt = at
    if (closed) flag('closed-is-terminal', `${event.type} after CaseClosed`)
    if (index === 0 && event.type !== 'ContactReceived')
      flag('case-starts-with-contact', `case starts with ${event.type}`)
    switch (event.type) {
      case 'ContactReceived':
        if (contacts.has(event.data.contactId))
          flag('contact-received-once', `contact ${event.data.contactId} twice`)
        contacts.add(event.data.contactId)
        kind ||= event.data.customer.kind
        break
      case 'CaseOpened':
        if (opened) flag('case-opened-once', 'opened twice')
        if (!contacts.has(event.data.onContact))
          flag('opened-on-own-contact', `opened on unknown ${event.data.onContact}`)
        opened = true
        service = event.data.serviceId
        break
      case 'CaseReferred':
        if (!opened) flag('refer-only-opened-case', 'referred before opening')
        if (event.data.from !== service)
          flag('referred-from-current-service', `from ${event.data.from}, is with ${service}`)
        if (event.data.to === service) flag('not-referred-to-current-service', 'referred to itself')
        if ((kind === 'resident' || kind === 'visitor') && !consents.has('share-with-city-services')) {
          flag('referral-needs-consent', `a ${kind}'s case referred without consent`)
        }
        service = event.data.to
        break
      case 'ConsentGiven':
        if (consents.has(event.data.scope)) flag('consent-given-once', `${event.data.scope} twice`)
        consents.add(event.data.scope)
        break
      case 'ConsentWithdrawn':
        if (!consents.has(event.data.scope))
          flag('consent-withdrawn-only-if-given', `${event.data.scope} not given`)
        consents.delete(event.data.scope)
        break
      case 'CaseAnswered':
        if (!opened) flag('answer-only-open-case', 'answered before opening')
        answers++
        break
      case 'FeedbackGiven':
        if (answers === 0) flag('feedback-after-answer', 'feedback before any answer')
        for (const s of [event.data.needsMet, event.data.communication]) {
          if (!Number.isInteger(s) || s < 1 || s > 5) flag('score-in-range', `score ${s}`)
        }
        break
      case 'CaseClosed':
        if (answers === 0 && event.data.outcome !== 'withdrawn' && event.data.outcome !== 'duplicate') {
          flag('close-after-answer', `closed as ${event.data.outcome} unanswered`)
        }
        closed = true
        break
    }
  })
  return found
}

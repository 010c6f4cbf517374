/** The classifications of the domain (shared/domain.md), as codecs whose values are listed. */
import type * as t from 'io-ts/lib/index.js'
import { literals } from './primitives.js'

/** Pori's obligation classes: statutory authority activity, organizing responsibility, other, internal support. */
export const Obligation = literals('Obligation', [
  'statutory-authority',
  'organizing-responsibility',
  'other',
  'internal-support',
])
export type Obligation = t.TypeOf<typeof Obligation>

/** Pori's regional availability: local (near home, almost daily) or centralized (wider population base). */
export const Availability = literals('Availability', ['local', 'centralized'])
export type Availability = t.TypeOf<typeof Availability>

/** Turku principle 4: who produces the service and so the city's role (producer, purchaser, enabler). */
export const ProductionMode = literals('ProductionMode', [
  'own',
  'purchased',
  'third-sector',
  'grant-enabled',
])
export type ProductionMode = t.TypeOf<typeof ProductionMode>

/** Channels through which a service is offered (PTV's five channel types, chat and e-mail split out). */
export const ServiceChannel = literals('ServiceChannel', [
  'service-location',
  'phone',
  'web-page',
  'e-service',
  'chat',
  'printable-form',
  'email',
])
export type ServiceChannel = t.TypeOf<typeof ServiceChannel>

/** Channels a customer contact can arrive on (Turku omnichannel guidance decision). */
export const ContactChannel = literals('ContactChannel', [
  'phone',
  'chat',
  'email',
  'web-form',
  'service-point',
  'letter',
  'social-media',
  'mobile-app',
])
export type ContactChannel = t.TypeOf<typeof ContactChannel>

/** Contact channels that are digital (principle 3, channel mix). */
export const digitalContactChannels: ReadonlySet<ContactChannel> = new Set([
  'chat',
  'email',
  'web-form',
  'social-media',
  'mobile-app',
])

export const CustomerKind = literals('CustomerKind', ['resident', 'visitor', 'company', 'association'])
export type CustomerKind = t.TypeOf<typeof CustomerKind>

export const ReviewDecision = literals('ReviewDecision', [
  'continue',
  'develop',
  'change-production',
  'retire',
])
export type ReviewDecision = t.TypeOf<typeof ReviewDecision>

export const CaseOutcome = literals('CaseOutcome', [
  'resolved',
  'referred-outside-city',
  'withdrawn',
  'duplicate',
])
export type CaseOutcome = t.TypeOf<typeof CaseOutcome>

/** What a consent covers: sharing the case with other city services (Turku decision 003, consents). */
export const ConsentScope = literals('ConsentScope', ['share-with-city-services', 'contact-by-other-service'])
export type ConsentScope = t.TypeOf<typeof ConsentScope>

/** The unit of a service's answer promise: hours from the opening, or whole (working) days after its day. */
export const AnswerPromiseUnit = literals('AnswerPromiseUnit', ['hours', 'days', 'working-days'])
export type AnswerPromiseUnit = t.TypeOf<typeof AnswerPromiseUnit>

/** A service's place in its life: `unplanned` until its plan is recorded (a service never heard of). */
export const ServiceLifecycle = literals('ServiceLifecycle', [
  'unplanned',
  'planned',
  'in-production',
  'disrupted',
  'retired',
])
export type ServiceLifecycle = t.TypeOf<typeof ServiceLifecycle>

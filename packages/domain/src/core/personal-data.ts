/**
 * Which fields of which events hold personal data, and whose: the customer's (their matter in
 * their own words, their pseudonymous reference, what they were answered, their feedback) or a
 * staff member's (who handled, answered or reviewed). Every free-text field of every event has a
 * decision here, personal or not, with its reason: a test walks the event codecs and fails on a
 * text field that has none, so a new field cannot be added without one. What a city must be able
 * to erase or let expire (the Information Management Act 906/2019, GDPR article 17) is read here.
 */
import type { DomainEventType } from '../codecs/decode.js'

/** Whose personal data a field holds. */
export type DataSubject = 'customer' | 'staff'

export interface FieldDecision {
  /** Whose personal data the field holds; `none` when it holds no one's. */
  readonly subject: DataSubject | 'none'
  readonly why: string
}

const customer = (why: string): FieldDecision => ({ subject: 'customer', why })
const staff = (why: string): FieldDecision => ({ subject: 'staff', why })
const none = (why: string): FieldDecision => ({ subject: 'none', why })

/** A service's planned fields, under `prefix` (`changes.` where a revision holds them). */
const planned = (prefix: string): Readonly<Record<string, FieldDecision>> =>
  Object.fromEntries(
    Object.entries({
      'name.fi': none("the service's name"),
      'name.sv': none("the service's name"),
      'name.en': none("the service's name"),
      'description.fi': none('what the service is'),
      'description.sv': none('what the service is'),
      'description.en': none('what the service is'),
      needs: none('the need the service answers, of a group, not of a person'),
      serviceArea: none("the city's area of services"),
      'targetGroups[]': none('groups of people, never one person'),
      producer: none('the organisation that produces the service'),
    }).map(([path, decision]) => [`${prefix}${path}`, decision]),
  )

/**
 * Per event type, per field (a path into its data: `customer.ref`, `targetGroups[]` for the items
 * of a list), what the field holds. Fields that hold no text (ids, times, codes, numbers) are
 * left out, but for the customer's reference, which is an id that points at a person.
 */
export const personalData: {
  readonly [T in DomainEventType]: Readonly<Record<string, FieldDecision>>
} = {
  ServicePlanned: planned(''),
  ServicePlanRevised: planned('changes.'),
  ServiceLaunched: {},
  ServiceReviewed: {
    reviewer: staff('who reviewed: a body, or a named official'),
    rationale: none('the grounds of a decision on a service'),
  },
  ServiceProductionChanged: {
    rationale: none('the grounds of a decision on a service'),
    producer: none('the organisation that produces the service'),
  },
  ServiceChannelOpened: {},
  ServiceChannelClosed: {},
  ServiceDisrupted: {
    reason: none('what stops the service'),
    continuity: none('how the service goes on meanwhile'),
  },
  ServiceRestored: {},
  ServiceRetired: {
    reason: none('why the service ends'),
    decisionRef: none("the reference of the city's decision"),
  },
  ServiceAnswerPromiseSet: {},
  ServiceLinked: {},
  ContactReceived: {
    subject: customer("the matter in the customer's own words"),
    'customer.ref': customer('a pseudonymous reference: the city can still tell whose it is'),
  },
  CaseOpened: { handler: staff("the handler's name") },
  CaseReferred: { reason: customer("why the matter moves on, often in the customer's circumstances") },
  ConsentGiven: {},
  ConsentWithdrawn: {},
  CaseAnswered: {
    by: staff('who answered'),
    summary: customer("the answer to the customer's matter"),
  },
  FeedbackGiven: { comment: customer("the customer's own words") },
  CaseClosed: {},
  RecordMigrated: {
    fromDigest: none("the old record's digest"),
    fromStore: none('where the old record was kept'),
  },
  SubjectErased: {
    'fields[]': none('names of fields, never their text'),
    retention: none("the retention table's entry, never a person's data"),
  },
}

export interface PersonalField {
  readonly path: string
  readonly subject: DataSubject
}

/** The fields of an event type that hold a person's data, and whose. */
export const personalFieldsOf = (type: DomainEventType): ReadonlyArray<PersonalField> =>
  Object.entries(personalData[type]).flatMap(([path, decision]) =>
    decision.subject === 'none' ? [] : [{ path, subject: decision.subject }],
  )

/** One personal field of one event, where it is present: its path, whose it is, its value as recorded. */
export interface PersonalValue extends PersonalField {
  readonly value: unknown
}

const segments = (path: string): ReadonlyArray<string> => path.split('.')

const valueAt = (data: unknown, path: string): unknown =>
  segments(path).reduce<unknown>(
    (at, key) =>
      typeof at === 'object' && at !== null && Object.hasOwn(at, key)
        ? (at as Record<string, unknown>)[key]
        : undefined,
    data,
  )

const withValueAt = (data: unknown, [key, ...rest]: ReadonlyArray<string>, value: unknown): unknown => {
  if (key === undefined) return value
  if (typeof data !== 'object' || data === null || !Object.hasOwn(data, key)) return data
  const record = data as Record<string, unknown>
  return { ...record, [key]: withValueAt(record[key], rest, value) }
}

/** The personal fields an event holds (an optional field that is absent is left out), in declaration order. */
export const personalValuesOf = (event: {
  readonly type: string
  readonly data: unknown
}): ReadonlyArray<PersonalValue> => {
  const fields = fieldsOfType.get(event.type)
  if (fields === undefined || fields.length === 0) return []
  const values: PersonalValue[] = []
  for (const field of fields) {
    const value = valueAt(event.data, field.path)
    if (value !== undefined) values.push({ ...field, value })
  }
  return values
}

/** `personalFieldsOf` for every event type, worked out once: every event read passes through here. */
const fieldsOfType: ReadonlyMap<string, ReadonlyArray<PersonalField>> = new Map(
  (Object.keys(personalData) as DomainEventType[]).map((type) => [type, personalFieldsOf(type)]),
)

/**
 * The event with the personal field at each path given a new value (a path the event does not
 * hold is passed by). A new event: the one given is not changed.
 */
export const withPersonalValues =
  (values: Readonly<Record<string, unknown>>) =>
  <E extends { readonly type: string; readonly data: unknown }>(event: E): E => {
    const entries = Object.entries(values)
    if (entries.length === 0) return event
    const data = entries.reduce<unknown>(
      (d, [path, value]) => withValueAt(d, segments(path), value),
      event.data,
    )
    return { ...event, data }
  }

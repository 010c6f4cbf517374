/**
 * Every free-text field of every event has a decision on whose personal data it holds: the test
 * walks the event codecs, so a text field added without a decision fails here.
 */
import * as t from 'io-ts/lib/index.js'
import { describe, expect, it } from 'vitest'
import {
  caseEventCodecs,
  type DomainEventType,
  isPersonalCodec,
  personalData,
  personalFieldsOf,
  personalValuesOf,
  recordEventCodecs,
  serviceEventCodecs,
  withPersonalValues,
} from '../src/index.js'

const codecs: Record<string, t.Mixed> = { ...serviceEventCodecs, ...caseEventCodecs, ...recordEventCodecs }

interface Struct {
  readonly required: t.Props
  readonly optional: t.Props
}
const isStruct = (codec: unknown): codec is Struct =>
  typeof codec === 'object' && codec !== null && 'required' in codec && 'optional' in codec

/** Every leaf field under `codec`, with whether it holds free text. */
function* leaves(
  codec: t.Mixed,
  path: string,
): Generator<{ readonly path: string; readonly text: boolean; readonly sealable: boolean }> {
  if (isStruct(codec)) {
    for (const [key, field] of Object.entries({ ...codec.required, ...codec.optional }))
      yield* leaves(field, path === '' ? key : `${path}.${key}`)
  } else if (codec instanceof t.ReadonlyArrayType || codec instanceof t.ArrayType)
    yield* leaves(codec.type as t.Mixed, `${path}[]`)
  else yield { path, text: /^(Personal<)?Text\(/.test(codec.name), sealable: isPersonalCodec(codec) }
}

/** The fields of an event type's data. */
const fieldsOf = (type: string) => [
  ...leaves((codecs[type] as unknown as Struct).required.data as t.Mixed, ''),
]

const types = Object.keys(codecs) as DomainEventType[]

describe('personal data', () => {
  it.each(types)('every free-text field of %s has a decision on whose data it holds', (type) => {
    const text = fieldsOf(type)
      .filter((f) => f.text)
      .map((f) => f.path)
    for (const path of text) expect(personalData[type], `${type}.${path}`).toHaveProperty([path])
  })

  it.each(types)('every decision of %s names a field the event has', (type) => {
    const paths = new Set(fieldsOf(type).map((f) => f.path))
    for (const path of Object.keys(personalData[type])) expect(paths, `${type}.${path}`).toContain(path)
  })

  it.each(types)(
    'the fields of %s its codec lets be sealed are exactly those that hold personal data',
    (type) => {
      const sealable = fieldsOf(type)
        .filter((f) => f.sealable)
        .map((f) => f.path)
      expect(sealable.sort()).toEqual(
        personalFieldsOf(type as DomainEventType)
          .map((f) => f.path)
          .sort(),
      )
    },
  )

  it("a contact holds the customer's matter and reference; an answer the customer's answer and the staff member's name", () => {
    expect(personalFieldsOf('ContactReceived')).toEqual([
      { path: 'subject', subject: 'customer' },
      { path: 'customer.ref', subject: 'customer' },
    ])
    expect(personalFieldsOf('CaseAnswered')).toEqual([
      { path: 'by', subject: 'staff' },
      { path: 'summary', subject: 'customer' },
    ])
    expect(personalFieldsOf('FeedbackGiven')).toEqual([{ path: 'comment', subject: 'customer' }])
    expect(personalFieldsOf('CaseOpened')).toEqual([{ path: 'handler', subject: 'staff' }])
  })

  it("a service holds no one's personal data but the name of who reviewed it", () => {
    expect(personalFieldsOf('ServicePlanned')).toEqual([])
    expect(personalFieldsOf('ServiceRetired')).toEqual([])
    expect(personalFieldsOf('ServiceReviewed')).toEqual([{ path: 'reviewer', subject: 'staff' }])
  })
})

describe('the personal values of an event', () => {
  const contact = (customer: unknown) => ({
    type: 'ContactReceived',
    data: { caseId: 'c1', subject: 'My neighbour Matti is ill', customer },
  })
  it('are read by path, in the order they are declared, an absent one left out', () => {
    expect(personalValuesOf(contact({ kind: 'resident', ref: 'p-1' }))).toEqual([
      { path: 'subject', subject: 'customer', value: 'My neighbour Matti is ill' },
      { path: 'customer.ref', subject: 'customer', value: 'p-1' },
    ])
    expect(personalValuesOf(contact({ kind: 'resident' })).map((v) => v.path)).toEqual(['subject'])
  })
  it('a path through something that is not an object holds nothing', () => {
    expect(personalValuesOf(contact(null)).map((v) => v.path)).toEqual(['subject'])
    expect(personalValuesOf(contact('p-1')).map((v) => v.path)).toEqual(['subject'])
    expect(personalValuesOf({ type: 'ContactReceived', data: { subject: 's' } }).map((v) => v.path)).toEqual([
      'subject',
    ])
  })
  it('an event of a type with no personal fields, or of a type the model does not know, holds none', () => {
    expect(personalValuesOf({ type: 'ServiceLaunched', data: { serviceId: 's1' } })).toEqual([])
    expect(personalValuesOf({ type: 'Unknown', data: { subject: 'x' } })).toEqual([])
  })
})

describe('personal values written over', () => {
  const event = {
    type: 'ContactReceived',
    data: { caseId: 'c1', subject: 'My matter', customer: { kind: 'resident', ref: 'p-1' } },
  } as const
  it('a new event with each path given its new value; the event given is not changed', () => {
    const sealed = withPersonalValues({ subject: 'sealed-1', 'customer.ref': 'sealed-2' })(event)
    expect(sealed).toEqual({
      type: 'ContactReceived',
      data: { caseId: 'c1', subject: 'sealed-1', customer: { kind: 'resident', ref: 'sealed-2' } },
    })
    expect(event.data).toEqual({
      caseId: 'c1',
      subject: 'My matter',
      customer: { kind: 'resident', ref: 'p-1' },
    })
  })
  it('a path the event does not hold is passed by, not added', () => {
    const passed = withPersonalValues({ comment: 'x', 'customer.name': 'x', 'subject.text': 'x' })(event)
    expect(passed).toEqual(event)
  })
  it('a path through null or through text is passed by', () => {
    const withNull = { type: 'ContactReceived', data: { caseId: 'c1', subject: 's', customer: null } }
    expect(withPersonalValues({ 'customer.ref': 'x' })(withNull)).toEqual(withNull)
    expect(withPersonalValues({ 'subject.text': 'x' })(withNull)).toEqual(withNull)
  })
  it('no values: the same event', () => {
    expect(withPersonalValues({})(event)).toBe(event)
  })
})

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
  recordEventCodecs,
  serviceEventCodecs,
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

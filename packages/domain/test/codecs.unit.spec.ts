/** Every boundary decodes: events and commands round trip, garbage is a readable error, never a throw. */
import { test } from '@fast-check/vitest'
import {
  CaseEvent,
  DomainEvent,
  decodeCaseCommand,
  decodeCommand,
  decodeEvent,
  decodeServiceCommand,
  encodeEvent,
  EntityId,
  fastDecode,
  formatValidationErrors,
  ServiceEvent,
} from '@servicelife/domain'
import { caseCommand, domainEvent, serviceCommand, turkuServices } from '@servicelife/spec'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts/lib/index.js'
import { describe, expect, it, vi } from 'vitest'
import {
  compiledStruct,
  FAILED,
  interpretedStruct,
  quietDecoder,
  quietFields,
  structDecoder,
  structFields,
} from '../src/codecs/fast-decoder.js'

describe('codec round trip', () => {
  test.prop([domainEvent], { numRuns: 300 })(
    'decodeEvent(encodeEvent(e)) equals e for every event',
    (event) => {
      expect(decodeEvent(encodeEvent(event))).toEqual(E.right(event))
    },
  )
  test.prop([domainEvent, fc.nat(), fc.string()])(
    'an event read back with its envelope decodes to the domain event alone',
    (event, revision, streamId) => {
      const recorded = {
        ...encodeEvent(event),
        streamId,
        revision,
        position: revision,
        metadata: { hash: '0' },
      }
      expect(decodeEvent(recorded)).toEqual(E.right(event))
    },
  )
  test.prop([domainEvent])(
    'an event survives JSON text: what the stores write is what they read',
    (event) => {
      expect(decodeEvent(JSON.parse(JSON.stringify(encodeEvent(event))))).toEqual(E.right(event))
    },
  )
  test.prop([domainEvent])('the tag-indexed decoder agrees with the DomainEvent union codec', (event) => {
    expect(E.isRight(DomainEvent.decode(event))).toBe(true)
  })
  test.prop([fc.oneof(serviceCommand, caseCommand)], { numRuns: 300 })(
    'every command decodes to itself',
    (command) => {
      expect(decodeCommand(JSON.parse(JSON.stringify(command)))).toEqual(E.right(command))
    },
  )
  test.prop([serviceCommand])(
    'service commands decode as ServiceCommand and never as CaseCommand',
    (command) => {
      expect(E.isRight(decodeServiceCommand(command))).toBe(true)
      expect(E.isLeft(decodeCaseCommand(command))).toBe(true)
    },
  )
})

describe('decoding garbage', () => {
  test.prop([fc.anything()], { numRuns: 500 })(
    'never throws and returns an error with a message',
    (garbage) => {
      const result = decodeEvent(garbage)
      if (E.isLeft(result)) {
        expect(result.left.code).toBe('decode-error')
        expect(result.left.problems.length).toBeGreaterThan(0)
      }
    },
  )
  test.prop([domainEvent, fc.string(), fc.anything()])(
    'a corrupted field of a valid event is rejected or decoded, never thrown',
    (event, key, value) => {
      const corrupted = { ...event, data: { ...event.data, [key]: value } }
      expect(() => decodeEvent(corrupted)).not.toThrow()
    },
  )
  it('names the path and the expected type of a bad field', () => {
    const bad = {
      type: 'ServicePlanned',
      data: { ...turkuServices.schoolA, obligation: 'voluntary', name: { sv: 'Skola' } },
    }
    const result = decodeEvent(bad)
    expect(E.isLeft(result) && result.left.problems).toEqual(
      expect.arrayContaining([
        'data.name.fi: expected Text(1..500), got nothing',
        'data.obligation: expected Obligation, got "voluntary"',
      ]),
    )
  })
  it('names the unknown type tag and the known ones', () => {
    const result = decodeEvent({ type: 'ServiceSold', data: {} })
    expect(E.isLeft(result) && result.left.message).toMatch(
      /type: expected one of ServicePlanned, .*got "ServiceSold"/,
    )
  })
  it('rejects an instant without an offset: business time must be unambiguous', () => {
    const result = decodeEvent({
      type: 'ServiceRestored',
      data: { serviceId: 'x', at: '2025-02-24T10:00:00' },
    })
    expect(E.isLeft(result) && result.left.problems[0]).toMatch(/^data\.at: expected IsoDateTime/)
  })
  it('drops unknown fields so that nothing unvalidated reaches the store', () => {
    const result = decodeEvent({
      type: 'ServiceRestored',
      data: { serviceId: 'x', at: '2025-02-24T10:00:00Z', ssn: '010101-123A' },
    })
    expect(result).toEqual(
      E.right({ type: 'ServiceRestored', data: { serviceId: 'x', at: '2025-02-24T10:00:00Z' } }),
    )
  })
  it('rejects a customer reference that could hold a name (spaces) and a subject over 4000 characters', () => {
    const contact = {
      type: 'ContactReceived',
      data: {
        caseId: 'c',
        at: '2025-02-24T10:00:00Z',
        contactId: 'k',
        channel: 'chat',
        customer: { kind: 'resident', ref: 'Matti Meikäläinen' },
        language: 'fi',
        subject: 'x'.repeat(4001),
      },
    }
    const result = decodeEvent(contact)
    expect(E.isLeft(result) && result.left.problems.map((p) => p.split(':')[0])).toEqual([
      'data.customer.ref',
      'data.subject',
    ])
  })
})

const eventCodecs = new Map(
  [...ServiceEvent.types, ...CaseEvent.types].map((c) => [c.required.type.value as string, c as t.Mixed]),
)

/** The fields an event type's data may hold, required and optional. */
const dataFields = (type: string): string[] => {
  const fields = structFields(structFields(eventCodecs.get(type)!)!.required.data!)
  return fields === undefined ? [] : [...Object.keys(fields.required), ...Object.keys(fields.optional)]
}

/** A valid event with one field of its data (present or not, or unknown) set, removed or corrupted. */
const alteredEvent = fc
  .tuple(
    domainEvent,
    fc.nat(),
    fc.oneof(fc.constantFrom(null, undefined, '', 0, [], {}), fc.anything()),
    fc.string(),
  )
  .map(([event, pick, value, unknownKey]) => {
    const data = { ...(event.data as Record<string, unknown>) }
    const fields = dataFields(event.type)
    const key = pick % 4 === 0 ? unknownKey : fields[pick % fields.length]!
    if (pick % 4 === 1) delete data[key]
    else data[key] = value
    return { type: event.type, data }
  })

describe('the fast decoder', () => {
  test.prop([fc.oneof(domainEvent, alteredEvent)], { numRuns: 500 })(
    "accepts, strips and rejects exactly as the codec's own decode",
    (input) => {
      const codec = eventCodecs.get(input.type)!
      const fast = quietDecoder(codec)(input)
      const plain = codec.decode(input)
      expect(fast !== FAILED).toBe(E.isRight(plain))
      if (E.isRight(plain)) expect(fast).toEqual(plain.right)
    },
  )
  test.prop([fc.oneof(domainEvent.map(encodeEvent), alteredEvent)], { numRuns: 300 })(
    'every command and event decoder gives what the plain codecs give, errors included',
    (input) => {
      const plain = DomainEvent.decode(input)
      const fast = decodeEvent(input)
      expect(E.isRight(fast)).toBe(E.isRight(plain))
      if (E.isRight(fast) && E.isRight(plain)) expect(fast.right).toEqual(plain.right)
      if (E.isLeft(fast) && E.isLeft(plain)) {
        const named = new Set(formatValidationErrors(plain.left).map((line) => line.split(':')[0]))
        for (const problem of fast.left.problems) expect(named).toContain(problem.split(':')[0])
      }
    },
  )
  test.prop([fc.oneof(domainEvent, alteredEvent)])('`is` agrees with decoding', (input) => {
    const codec = eventCodecs.get(input.type)!
    expect(codec.is(input)).toBe(E.isRight(codec.decode(input)))
  })
})

describe('the generated struct decoder', () => {
  const fieldsOf = (codec: t.Mixed) => quietFields(codec)!
  const decoders = (codec: t.Mixed) => {
    const { required, optional } = fieldsOf(codec)
    return { generated: compiledStruct(required, optional), loop: interpretedStruct(required, optional) }
  }
  test.prop([fc.oneof(domainEvent, alteredEvent)], { numRuns: 500 })(
    'decodes every event and its data exactly as the loop over the fields does',
    (input) => {
      const codec = eventCodecs.get(input.type)!
      const levels: Array<[t.Mixed, unknown]> = [[codec, input]]
      const data = structFields(codec)!.required.data!
      if (structFields(data) !== undefined) levels.push([data, input.data])
      for (const [struct, value] of levels) {
        const { generated, loop } = decoders(struct)
        expect(generated).toBeDefined()
        expect(generated!(value)).toEqual(loop(value))
      }
    },
  )
  it('falls back to the loop where the platform refuses generated code', () => {
    const { required, optional } = fieldsOf(eventCodecs.get('ContactReceived')!)
    vi.stubGlobal('Function', function refused() {
      throw new EvalError('Code generation from strings disallowed for this context')
    })
    try {
      expect(compiledStruct(required, optional)).toBeUndefined()
      const event = encodeEvent(
        fc.sample(
          domainEvent.filter((e) => e.type === 'ContactReceived'),
          1,
        )[0]!,
      )
      expect(structDecoder(required, optional)(event)).toEqual(event)
    } finally {
      vi.unstubAllGlobals()
    }
  })
  it('leaves a field named __proto__ to the loop, which a generated object literal would misread', () => {
    const field = { key: '__proto__', quiet: (u: unknown) => u }
    expect(compiledStruct([field], [])).toBeUndefined()
    expect(compiledStruct([{ ...field, key: 'proto' }], [])).toBeDefined()
  })
  it('checks the type tag: an event is not its twin with the same data', () => {
    const given = {
      type: 'ConsentGiven',
      data: { caseId: 'c-1', at: '2025-03-01T10:00:00+02:00', scope: 'share-with-city-services' },
    }
    const { generated: asGiven } = decoders(eventCodecs.get('ConsentGiven')!)
    const { generated: asWithdrawn } = decoders(eventCodecs.get('ConsentWithdrawn')!)
    expect(asGiven!(given)).toEqual(given)
    expect(asWithdrawn!(given)).toBe(FAILED)
  })
  it('does not decode what is not an object, nor does the loop', () => {
    const { generated, loop } = decoders(eventCodecs.get('CaseClosed')!)
    for (const u of [null, undefined, [], 'CaseClosed', 7]) {
      expect(generated!(u)).toBe(FAILED)
      expect(loop(u)).toBe(FAILED)
    }
  })
  it('a struct of optional fields alone does not take a list for an object', () => {
    const { required, optional } = quietFields(t.exact(t.partial({ a: t.string })))!
    expect(compiledStruct(required, optional)!([])).toBe(FAILED)
    expect(interpretedStruct(required, optional)([])).toBe(FAILED)
  })
  it('leaves a struct with a field named __proto__ among others to the loop', () => {
    const quiet = (u: unknown) => u
    expect(compiledStruct([{ key: 'a', quiet }], [{ key: '__proto__', quiet }])).toBeUndefined()
  })
})

describe('the fast decoder over codecs of any shape', () => {
  const Item = t.exact(t.type({ name: t.string }))
  const Nullable = t.union([t.string, t.null])
  const NotExact = t.type({ name: t.string })
  const Items = t.array(Item)
  const PartialFirst = t.exact(t.intersection([t.partial({ a: t.string }), t.type({ b: t.number })]))
  const ThreeParts = t.exact(
    t.intersection([t.type({ a: t.string }), t.partial({ b: t.number }), t.type({ c: t.boolean })]),
  )
  const shapes: ReadonlyArray<t.Mixed> = [
    Nullable,
    NotExact,
    Items,
    t.readonlyArray(t.number),
    PartialFirst,
    ThreeParts,
    t.literal(7),
    t.keyof({ a: null, b: null }),
  ]
  const value = fc.oneof(
    fc.anything(),
    fc.array(fc.record({ name: fc.string(), extra: fc.integer() }, { requiredKeys: ['name'] })),
    fc.record({ a: fc.string(), b: fc.integer(), c: fc.boolean(), d: fc.string() }, { requiredKeys: [] }),
  )
  test.prop([fc.nat({ max: shapes.length - 1 }), value], { numRuns: 500 })(
    'gives what the codec’s own decode gives, its errors included',
    (i, u) => {
      const codec = shapes[i]!
      expect(fastDecode(codec)(u)).toEqual(codec.decode(u))
    },
  )
  it('an array in which no item changes is given back as it is; one in which an item does is a copy', () => {
    const names = ['a', 'b']
    expect(quietDecoder(t.array(t.string))(names)).toBe(names)
    const items = [{ name: 'a' }, { name: 'b', extra: 1 }]
    const decoded = quietDecoder(t.array(Item))(items) as unknown[]
    expect(decoded).toEqual([{ name: 'a' }, { name: 'b' }])
    expect(decoded).not.toBe(items)
    expect(items[1]).toEqual({ name: 'b', extra: 1 })
  })
  it('is built once per codec', () => expect(quietDecoder(Item)).toBe(quietDecoder(Item)))
  it('reads the fields of a struct: required, optional, both; nothing else is a struct', () => {
    expect(structFields(t.exact(t.type({ a: t.string })))).toEqual({
      required: { a: t.string },
      optional: {},
    })
    expect(structFields(t.exact(t.partial({ a: t.string })))).toEqual({
      required: {},
      optional: { a: t.string },
    })
    expect(
      structFields(t.exact(t.intersection([t.type({ a: t.string }), t.partial({ b: t.number })]))),
    ).toEqual({ required: { a: t.string }, optional: { b: t.number } })
    for (const codec of [Nullable, NotExact, Items, t.array(NotExact), PartialFirst, ThreeParts, t.string])
      expect(structFields(codec)).toBeUndefined()
  })
  it('checks a field that decodes to itself by its guard alone, and a string literal by its value', () => {
    const Nested = t.exact(t.type({ n: t.number }))
    const fields = quietFields(
      t.exact(
        t.type({
          type: t.literal('X'),
          count: t.literal(2),
          text: t.string,
          kind: t.keyof({ a: null }),
          flag: t.boolean,
          amount: t.number,
          anything: t.unknown,
          id: EntityId,
          nested: Nested,
        }),
      ),
    )!
    const byKey = Object.fromEntries(fields.required.map((f) => [f.key, f]))
    expect(byKey['type']).toMatchObject({ literal: 'X' })
    expect(byKey['type']!.accepts).toBeDefined()
    expect(byKey['count']!.literal).toBeUndefined()
    expect(byKey['text']!.accepts).toBe(t.string.is)
    expect(byKey['text']!.literal).toBeUndefined()
    for (const key of ['kind', 'flag', 'amount', 'anything', 'id'])
      expect(byKey[key]!.accepts, key).toBeDefined()
    expect(byKey['nested']!.accepts).toBeUndefined()
  })
})

/** Every boundary decodes: events and commands round trip, garbage is a readable error, never a throw. */
import { test } from '@fast-check/vitest'
import {
  DomainEvent,
  decodeCaseCommand,
  decodeCommand,
  decodeEvent,
  decodeServiceCommand,
  encodeEvent,
} from '@servicelife/domain'
import { caseCommand, domainEvent, serviceCommand, turkuServices } from '@servicelife/spec'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

describe('codec round trip', () => {
  test.prop([domainEvent], { numRuns: 300 })(
    'decodeEvent(encodeEvent(e)) equals e for every event',
    (event) => {
      expect(decodeEvent(encodeEvent(event))).toEqual(E.right(event))
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

/**
 * Upcasting: old events are read through the chain of upcasters, one version at a time, into
 * zero, one or several events, renamed or not; what cannot be read is a typed error naming the
 * event, its version and its stream, never a crash.
 */
import { test } from '@fast-check/vitest'
import {
  currentVersion,
  domainSchema,
  type EventSchema,
  readDomainEvent,
  readEvent,
  upcast,
} from '@servicelife/domain'
import { domainEvent } from '@servicelife/spec'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

const restored = (serviceId: string, at = '2025-01-01T10:00:00Z') => ({ serviceId, at })

/**
 * A made-up history of a shape that changed three times:
 * - `ServiceMended` v1 was renamed `ServiceRestored` at v2 (a rename);
 * - `ServiceMended` v1 with `twice` became two restorations (a split);
 * - `ServiceNoted` v1 carried nothing anyone reads and is dropped at v2 (none);
 * - `ServiceRestored` v2 -> v3 renamed its field `when` back to `at`.
 */
const schema: EventSchema = {
  current: { ServiceMended: 2, ServiceNoted: 2, ServiceRestored: 3 },
  upcasters: [
    {
      type: 'ServiceMended',
      from: 1,
      change: 'renamed ServiceRestored; `twice` becomes two events',
      upcast: (data) => {
        const { twice, ...rest } = data as { twice?: boolean; serviceId: string; at: string }
        const one = { type: 'ServiceRestored', data: { serviceId: rest.serviceId, when: rest.at } }
        return twice === true ? [one, one] : [one]
      },
    },
    { type: 'ServiceNoted', from: 1, change: 'dropped: it carried nothing anyone reads', upcast: () => [] },
    {
      type: 'ServiceRestored',
      from: 2,
      change: '`when` is `at` again',
      upcast: (data) => {
        const { when, ...rest } = data as { when: string; serviceId: string }
        return [{ type: 'ServiceRestored', data: { ...rest, at: when } }]
      },
    },
  ],
}

/** A schema whose one upcaster gives a restoration with no data. */
const broken: EventSchema = {
  current: { ServiceRestored: 2 },
  upcasters: [
    {
      type: 'ServiceRestored',
      from: 1,
      change: 'broken',
      upcast: () => [{ type: 'ServiceRestored', data: {} }],
    },
  ],
}

describe('upcasting', () => {
  it('chains upcasters through renames, splits and drops up to the current version', () => {
    const at = '2025-01-01T10:00:00Z'
    expect(readEvent(schema, { type: 'ServiceMended', data: restored('s', at) })).toEqual(
      E.right([{ type: 'ServiceRestored', data: restored('s', at) }]),
    )
    expect(readEvent(schema, { type: 'ServiceMended', data: { ...restored('s', at), twice: true } })).toEqual(
      E.right([
        { type: 'ServiceRestored', data: restored('s', at) },
        { type: 'ServiceRestored', data: restored('s', at) },
      ]),
    )
    expect(readEvent(schema, { type: 'ServiceNoted', data: { anything: 1 } })).toEqual(E.right([]))
    expect(
      readEvent(schema, { type: 'ServiceRestored', data: { serviceId: 's', when: at }, schemaVersion: 2 }),
    ).toEqual(E.right([{ type: 'ServiceRestored', data: restored('s', at) }]))
  })

  it('an event already current is read as it is, with no upcaster called', () => {
    const stored = { type: 'ServiceRestored', data: restored('s'), schemaVersion: 3 }
    const upcasted = upcast(schema, stored)
    expect(E.isRight(upcasted) && upcasted.right[0]).toBe(stored)
  })

  it('a missing upcaster is a typed error naming the event, its version and its stream', () => {
    const missing = { ...schema, upcasters: schema.upcasters.filter((u) => u.type !== 'ServiceNoted') }
    expect(
      readEvent(missing, { type: 'ServiceNoted', data: {} }, { streamId: 'service-s', revision: 4 }),
    ).toEqual(
      E.left({
        code: 'missing-upcaster',
        eventType: 'ServiceNoted',
        version: 1,
        streamId: 'service-s',
        revision: 4,
        message:
          'ServiceNoted version 1 (service-s@4) cannot be read: no upcaster from version 1 to 2 is registered',
      }),
    )
  })

  it('an upcaster whose result does not decode is a typed error, never a crash', () => {
    const read = readEvent(
      broken,
      { type: 'ServiceRestored', data: restored('s') },
      { streamId: 'service-s', revision: 0 },
    )
    expect(E.isLeft(read) && read.left).toMatchObject({
      code: 'upcast-invalid',
      eventType: 'ServiceRestored',
      version: 1,
      streamId: 'service-s',
      message: expect.stringMatching(
        /^ServiceRestored version 1 \(service-s@0\) upcast to a ServiceRestored that does not decode/,
      ),
    })
  })

  it('an error names where the event was read as far as it is known: stream and revision, the stream alone, or nothing', () => {
    const missing = { ...schema, upcasters: [] }
    const noted = { type: 'ServiceNoted', data: {} }
    const streamOnly = readEvent(missing, noted, { streamId: 'service-s' })
    expect(E.isLeft(streamOnly) && streamOnly.left.message).toMatch(
      /^ServiceNoted version 1 \(service-s\) cannot/,
    )
    expect(E.isLeft(streamOnly) && streamOnly.left).not.toHaveProperty('revision')
    const nowhere = readEvent(missing, noted)
    expect(E.isLeft(nowhere) && nowhere.left.message).toMatch(/^ServiceNoted version 1 cannot/)
    expect(E.isLeft(nowhere) && Object.keys(nowhere.left).sort()).toEqual([
      'code',
      'eventType',
      'message',
      'version',
    ])
  })

  it('an upcast result that does not decode names its stream and revision only where they are known', () => {
    const stored = { type: 'ServiceRestored', data: restored('s') }
    const placed = readEvent(broken, stored, { streamId: 'service-s', revision: 3 })
    expect(E.isLeft(placed) && placed.left).toMatchObject({ streamId: 'service-s', revision: 3 })
    const unplaced = readEvent(broken, stored)
    expect(E.isLeft(unplaced) && Object.keys(unplaced.left).sort()).toEqual([
      'code',
      'eventType',
      'message',
      'problems',
      'version',
    ])
  })

  it('a chain that breaks half way is the error of the step that is missing', () => {
    const halfway = { ...schema, upcasters: schema.upcasters.filter((u) => u.from !== 2) }
    expect(readEvent(halfway, { type: 'ServiceMended', data: restored('s') })).toEqual(
      E.left(expect.objectContaining({ code: 'missing-upcaster', eventType: 'ServiceRestored', version: 2 })),
    )
  })

  it('an event already current that does not decode is a decode error, not an upcast one', () =>
    expect(
      readDomainEvent({
        type: 'CaseOpened',
        data: {},
        schemaVersion: currentVersion(domainSchema, 'CaseOpened'),
      }),
    ).toEqual(E.left(expect.objectContaining({ code: 'decode-error', target: 'DomainEvent' }))))

  it('an event of a version newer than the code knows is a typed error that says to read it with a newer servicelife', () => {
    const read = readDomainEvent({ type: 'CaseOpened', data: {}, schemaVersion: 9 }, { streamId: 'case-c' })
    expect(E.isLeft(read) && read.left).toMatchObject({
      code: 'newer-schema',
      version: 9,
      eventType: 'CaseOpened',
    })
    expect(E.isLeft(read) && read.left.message).toMatch(/newer than this servicelife knows/)
  })

  test.prop([domainEvent])(
    'every event of today’s model, written at its current version, reads back as itself',
    (event) => {
      const stored = { ...event, schemaVersion: currentVersion(domainSchema, event.type) }
      expect(readDomainEvent(stored)).toEqual(E.right([event]))
    },
  )

  test.prop([domainEvent])(
    'an event of a type whose version 2 only added fields reads, written at version 1 without them, as the same event at version 2',
    (event) => {
      const { answerDue: _d, answerPromise: _p, ...v1 } = event.data as Record<string, unknown>
      const changes = (v1.changes ?? undefined) as Record<string, unknown> | undefined
      const data =
        changes === undefined
          ? v1
          : {
              ...v1,
              changes: Object.fromEntries(Object.entries(changes).filter(([k]) => k !== 'answerPromise')),
            }
      fc.pre(event.type !== 'ServiceAnswerPromiseSet')
      expect(readDomainEvent({ type: event.type, data })).toEqual(E.right([{ type: event.type, data }]))
    },
  )
})

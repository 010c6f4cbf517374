/**
 * Reading an event written by servicelife 0.1 with today's model: a `CaseOpened` of version 1 is
 * upcast to version 2 and decoded. This file is compiled with the project and run by
 * docs/read-old-event.unit.spec.ts.
 */
import { readDomainEvent } from '@servicelife/domain'

export const readOldOpening = () =>
  readDomainEvent(
    {
      type: 'CaseOpened',
      data: { caseId: 'c1', at: '2025-02-03T10:00:00+02:00', serviceId: 'library', onContact: 'k1' },
    },
    { streamId: 'case-c1', revision: 1 },
  )

/** An event of a version this code does not know is a typed error, never a crash. */
export const readFutureOpening = () =>
  readDomainEvent({ type: 'CaseOpened', data: {}, schemaVersion: 7 }, { streamId: 'case-c1', revision: 1 })

/**
 * The versions of servicelife's events and the upcasters between them. Every change of an event's
 * shape adds a version here, its upcaster, and a golden archive written before the change
 * (docs/versioning.md).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DomainEvent } from './decode.js'
import {
  type EventSchema,
  type ReadAt,
  type ReadError,
  readEvent,
  type StoredEvent,
  type Upcaster,
} from './schema-versions.js'

/** A version that only adds optional fields: every event of the version before is one of it as it is. */
const additive = (type: string, from: number, change: string): Upcaster => ({
  type,
  from,
  change,
  upcast: (data) => [{ type, data }],
})

/**
 * Version 2 of three events (servicelife 0.2) adds answer deadlines. Older readers drop fields
 * they do not know, so each such change takes a version: a reader that knows only version 1 is
 * told so (`newer-schema`) instead of silently losing a deadline.
 */
export const domainSchema: EventSchema = {
  current: { ServicePlanned: 2, ServicePlanRevised: 2, CaseOpened: 2 },
  upcasters: [
    additive('ServicePlanned', 1, 'version 2 may carry the answer promise of the service (`answerPromise`)'),
    additive('ServicePlanRevised', 1, 'version 2 may revise the answer promise of the service'),
    additive('CaseOpened', 1, 'version 2 may carry when the answer is due (`answerDue`)'),
  ],
}

/** A stored event as today's model reads it, through the domain's upcasters. */
export const readDomainEvent = (
  stored: StoredEvent,
  at?: ReadAt,
): E.Either<ReadError, ReadonlyArray<DomainEvent>> => readEvent(domainSchema, stored, at)

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
 * told so (`newer-schema`) instead of silently losing a deadline. The next version of every event
 * with a personal field (0.4) lets that field be held sealed or erased: an older reader is told
 * `newer-schema` instead of failing on the envelope.
 */
export const domainSchema: EventSchema = {
  current: {
    ServicePlanned: 2,
    ServicePlanRevised: 2,
    CaseOpened: 3,
    ContactReceived: 2,
    CaseReferred: 2,
    CaseAnswered: 2,
    FeedbackGiven: 2,
    ServiceReviewed: 2,
  },
  upcasters: [
    additive('ServicePlanned', 1, 'version 2 may carry the answer promise of the service (`answerPromise`)'),
    additive('ServicePlanRevised', 1, 'version 2 may revise the answer promise of the service'),
    additive('CaseOpened', 1, 'version 2 may carry when the answer is due (`answerDue`)'),
    // servicelife 0.4: a personal field may be held sealed or erased (@servicelife/personal-data).
    ...(
      [
        ['CaseOpened', 2],
        ['ContactReceived', 1],
        ['CaseReferred', 1],
        ['CaseAnswered', 1],
        ['FeedbackGiven', 1],
        ['ServiceReviewed', 1],
      ] as const
    ).map(([type, from]) =>
      additive(
        type,
        from,
        `version ${from + 1} may hold its personal fields sealed or erased (\`Personal<A>\`)`,
      ),
    ),
  ],
}

/** A stored event as today's model reads it, through the domain's upcasters. */
export const readDomainEvent = (
  stored: StoredEvent,
  at?: ReadAt,
): E.Either<ReadError, ReadonlyArray<DomainEvent>> => readEvent(domainSchema, stored, at)

/**
 * Histories of a whole city: accepted service lifecycles for services s1..sN and accepted case
 * journeys routed to them, interleaved in business-time order as they would be recorded.
 */
import {
  caseDecider,
  caseStreamId,
  type DomainEvent,
  serviceDecider,
  serviceStreamId,
} from '@servicelife/domain'
import fc from 'fast-check'
import { acceptedHistory, caseCommandSequence, serviceCommandSequence } from './sequences.js'

export interface HistoryEntry {
  readonly streamId: string
  readonly event: DomainEvent
}

const renamed = <E extends DomainEvent>(
  events: ReadonlyArray<E>,
  key: 'serviceId' | 'caseId',
  id: string,
): E[] => events.map((e) => ({ ...e, data: { ...e.data, [key]: id } }) as E)

export const cityHistory = ({
  services = 3,
  cases = 6,
  length = 15,
}: { services?: number; cases?: number; length?: number } = {}): fc.Arbitrary<ReadonlyArray<HistoryEntry>> =>
  fc
    .tuple(
      fc.array(acceptedHistory(serviceDecider, serviceCommandSequence(length)), {
        minLength: 1,
        maxLength: services,
      }),
      fc.array(acceptedHistory(caseDecider, caseCommandSequence(length)), { minLength: 1, maxLength: cases }),
    )
    .map(([serviceHistories, caseHistories]) => {
      const entries: HistoryEntry[] = [
        // Service histories are generated for `svc`; case journeys route to s1..s3: name the services so.
        ...serviceHistories.flatMap((events, i) =>
          renamed(events, 'serviceId', `s${i + 1}`).map((event) => ({
            streamId: serviceStreamId(`s${i + 1}`),
            event,
          })),
        ),
        ...caseHistories.flatMap((events, i) =>
          renamed(events, 'caseId', `c${i + 1}`).map((event) => ({
            streamId: caseStreamId(`c${i + 1}`),
            event,
          })),
        ),
      ]
      // Stable sort: within a stream, time never goes back, so each stream keeps its order.
      return entries
        .map((entry, i) => ({ entry, i, at: Date.parse(entry.event.data.at) }))
        .sort((a, b) => a.at - b.at || a.i - b.i)
        .map(({ entry }) => entry)
    })

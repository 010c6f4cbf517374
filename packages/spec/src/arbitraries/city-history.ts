/**
 * Histories of a whole city: accepted service lifecycles for services s1..sN and accepted case
 * journeys routed to them, interleaved in business-time order as they would be recorded.
 */
import {
  type CaseCommand,
  caseDecider,
  routeCaseCommand,
  caseStreamId,
  type DomainEvent,
  helsinkiIso,
  type ServiceCommand,
  serviceDecider,
  serviceStreamId,
} from '@servicelife/domain'
import fc from 'fast-check'
import { acceptedHistory, caseCommandSequence, runCommands, serviceCommandSequence } from './sequences.js'
import { servicePlannedData } from './events.js'
import { caseJourney, type People, sometimes } from './journeys.js'

export interface HistoryEntry {
  readonly streamId: string
  readonly event: DomainEvent
}

const renamed = <E extends DomainEvent>(
  events: ReadonlyArray<E>,
  key: 'serviceId' | 'caseId',
  id: string,
): E[] => events.map((e) => ({ ...e, data: { ...e.data, [key]: id } }) as E)

/**
 * Random city histories for properties: accepted parts of random command sequences, so every
 * rule's edge is reached (re-contacts before opening, disruptions of planned services refused...).
 */
export const randomCityHistory = ({
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

const DAY = 86_400_000

/** A service running through the window: reviewed, sometimes changed, disrupted or retired. */
const serviceLife = (serviceId: string, from: number, to: number) =>
  fc
    .record({
      plan: servicePlannedData,
      review: sometimes(fc.double({ min: 0.05, max: 0.9, noNaN: true }), 1),
      disruption: sometimes(
        fc.tuple(fc.double({ min: 0.1, max: 0.7, noNaN: true }), fc.integer({ min: 1, max: 60 })),
        6,
      ),
      retireAt: sometimes(fc.double({ min: 0.75, max: 0.95, noNaN: true }), 8),
    })
    .map(({ plan, review, disruption, retireAt }) => {
      const when = (f: number) => helsinkiIso(from + Math.floor(f * (to - from)))
      const commands: ServiceCommand[] = [
        {
          type: 'PlanService',
          data: { ...plan, serviceId, at: helsinkiIso(from - 60 * DAY), obligation: 'other' },
        },
        {
          type: 'LaunchService',
          data: { serviceId, at: helsinkiIso(from - 30 * DAY), channels: plan.channels },
        },
      ]
      if (review !== null) {
        commands.push({
          type: 'ReviewService',
          data: {
            serviceId,
            at: when(review),
            reviewer: 'Board',
            evidence: { usage: 1000, needsMet: 3.8 },
            decision: 'continue',
            rationale: 'Evidence reviewed.',
          },
        })
      }
      if (disruption !== null) {
        const [start, days] = disruption
        commands.push({
          type: 'DisruptService',
          data: {
            serviceId,
            at: when(start),
            reason: 'Exceptional situation',
            continuity: 'Temporary premises',
          },
        })
        commands.push({
          type: 'RestoreService',
          data: { serviceId, at: helsinkiIso(Date.parse(when(start)) + days * DAY) },
        })
      }
      const retiredAt = retireAt === null ? undefined : from + Math.floor(retireAt * (to - from))
      return { commands, retiredAt, answerPromise: plan.answerPromise }
    })

/**
 * A whole city over [from, to]: services planned and launched before `from`, some reviewed,
 * disrupted and restored, a few retired near the end; customers' cases on every channel, routed
 * to services in production, most answered in a day or two, some late, some never. Interleaved in
 * business-time order as they would be recorded.
 */
export const cityHistory = ({
  services = 4,
  cases = 20,
  from = '2025-01-01T00:00:00+02:00',
  to = '2025-12-31T23:59:00+02:00',
  people,
}: { services?: number; cases?: number; from?: string; to?: string; people?: People } = {}): fc.Arbitrary<
  ReadonlyArray<HistoryEntry>
> => {
  const start = Date.parse(from)
  const end = Date.parse(to)
  const ids = Array.from({ length: services }, (_, i) => `s${i + 1}`)
  return fc
    .tuple(
      fc.tuple(...ids.map((id) => serviceLife(id, start, end))),
      fc.array(fc.integer({ min: start, max: end - 1 }), { minLength: cases, maxLength: cases }),
    )
    .chain(([lives, starts]) =>
      fc
        .tuple(
          ...starts.map((caseStart, i) => {
            const open = ids.filter(
              (_, s) => (lives[s]!.retiredAt ?? Number.POSITIVE_INFINITY) > caseStart + 60 * DAY,
            )
            return caseJourney({
              caseId: `c${i + 1}`,
              start: caseStart,
              services: open.length > 0 ? open : [ids[0]!],
              ...(people === undefined ? {} : { people }),
            })
          }),
        )
        .map((journeys) => ({ lives, journeys })),
    )
    .map(({ lives, journeys }) => {
      const entries: HistoryEntry[] = []
      lives.forEach(({ commands, retiredAt }, s) => {
        const retire: ServiceCommand[] =
          retiredAt === undefined
            ? []
            : [
                {
                  type: 'RetireService',
                  data: {
                    serviceId: ids[s]!,
                    at: helsinkiIso(Math.max(retiredAt, ...commands.map((c) => Date.parse(c.data.at)))),
                    reason: 'Review: no longer needed',
                  },
                },
              ]
        for (const event of runCommands(serviceDecider, [...commands, ...retire]).events) {
          entries.push({ streamId: serviceStreamId(ids[s]!), event })
        }
      })
      // Routed as the handler routes: to a service in production, with its answer promise.
      const promises = new Map(lives.map((life, s) => [ids[s]!, life.answerPromise]))
      const routed = (command: CaseCommand) => {
        const target =
          command.type === 'OpenCase'
            ? command.data.serviceId
            : command.type === 'ReferCase'
              ? command.data.to
              : undefined
        const answerPromise = target === undefined ? undefined : promises.get(target)
        return routeCaseCommand(command, {
          lifecycle: 'in-production',
          ...(answerPromise === undefined ? {} : { answerPromise }),
        })
      }
      journeys.forEach((commands, i) => {
        for (const event of runCommands(caseDecider, commands.map(routed)).events)
          entries.push({ streamId: caseStreamId(`c${i + 1}`), event })
      })
      return entries
        .map((entry, i) => ({ entry, i, at: Date.parse(entry.event.data.at) }))
        .sort((a, b) => a.at - b.at || a.i - b.i)
        .map(({ entry }) => entry)
    })
}

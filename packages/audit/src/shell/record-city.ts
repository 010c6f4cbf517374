/**
 * Recording a city year through the command handler, as the city's systems would send it: cases
 * concurrently (each case's commands in order), so the file store's group commit shares fsyncs;
 * service commands one at a time with nothing else in flight, because routing reads their state.
 */
import { caseEntity, caseStreamId, serviceEntity } from '@servicelife/domain'
import { commandHandler, type EventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import type { CityYear, ScheduledCommand } from '../core/city-year.js'

export interface Recorded {
  readonly accepted: number
  /** Rejections by the rule that refused them. */
  readonly rejected: ReadonlyMap<string, number>
  readonly events: number
}

export interface RecordCityYearOptions {
  /** Told the number of commands handled so far. */
  readonly onProgress?: (done: number) => void
  /** Cases handled at once (default 64). */
  readonly concurrency?: number
}

export const recordCityYear = async (
  store: EventStore,
  year: CityYear,
  { onProgress = () => undefined, concurrency = 64 }: RecordCityYearOptions = {},
): Promise<Recorded> => {
  let accepted = 0
  let events = 0
  let done = 0
  const rejected = new Map<string, number>()
  // The year is simulated: the handler's clock stands at its end, whenever it is recorded.
  const now = () => Date.UTC(year.options.year + 1, 0, 1)
  const services = commandHandler(store, serviceEntity, { now })
  const cases = commandHandler(store, caseEntity, { now })
  const handle = async (entry: ScheduledCommand, n: number) => {
    const metadata = { commandId: `demo-${year.options.seed}-${n}` }
    const handled: E.Either<{ readonly code: string }, { readonly events: ReadonlyArray<unknown> }> =
      entry.stream === 'service'
        ? await services.handle(entry.command, metadata)
        : await cases.handle(entry.command, metadata)
    if (E.isRight(handled)) {
      accepted++
      events += handled.right.events.length
    } else rejected.set(handled.left.code, (rejected.get(handled.left.code) ?? 0) + 1)
    onProgress(++done)
  }
  const tails = new Map<string, Promise<void>>()
  const inFlight = new Set<Promise<void>>()
  for (const [n, entry] of year.commands.entries()) {
    if (entry.stream === 'service') {
      await Promise.all(inFlight)
      await handle(entry, n)
      continue
    }
    const streamId = caseStreamId(entry.command.data.caseId)
    const task = (tails.get(streamId) ?? Promise.resolve()).then(() => handle(entry, n))
    tails.set(streamId, task)
    inFlight.add(task)
    void task.finally(() => {
      inFlight.delete(task)
      if (tails.get(streamId) === task) tails.delete(streamId)
    })
    if (inFlight.size >= concurrency) await Promise.race(inFlight)
  }
  await Promise.all(inFlight)
  return { accepted, rejected, events }
}

/**
 * The append decision, shared by every embedded store: does the expected revision hold, is this a
 * retry of events already written at that place (idempotent), or is it the wrong revision?
 */
import type { ExpectedRevision, WrongExpectedRevision } from '../port/event-store.js'

export type AppendDecision =
  | { readonly kind: 'append'; readonly firstRevision: number }
  | { readonly kind: 'idempotent'; readonly firstRevision: number }
  | { readonly kind: 'wrong'; readonly error: WrongExpectedRevision }

const show = (r: ExpectedRevision | number | 'no-stream'): string =>
  typeof r === 'number' ? `revision ${r}` : r

export const wrongExpectedRevision = (
  streamId: string,
  expected: ExpectedRevision,
  actual: number | 'no-stream',
): WrongExpectedRevision => ({
  code: 'wrong-expected-revision',
  streamId,
  expected,
  actual,
  message: `append to ${streamId} expected ${show(expected)} but the stream is at ${show(actual)}`,
})

/**
 * @param last the stream's last revision, or -1 when it does not exist
 * @param eventIdAt the event id at a revision of the stream
 */
export const decideAppend = (
  streamId: string,
  expected: ExpectedRevision,
  last: number,
  eventIds: ReadonlyArray<string | undefined>,
  eventIdAt: (revision: number) => string | undefined,
): AppendDecision => {
  const actual = last < 0 ? 'no-stream' : last
  /** EventStoreDB's idempotency: the same ids already stand from `first` on. A partial overlap is no retry. */
  const alreadyAt = (first: number): boolean =>
    eventIds.length > 0 &&
    first >= 0 &&
    first + eventIds.length - 1 <= last &&
    eventIds.every((id, i) => id !== undefined && eventIdAt(first + i) === id)
  const retryFrom = (): number => {
    const firstId = eventIds[0]
    if (firstId === undefined) return -1
    for (let r = last; r >= 0; r--) if (eventIdAt(r) === firstId) return alreadyAt(r) ? r : -1
    return -1
  }

  if (expected === 'any' || expected === 'exists') {
    const retry = retryFrom()
    if (retry >= 0) return { kind: 'idempotent', firstRevision: retry }
    if (expected === 'exists' && last < 0)
      return { kind: 'wrong', error: wrongExpectedRevision(streamId, expected, actual) }
    return { kind: 'append', firstRevision: last + 1 }
  }
  const expectedLast = expected === 'no-stream' ? -1 : expected
  if (expectedLast === last) return { kind: 'append', firstRevision: last + 1 }
  if (alreadyAt(expectedLast + 1)) return { kind: 'idempotent', firstRevision: expectedLast + 1 }
  return { kind: 'wrong', error: wrongExpectedRevision(streamId, expected, actual) }
}

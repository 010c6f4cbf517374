/**
 * Server-sent events over a store subscription: every event after a position, as
 * `id: <position>` so that a client that reconnects resumes with `Last-Event-ID`. The feed carries
 * where and what was recorded, never the data: an event's data can hold personal fields.
 */
import type { EventStore, RecordedEvent, Subscription } from '@servicelife/store'

export const sseMessage = (event: RecordedEvent): string =>
  `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify({
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    type: event.type,
    recordedAt: event.metadata.recordedAt,
  })}\n\n`

/**
 * The feed as an async iterator of text chunks. `return()` (the client went away) stops the
 * subscription and ends a pending `next()` at once; a comment line is sent every `heartbeatMs` so
 * that proxies keep the connection open.
 */
export const eventFeed = (
  store: EventStore,
  after: number,
  heartbeatMs: number,
): AsyncIterableIterator<string> => {
  const queued: string[] = [': servicelife event feed\nretry: 2000\n\n']
  let waiting: ((result: IteratorResult<string>) => void) | undefined
  let ended = false
  const deliver = (chunk: string) => {
    if (ended) return
    if (waiting !== undefined) {
      const resolve = waiting
      waiting = undefined
      resolve({ value: chunk, done: false })
    } else queued.push(chunk)
  }
  const subscription: Subscription = store.subscribeToAll({ after }, (event) => deliver(sseMessage(event)))
  const heartbeat = setInterval(() => deliver(': keep-alive\n\n'), heartbeatMs)
  heartbeat.unref()
  const end = async (): Promise<IteratorResult<string>> => {
    if (!ended) {
      ended = true
      clearInterval(heartbeat)
      waiting?.({ value: undefined, done: true })
      waiting = undefined
      await subscription.stop()
    }
    return { value: undefined, done: true }
  }
  subscription.done.catch(() => void end())
  const feed: AsyncIterableIterator<string> = {
    next: () => {
      if (queued.length > 0) return Promise.resolve({ value: queued.shift()!, done: false })
      if (ended) return Promise.resolve({ value: undefined, done: true })
      return new Promise((resolve) => (waiting = resolve))
    },
    return: end,
    [Symbol.asyncIterator]: () => feed,
  }
  return feed
}

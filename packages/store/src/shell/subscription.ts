/**
 * Catch-up then live delivery on top of `readAll`: the subscriber reads after its last delivered
 * position until nothing is left, then waits for the next append. The wake-up is armed before
 * each read, so an append during a read is never missed; reading after the last delivered
 * position means nothing is delivered twice.
 */
import type { ReadAllOptions, RecordedEvent, Subscription } from '../port/event-store.js'

/** Signals appends to waiting subscribers. */
export class AppendSignal {
  private waiters: Array<() => void> = []
  private closed = false

  /** A promise that resolves at the next append (or when the store closes). */
  next(): Promise<void> {
    if (this.closed) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  notify(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }

  close(): void {
    this.closed = true
    this.notify()
  }
}

export const catchUpSubscription = (
  readAll: (options: ReadAllOptions) => AsyncIterable<RecordedEvent>,
  signal: AppendSignal,
  options: ReadAllOptions,
  handler: (event: RecordedEvent) => void | Promise<void>,
  isClosed: () => boolean,
): Subscription => {
  let stopped = false
  let wakeStop: () => void = () => {}
  const stopping = new Promise<void>((resolve) => {
    wakeStop = resolve
  })
  const run = async (): Promise<void> => {
    let after = options.after
    while (!stopped && !isClosed()) {
      const appended = signal.next()
      let delivered = false
      for await (const event of readAll(after === undefined ? {} : { after })) {
        if (stopped) return
        await handler(event)
        after = event.position
        delivered = true
      }
      if (!delivered) await Promise.race([appended, stopping])
    }
  }
  const done = run()
  return {
    done,
    async stop() {
      stopped = true
      wakeStop()
      await done.catch(() => {})
    },
  }
}

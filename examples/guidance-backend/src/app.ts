/**
 * A small guidance backend on servicelife: `@servicelife/http` takes the service and case
 * commands, serves the reports from projections kept current, the event feed and Open311. Plain
 * `node:http` here; the same API mounts in Fastify, Express or Hono.
 */
import { createServer, type Server } from 'node:http'
import { nodeListener, openServicelifeApi } from '@servicelife/http'
import type { CheckpointStore } from '@servicelife/projections'
import type { EventStore } from '@servicelife/store'

export interface Backend {
  readonly server: Server
  /** Waits until the reports include everything accepted so far. */
  readonly caughtUp: () => Promise<void>
  readonly close: () => Promise<void>
}

export const guidanceBackend = async (
  store: EventStore,
  checkpoints: CheckpointStore,
  open311ApiKey: string | undefined,
): Promise<Backend> => {
  const api = await openServicelifeApi({
    store,
    checkpoints,
    open311: { apiKeys: open311ApiKey === undefined ? [] : [open311ApiKey] },
  })
  const server = createServer(nodeListener(api))
  return {
    server,
    caughtUp: () => api.caughtUp(),
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await api.close()
    },
  }
}

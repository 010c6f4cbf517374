/** The HTTP API of docs/http.md: a city's record served with node:http. */
import { createServer, type Server } from 'node:http'
import { type Authorize, nodeListener, openServicelifeApi, type ServicelifeApi } from '@servicelife/http'
import type { CheckpointStore } from '@servicelife/projections'
import type { EventStore } from '@servicelife/store'

export const cityServer = async (
  store: EventStore,
  checkpoints: CheckpointStore,
  authorize: Authorize,
): Promise<{ readonly api: ServicelifeApi; readonly server: Server }> => {
  const api = await openServicelifeApi({
    store, // any EventStore: file, PostgreSQL, EventStoreDB
    checkpoints, // where the projections keep their checkpoints
    open311: { apiKeys: ['kiosk-key'] },
    authorize, // the city's access hook (below)
  })
  const server = createServer(nodeListener(api))
  return { api, server }
}

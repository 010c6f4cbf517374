import { EventStoreDBCheckpointStore, EventStoreDBEventStore } from '@servicelife/esdb'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

// Nothing listens on port 1: the client's connection is refused or times out.
const nobody = 'esdb://127.0.0.1:1?tls=false'

describe.each([
  ['EventStoreDBEventStore', EventStoreDBEventStore.connect],
  ['EventStoreDBCheckpointStore', EventStoreDBCheckpointStore.connect],
] as const)('%s.connect', (_, connect) => {
  it('a connection string that does not parse is invalid-connection-string, not a throw', async () => {
    const connected = await connect('not a connection string')
    expect(E.isLeft(connected) && connected.left.code).toBe('invalid-connection-string')
  })

  it('a server that does not answer is unreachable within the timeout, not a failure at the first append', async () => {
    const connected = await connect(nobody, { connectTimeoutMs: 2000 })
    expect(E.isLeft(connected) && connected.left.code).toBe('unreachable')
    expect(E.isLeft(connected) && connected.left.message).toContain('127.0.0.1:1')
  })
})

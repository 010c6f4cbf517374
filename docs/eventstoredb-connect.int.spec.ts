import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { connectCity } from './examples/eventstoredb-connect.js'

describe('docs/examples/eventstoredb-connect.ts', () => {
  it('a server that does not answer is a Left the application can print, not a crash', async () => {
    const connected = await connectCity('esdb://127.0.0.1:1?tls=false')
    expect(E.isLeft(connected) && connected.left.code).toBe('unreachable')
  })
})

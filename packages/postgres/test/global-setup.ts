/** Vitest global setup of the postgres project: one server for the run, its URL given to every test file. */
import type { TestProject } from 'vitest/node'
import { startTestServer } from './server/embedded-server.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestServer()
  project.provide('pgUrl', server.url)
  return () => server.stop()
}

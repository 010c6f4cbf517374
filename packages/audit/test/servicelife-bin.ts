/** The built `servicelife` binary in a spawned process, as a user runs it: exit code, stdout, stderr. */
import { execFile } from 'node:child_process'
import { join } from 'node:path'

export const BIN = join(import.meta.dirname, '..', 'bin', 'servicelife.js')

export interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI with `args`, and `env` over this process's environment. */
export const runServicelife = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {},
): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { maxBuffer: 64 << 20, env: { ...process.env, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    )
  })

/** `runServicelife` with the arguments spread. */
export const servicelife = (...args: string[]): Promise<Run> => runServicelife(args)

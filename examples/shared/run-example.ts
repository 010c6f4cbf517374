/** Runs an example as a user runs it: a spawned node process on its main.ts, a real store in a temp dir. */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

export const runExample = async (name: string): Promise<string> => {
  const dir = mkdtempSync(join(tmpdir(), `servicelife-${name}-`))
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      '--conditions',
      '@servicelife/source',
      join(import.meta.dirname, '..', name, 'main.ts'),
      '--dir',
      join(dir, 'store'),
    ])
    return stdout
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

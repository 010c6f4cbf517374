import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh directory under the system temp dir, removed by the returned cleanup. */
export const tempDir = (prefix = 'servicelife-'): { dir: string; remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Spawns a TypeScript test child under node with tsx, resolving workspace packages to their sources. */
export const spawnChild = (script: string, ...args: string[]) =>
  spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions', '@servicelife/source', join(import.meta.dirname, script), ...args],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  )

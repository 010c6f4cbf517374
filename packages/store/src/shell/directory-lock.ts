/**
 * One writer per store directory. A LOCK file holds the owner's pid; a lock whose process is gone
 * (killed, crashed) is stale and taken over, a live one is refused with a clear error.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export interface DirectoryLock {
  release(): void
}

export type LockOutcome =
  { readonly ok: true; readonly lock: DirectoryLock } | { readonly ok: false; readonly pid: number }

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export const acquireDirectoryLock = (dir: string): LockOutcome => {
  const path = join(dir, 'LOCK')
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      let released = false
      return {
        ok: true,
        lock: {
          release() {
            if (released) return
            released = true
            unlinkSync(path)
          },
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10)
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return { ok: false, pid }
      // The owner is gone: its lock is stale.
      try {
        unlinkSync(path)
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkError
      }
    }
  }
  throw new Error(`could not take the lock of ${dir}`)
}

/**
 * One writer per store directory, held by the operating system for the writer's lifetime.
 *
 * - On Linux the lock is an abstract Unix socket named after the directory's device and inode:
 *   binding it is atomic and exclusive, and the kernel releases it when the process ends, however
 *   it ends (SIGKILL, a crash, power loss). There is no stale lock to take over, so racing crash
 *   recoveries cannot both win, and a reused pid cannot block the store or let a second writer in.
 *   The socket is exclusive within one network namespace: every process of a host, or of a
 *   container or pod.
 * - On Windows the same is a named pipe, which the kernel also releases with its process.
 * - Elsewhere (macOS) an exclusively created file is the lock, and a lock whose holder is gone is
 *   taken over; two processes recovering the same crashed store at the same instant can race there.
 *
 * A LOCK file beside the log names the holder (host, boot, network and pid namespaces, pid and
 * process start time), for the message a second writer gets and to catch a writer in another
 * network namespace (another container on the same volume) that the socket cannot see.
 */
import { randomUUID } from 'node:crypto'
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  readlinkSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { createServer, type Server } from 'node:net'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'

export const LOCK_FILE = 'LOCK'

/** Who holds a store: enough to tell a live holder from a dead one, also after a pid is reused. */
export interface LockHolder {
  readonly host: string
  readonly pid: number
  /** The kernel's boot id (Linux): a holder from an earlier boot is gone. */
  readonly bootId?: string
  /** Network and pid namespaces (Linux): the socket lock covers the holder's network namespace only. */
  readonly netns?: string
  readonly pidns?: string
  /** The process's start time in clock ticks since boot (Linux): a reused pid has another. */
  readonly startTime?: string
  /** When the lock was taken (ISO-8601). */
  readonly since: string
}

export interface WriterLock {
  readonly holder: LockHolder
  release(): Promise<void>
}

export type LockOutcome =
  | { readonly ok: true; readonly lock: WriterLock; readonly tookOverFrom?: LockHolder }
  | { readonly ok: false; readonly holder?: LockHolder; readonly message: string }

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
const readLink = (path: string): string | undefined => {
  try {
    return readlinkSync(path)
  } catch {
    return undefined
  }
}

/** The start time (field 22 of /proc/<pid>/stat) of a process, if it exists and is visible. */
const startTimeOf = (pid: number | 'self'): string | undefined => {
  const stat = readText(`/proc/${pid}/stat`)
  if (stat === undefined) return undefined
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return fields[19]
}

const LINUX = process.platform === 'linux'
const WINDOWS = process.platform === 'win32'

/** This process, as a LOCK file names it. */
export const thisProcess = (): LockHolder => {
  const bootId = LINUX ? readText('/proc/sys/kernel/random/boot_id')?.trim() : undefined
  const netns = LINUX ? readLink('/proc/self/ns/net') : undefined
  const pidns = LINUX ? readLink('/proc/self/ns/pid') : undefined
  const startTime = LINUX ? startTimeOf('self') : undefined
  return {
    host: hostname(),
    pid: process.pid,
    ...(bootId === undefined ? {} : { bootId }),
    ...(netns === undefined ? {} : { netns }),
    ...(pidns === undefined ? {} : { pidns }),
    ...(startTime === undefined ? {} : { startTime }),
    since: new Date().toISOString(),
  }
}

const parseHolder = (text: string | undefined): LockHolder | undefined => {
  if (text === undefined) return undefined
  // A LOCK of an earlier version held the pid alone.
  if (/^\s*\d+\s*$/.test(text)) return { host: hostname(), pid: Number.parseInt(text, 10), since: '' }
  try {
    const json = JSON.parse(text) as Partial<LockHolder>
    return typeof json.host === 'string' && Number.isSafeInteger(json.pid) ? (json as LockHolder) : undefined
  } catch {
    return undefined
  }
}

const describeHolder = (h: LockHolder) =>
  `process ${h.pid} on ${h.host}${h.since === '' ? '' : ` (since ${h.since})`}`

/**
 * Whether a LOCK's holder may still be writing, seen from a process that holds the socket lock
 * (so no process of its own network namespace is): undefined when it is certainly gone, else why
 * it may not be.
 */
const mayBeAlive = (holder: LockHolder, me: LockHolder): string | undefined => {
  if (holder.host !== me.host) return `${describeHolder(holder)}, another host sharing this directory`
  if (holder.bootId !== undefined && me.bootId !== undefined && holder.bootId !== me.bootId) return undefined
  if (holder.netns === undefined || holder.netns === me.netns) return undefined
  // Another network namespace on this host: the socket cannot see it; its pid can, in our pid namespace.
  if (holder.pidns !== undefined && holder.pidns === me.pidns) {
    const start = startTimeOf(holder.pid)
    return start !== undefined && start === holder.startTime
      ? `${describeHolder(holder)}, in another network namespace`
      : undefined
  }
  return `${describeHolder(holder)}, in another container on this host`
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Writes the LOCK file whole: a temporary file, fsynced, renamed over it. */
const writeHolder = (dir: string, holder: LockHolder) => {
  const path = join(dir, LOCK_FILE)
  const temporary = join(dir, `.${LOCK_FILE}.${randomUUID()}`)
  const fd = openSync(temporary, 'wx')
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temporary, path)
}

const removeHolder = (dir: string, holder: LockHolder) => {
  const path = join(dir, LOCK_FILE)
  const current = parseHolder(readText(path))
  if (current !== undefined && current.pid === holder.pid && current.since === holder.since) {
    try {
      unlinkSync(path)
    } catch {
      // Already gone: nothing to release.
    }
  }
}

const listen = (server: Server, name: string): Promise<NodeJS.ErrnoException | undefined> =>
  new Promise((resolve) => {
    const failed = (error: NodeJS.ErrnoException) => resolve(error)
    server.once('error', failed)
    server.listen(name, () => {
      server.off('error', failed)
      resolve(undefined)
    })
  })

/**
 * The name of the kernel-held lock of a directory: its device, inode and birth time, so that every
 * path to it agrees, and a new directory that reuses a deleted one's inode is another lock.
 */
const socketName = (dir: string): string => {
  const { dev, ino, birthtimeMs } = statSync(dir)
  const born = Math.round(birthtimeMs * 1000)
  if (WINDOWS) {
    const digest = createHash('sha256').update(`${dev}:${ino}:${born}`).digest('hex').slice(0, 32)
    return `\\\\?\\pipe\\servicelife-writer-${digest}`
  }
  return `\0servicelife-writer-${dev}-${ino}-${born}`
}

/** Takes the writer lock of a store directory, or says who holds it. */
export const acquireWriterLock = async (dir: string): Promise<LockOutcome> => {
  const me = thisProcess()
  const path = join(dir, LOCK_FILE)
  if (LINUX || WINDOWS) {
    const server = createServer()
    const failed = await listen(server, socketName(dir))
    if (failed !== undefined) {
      if (failed.code !== 'EADDRINUSE') throw failed
      const holder = parseHolder(readText(path))
      return {
        ok: false,
        ...(holder === undefined ? {} : { holder }),
        message: `open for writing by ${holder === undefined ? 'another process' : describeHolder(holder)}`,
      }
    }
    server.unref()
    const previous = parseHolder(readText(path))
    const alive = previous === undefined ? undefined : mayBeAlive(previous, me)
    if (alive !== undefined) {
      server.close()
      return {
        ok: false,
        ...(previous === undefined ? {} : { holder: previous }),
        message: `open for writing by ${alive}; if no process writes it, remove ${path}`,
      }
    }
    writeHolder(dir, me)
    return {
      ok: true,
      ...(previous === undefined ? {} : { tookOverFrom: previous }),
      lock: {
        holder: me,
        release: async () => {
          removeHolder(dir, me)
          await new Promise<void>((resolve) => server.close(() => resolve()))
        },
      },
    }
  }
  // Elsewhere: an exclusively created LOCK file, taken over when its holder is gone.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, `${JSON.stringify(me)}\n`)
      fsyncSync(fd)
      closeSync(fd)
      return { ok: true, lock: { holder: me, release: async () => removeHolder(dir, me) } }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = parseHolder(readText(path))
      if (holder !== undefined && (holder.host !== me.host || isAlive(holder.pid)))
        return { ok: false, holder, message: `open for writing by ${describeHolder(holder)}` }
      try {
        unlinkSync(path)
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkError
      }
    }
  }
  return { ok: false, message: `could not take the lock of ${dir}` }
}

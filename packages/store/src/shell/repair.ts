/**
 * Repair of a file store whose log ends in damage: zeroed bytes after a power loss, garbage, a
 * torn append. Under the writer lock, the log is read; the part up to the last whole append must
 * verify (revisions, hash chain, positions), and everything after it must be damage (no line
 * after it reads as an event). Then the log is copied to a backup, fsynced, and cut back to that
 * append. Damage in the middle of the log is never touched: that is for an auditor, not a tool.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, ftruncateSync, openSync, statSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { RecordCheck } from '../core/record-check.js'
import { parseRecordedEvent } from '../port/recorded-event-codec.js'
import { syncDirectory } from './archive-files.js'
import { LOG_FILE, linesWithOffsets, scanLog } from './file-event-store.js'
import { LogIndex } from './log-index.js'
import { acquireWriterLock, type LockHolder } from './writer-lock.js'

export interface RepairReport {
  /** True when the log ended cleanly and nothing was cut. */
  readonly intact: boolean
  /** Events kept, and the position of the last one (-1: none). */
  readonly events: number
  readonly lastPosition: number
  /** What was cut: bytes and lines (a last line without its newline counts as one). */
  readonly cutBytes: number
  readonly cutLines: number
  /** The first line cut (1-based), when something was. */
  readonly fromLine?: number
  /** Where the whole log was copied before it was cut. */
  readonly backup?: string
}

export type RepairError =
  | {
      readonly code: 'store-missing' | 'store-locked'
      readonly dir: string
      readonly holder?: LockHolder
      readonly message: string
    }
  | { readonly code: 'damaged-middle'; readonly dir: string; readonly line: number; readonly message: string }

const stamp = (now: Date) => now.toISOString().replace(/[:.]/g, '-')

export const repairFileStore = async (
  dir: string,
  options: { readonly now?: () => Date } = {},
): Promise<E.Either<RepairError, RepairReport>> => {
  const path = join(dir, LOG_FILE)
  if (!existsSync(path))
    return E.left({
      code: 'store-missing',
      dir,
      message: `no servicelife store at ${dir} (no ${LOG_FILE} there)`,
    })
  const locked = await acquireWriterLock(dir)
  if (!locked.ok)
    return E.left({
      code: 'store-locked',
      dir,
      ...(locked.holder === undefined ? {} : { holder: locked.holder }),
      message: `the store ${dir} is ${locked.message}; repair needs it closed`,
    })
  try {
    const scan = await scanLog(path, new LogIndex())
    if (scan.corrupt !== undefined && !scan.corrupt.tail)
      return E.left({
        code: 'damaged-middle',
        dir,
        line: scan.corrupt.line,
        message: `${path} line ${scan.corrupt.line} is damaged and events follow it: damage in the middle of the log is not repaired (${scan.corrupt.message})`,
      })
    // The part kept must verify: a break in it is not a damaged end.
    const check = new RecordCheck(true)
    let lineNumber = 0
    let cutLines = 0
    let fromLine: number | undefined
    let size = 0
    for await (const { text, offset, bytes } of linesWithOffsets(path)) {
      lineNumber++
      size = offset + bytes
      if (offset >= scan.validEnd) {
        cutLines++
        fromLine ??= lineNumber
        continue
      }
      const parsed = parseRecordedEvent(text)
      const breach = E.isRight(parsed) ? check.check(parsed.right) : undefined
      if (E.isLeft(parsed) || breach !== undefined)
        return E.left({
          code: 'damaged-middle',
          dir,
          line: lineNumber,
          message: `${path} line ${lineNumber}: ${E.isLeft(parsed) ? parsed.left.message : breach!.message}: the log before its end does not verify, and is not repaired`,
        })
    }
    const fileSize = statSync(path).size
    // Bytes after the last newline are a line of their own, cut with the rest.
    if (fileSize > size) {
      cutLines++
      fromLine ??= lineNumber + 1
    }
    const cutBytes = fileSize - scan.validEnd
    const kept = { events: check.events, lastPosition: check.position }
    if (cutBytes === 0) return E.right({ intact: true, ...kept, cutBytes: 0, cutLines: 0 })
    const backup = `${path}.${stamp((options.now ?? (() => new Date()))())}.bak`
    copyFileSync(path, backup)
    const backupFd = openSync(backup, 'r+')
    try {
      fsyncSync(backupFd)
    } finally {
      closeSync(backupFd)
    }
    const fd = openSync(path, 'r+')
    try {
      ftruncateSync(fd, scan.validEnd)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    syncDirectory(dir)
    return E.right({
      intact: false,
      ...kept,
      cutBytes,
      cutLines,
      ...(fromLine === undefined ? {} : { fromLine }),
      backup,
    })
  } finally {
    await locked.lock.release()
  }
}

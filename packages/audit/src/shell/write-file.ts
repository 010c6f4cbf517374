/** Files written whole or not at all: beside the target, flushed to disk, then renamed over it. */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** Writes `text` to `path` whole; the reason it could not, else undefined. A failure leaves no file behind. */
export const writeFileAtomically = (path: string, text: string): string | undefined => {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  try {
    mkdirSync(dirname(path), { recursive: true })
    const fd = openSync(temporary, 'w')
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, path)
    return undefined
  } catch (error) {
    rmSync(temporary, { force: true })
    return (error as Error).message
  }
}

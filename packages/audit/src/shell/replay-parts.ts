/**
 * An archive replayed in parts of whole streams: this thread reads the archive, checks what spans
 * the record (positions, event ids, digest, trailer) on what each line says of its place, and
 * routes each line by its stream; each part checks and folds its lines (`ReplayPart`); the parts'
 * replays are merged. Parts other than this thread's run on hosts: worker threads in production
 * (`replay-threads.ts`), or this thread in tests. Any failure, of a line, a part or the record,
 * replays the archive again on one thread, so that the result is its first failure exactly as
 * `replayArchive` on one thread gives it.
 */
import type { ReadError } from '@servicelife/domain'
import type { ArchiveError, ArchiveSource, ReadArchiveOptions } from '@servicelife/store'
import { spannedArchiveLines } from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'
import { mergeReplays, type Replay, type ReplayOptions } from '../core/city-report.js'
import { partForTransfer, type PartForTransfer, partFromTransfer } from '../core/part-transfer.js'
import { partOf, ReplayPart } from '../core/replay-part.js'

/** Lines routed to a part, with their 1-based numbers in the archive. */
export interface PartLines {
  readonly texts: string[]
  readonly lines: number[]
}

/** Where a part other than the reading thread's is checked and folded. */
export interface PartHost {
  /** Takes the next lines of the part; resolves when the host can take more. */
  readonly add: (lines: PartLines) => Promise<void>
  /** The part's replay; undefined when one of its lines failed. */
  readonly finish: () => Promise<PartForTransfer | undefined>
}

/** A host on this thread: what the tests run in place of a worker thread, carried as a thread would. */
export const partHostHere = (options: ReplayOptions): PartHost => {
  const part = new ReplayPart(options)
  return {
    add: async ({ texts, lines }) => {
      for (let i = 0; i < texts.length; i++) if (!part.add(texts[i]!, lines[i]!)) break
    },
    finish: async () => {
      const done = part.done()
      return done === undefined ? undefined : structuredClone(partForTransfer(done))
    },
  }
}

/** Lines sent to a host at a time. */
const LINES_AT_A_TIME = 1024

export type ReplayArchiveAgain = () => Promise<E.Either<ArchiveError | ReadError, Replay>>

/**
 * The replay of the archive in `hosts.length + 1` parts; `again` replays it on one thread, for
 * the first failure when anything fails.
 */
export const replayInParts = async (
  source: ArchiveSource,
  options: ReplayOptions & ReadArchiveOptions,
  hosts: ReadonlyArray<PartHost>,
  again: ReplayArchiveAgain,
): Promise<E.Either<ArchiveError | ReadError, Replay>> => {
  const parts = hosts.length + 1
  const mine = new ReplayPart(options)
  const pending: PartLines[] = hosts.map(() => ({ texts: [], lines: [] }))
  // A warning is told once the replay stands; a failure's replay on one thread tells its own.
  const warnings: string[] = []
  const reading = spannedArchiveLines(source, {
    ...(options.allowNoTrailer === undefined ? {} : { allowNoTrailer: options.allowNoTrailer }),
    onWarning: (message) => warnings.push(message),
  })
  let failed = false
  reading: for await (const batch of reading) {
    if (E.isLeft(batch)) {
      failed = true
      break
    }
    for (const { text, line, streamId } of batch.right) {
      const part = partOf(streamId, parts)
      if (part === 0) {
        if (!mine.add(text, line)) {
          failed = true
          break reading
        }
        continue
      }
      const lines = pending[part - 1]!
      lines.texts.push(text)
      lines.lines.push(line)
      if (lines.texts.length === LINES_AT_A_TIME) {
        pending[part - 1] = { texts: [], lines: [] }
        await hosts[part - 1]!.add(lines)
      }
    }
  }
  await Promise.all(
    hosts.map((host, i) => (pending[i]!.texts.length > 0 ? host.add(pending[i]!) : undefined)),
  )
  const theirs = await Promise.all(hosts.map((host) => host.finish()))
  const own = mine.done()
  if (failed || own === undefined || theirs.some((t) => t === undefined)) return again()
  for (const warning of warnings) options.onWarning?.(warning)
  // The hosts' parts first, this thread's last: a merge puts its second part's rows after the first's.
  const replays = [...theirs.map((t) => partFromTransfer(t!, options)), own]
  return E.right(replays.reduce((a, b) => mergeReplays(a, b)))
}

/**
 * One part of an archive replayed on several threads: the lines of whole streams, each checked on
 * its own (envelope, domain codecs), against what the reading thread read of its place
 * (`lineEnvelope`), and in its stream (revisions, hash chain), then folded into every projection.
 * The checks that span the record are the reading thread's (`spannedArchiveLines`). A part whose
 * line fails keeps no replay: the caller replays the archive on one thread for its first failure.
 */
import { type DomainEvent, entityStreamId, SERVICE_STREAM_PREFIX } from '@servicelife/domain'
import { type RecordedEvent, upcastRecorded } from '@servicelife/store'
import { checkArchiveLine, lineEnvelope, RecordCheck } from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'
import {
  keepFor,
  REPLAY_BATCH,
  type Replay,
  replayEvents,
  type ReplayOptions,
  startReplay,
} from './city-report.js'

export class ReplayPart {
  private readonly check = new RecordCheck(false, { part: true })
  private readonly step: (replay: Replay, batch: ReadonlyArray<RecordedEvent>) => Replay
  private replay: Replay
  private batch: RecordedEvent[] = []
  private failed = false

  constructor(options: ReplayOptions) {
    this.step = replayEvents(keepFor(options.asOf))
    this.replay = startReplay(options)
  }

  /** Checks and folds the archive's line `text` (1-based `line`); false once a line of the part failed. */
  add(text: string, line: number): boolean {
    if (this.failed) return false
    const event = this.checked(text, line)
    const current = event === undefined ? undefined : upcastRecorded(event)
    if (current === undefined || E.isLeft(current)) {
      this.failed = true
      return false
    }
    for (const e of current.right) this.batch.push(e)
    if (this.batch.length >= REPLAY_BATCH) this.flush()
    return true
  }

  /** The part's replay; undefined when one of its lines failed. */
  done(): Replay | undefined {
    if (this.failed) return undefined
    this.flush()
    return this.replay
  }

  /** The line's event when it passes every check of the part, else undefined. */
  private checked(text: string, line: number): RecordedEvent | undefined {
    const checked = checkArchiveLine(text, line)
    if (E.isLeft(checked)) return undefined
    const event = checked.right
    const said = lineEnvelope(text)
    // What the reading thread checked across the record must be what the line parses to; and a
    // part holds whole entities only if every event lies in its entity's stream.
    if (
      said === undefined ||
      said.streamId !== event.streamId ||
      said.position !== event.position ||
      said.eventId !== event.metadata.eventId ||
      said.hash !== event.metadata.hash ||
      entityStreamId(event as unknown as DomainEvent) !== event.streamId
    )
      return undefined
    return this.check.check(event) === undefined ? event : undefined
  }

  private flush() {
    if (this.batch.length > 0) this.replay = this.step(this.replay, this.batch)
    this.batch = []
  }
}

/** A share of the case streams per worker part, against the reading thread's, which also reads. */
const WORKER_SHARE = 5
const READER_SHARE = 3

/**
 * Which of `parts` parts a stream's lines go to: part 0 is the reading thread's, with every
 * service stream (few, and what the case projections read of services) and a smaller share of
 * the case streams, spread by a hash of their id (FNV-1a).
 */
export const partOf = (streamId: string, parts: number): number => {
  if (parts === 1 || streamId.startsWith(SERVICE_STREAM_PREFIX)) return 0
  let h = 0x811c9dc5
  for (let i = 0; i < streamId.length; i++) h = Math.imul(h ^ streamId.charCodeAt(i), 0x01000193)
  const bucket = (h >>> 0) % (READER_SHARE + WORKER_SHARE * (parts - 1))
  return bucket < READER_SHARE ? 0 : 1 + Math.floor((bucket - READER_SHARE) / WORKER_SHARE)
}

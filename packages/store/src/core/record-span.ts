/**
 * The checks of a record that span its streams, on what each line says of its place
 * (`lineEnvelope`): global positions only grow, event ids are never repeated, and every hash is
 * chained into the record's digest. With `RecordCheck({ part: true })` on each part of whole
 * streams, they are `RecordCheck`'s checks of the whole record, split so that the parts can be
 * read on other threads.
 */
import type { LineEnvelope } from '../port/recorded-event-codec.js'
import { EMPTY_RECORD_DIGEST, nextRecordDigest } from './hash-chain.js'
import { SeenIds } from './seen-ids.js'

export class RecordSpan {
  private readonly ids = new SeenIds()
  private previousPosition = -1
  private recordDigest = EMPTY_RECORD_DIGEST
  private count = 0

  /** Checks the next line's envelope; undefined when it passes (and is then counted in), else why not. */
  check(line: LineEnvelope): string | undefined {
    const at = `${line.streamId} (position ${line.position})`
    if (line.position <= this.previousPosition)
      return `${at}: comes after position ${this.previousPosition}: events were reordered or inserted`
    if (!this.ids.add(line.eventId)) return `${at}: event id ${line.eventId} was recorded before`
    this.previousPosition = line.position
    this.recordDigest = nextRecordDigest(this.recordDigest, line.hash)
    this.count++
    return undefined
  }

  get digest(): string {
    return this.recordDigest
  }

  get events(): number {
    return this.count
  }

  /** The position of the last line checked, -1 before the first. */
  get position(): number {
    return this.previousPosition
  }
}

/**
 * Scenario 4's replay in two parts of whole streams, one per core: the main thread reads and splits
 * the archive and routes each line by the stream its opening names (`lineStreamId`); each thread
 * checks and folds the lines of its part, and the two replays are merged (`mergeReplays`). Service
 * streams stay on the main thread, with a share of the case streams.
 */
import { type Replay, startReplay } from '@servicelife/audit'
import { REPLAY_BATCH, replayEvents } from '@servicelife/audit/internal'
import { type DomainEvent, entityStreamId, SERVICE_STREAM_PREFIX } from '@servicelife/domain'
import type { ComplianceState, SatisfactionState } from '@servicelife/projections'
import { type RecordedEvent } from '@servicelife/store'
import { checkArchiveLine, lineStreamId } from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'
import { Map as IMap } from 'immutable'

/** Of 8 buckets of case streams, those the main thread keeps: it also reads, splits and routes. */
export const MAIN_SHARE = 3

/** The stream a line names: read from its opening, else from the parsed line ('' when none). */
export const routedStreamId = (line: string): string => {
  const opening = lineStreamId(line)
  if (opening !== undefined) return opening
  try {
    const id = (JSON.parse(line) as { streamId?: unknown } | null)?.streamId
    return typeof id === 'string' ? id : ''
  } catch {
    return ''
  }
}

/** Whether a stream's lines go to the worker: case streams by a hash of their id (FNV-1a). */
export const toWorker = (streamId: string): boolean => {
  if (streamId.startsWith(SERVICE_STREAM_PREFIX) || streamId === '') return false
  let h = 0x811c9dc5
  for (let i = 0; i < streamId.length; i++) h = Math.imul(h ^ streamId.charCodeAt(i), 0x01000193)
  return (h & 7) >= MAIN_SHARE
}

export interface LineFailure {
  readonly line: number
  readonly message: string
}

/** One part's replay: its lines checked, in its entity's stream, and folded a batch at a time. */
export class PartReplay {
  private readonly step = replayEvents(() => true)
  private replay: Replay = startReplay()
  private batch: RecordedEvent[] = []
  failure: LineFailure | undefined

  /** Checks and folds a line routed here for `streamId`; false once a line has failed. */
  add(line: string, number: number, streamId: string): boolean {
    if (this.failure !== undefined) return false
    const checked = checkArchiveLine(line, number)
    if (E.isLeft(checked)) {
      this.failure = { line: number, message: checked.left.message }
      return false
    }
    const event = checked.right
    // Parts hold whole streams only if every event lies in its entity's stream and was routed by it.
    const own = entityStreamId(event as unknown as DomainEvent)
    if (event.streamId !== streamId || own !== event.streamId) {
      this.failure = { line: number, message: `line ${number}: not in its entity's stream ${own}` }
      return false
    }
    this.batch.push(event)
    if (this.batch.length === REPLAY_BATCH) this.flush()
    return true
  }

  done(): Replay {
    this.flush()
    return this.replay
  }

  private flush() {
    if (this.batch.length > 0) this.replay = this.step(this.replay, this.batch)
    this.batch = []
  }
}

/** A worker's replay as structured clone carries it: case tables as they are, maps as entries. */
export interface PartForTransfer {
  readonly events: number
  readonly position: number
  readonly promiseCompliance: ComplianceState
  readonly satisfaction: Omit<SatisfactionState, 'needsMet' | 'communication'> & {
    readonly needsMet: ReadonlyArray<[string, readonly number[]]>
    readonly communication: ReadonlyArray<[string, readonly number[]]>
  }
  readonly channelMix: ReadonlyArray<[string, number]>
}

/** The worker's part for posting; it holds no service stream, so its service states are empty. */
export const forTransfer = (r: Replay): PartForTransfer => {
  const s = r.states
  if (s.serviceCatalog.size > 0 || s.serviceTimeline.size > 0 || s.reviewAgenda.services.size > 0)
    throw new Error('a service stream was routed to the worker')
  return {
    events: r.events,
    position: r.position,
    promiseCompliance: s.promiseCompliance,
    satisfaction: {
      ...s.satisfaction,
      needsMet: [...s.satisfaction.needsMet.entries()],
      communication: [...s.satisfaction.communication.entries()],
    },
    channelMix: [...s.channelMix.entries()],
  }
}

/**
 * The buffers of the part's case-table rows, to move with it rather than copy: the worker posts its
 * part once, at the end, and never reads those rows again. Not the keys: a table's keys are shared
 * with the table it was edited from, back to the projection's initial one, which the next round
 * starts from; moved, they would leave it detached. (The fields are internal to the projections
 * package; a bench may look.)
 */
export const transferList = (t: PartForTransfer): ArrayBuffer[] => {
  const buffers = new Set<ArrayBuffer>()
  const { cases, far } = t.promiseCompliance
  for (const table of [cases, far, t.satisfaction.caseServices])
    for (const chunk of table.chunks) buffers.add(chunk.numbers.buffer as ArrayBuffer)
  return [...buffers]
}

/** The worker's part back as a replay, to merge. */
export const fromTransfer = (t: PartForTransfer): Replay => {
  const empty = startReplay()
  return {
    ...empty,
    states: {
      ...empty.states,
      promiseCompliance: t.promiseCompliance,
      satisfaction: {
        ...t.satisfaction,
        needsMet: IMap(t.satisfaction.needsMet) as SatisfactionState['needsMet'],
        communication: IMap(t.satisfaction.communication) as SatisfactionState['communication'],
      },
      channelMix: IMap(t.channelMix),
    },
    events: t.events,
    position: t.position,
    latestAt: t.promiseCompliance.latestAt,
  }
}

/**
 * Generated city histories for the benchmarks: seeded city years decided in memory and recorded
 * as a store would record them (revisions, positions, hash chain), in memory or as an archive.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { cityYear, decideCityYear } from '@servicelife/audit'
import type { DomainEvent } from '@servicelife/domain'
import { type RecordedEvent } from '@servicelife/store'
import {
  EMPTY_RECORD_DIGEST,
  eventHash,
  GENESIS_HASH,
  nextRecordDigest,
  serializeRecordedEvent,
  serializeTrailer,
} from '@servicelife/store/adapter'

/** About 4.5 events per contact in a city year (contact, opening, answer, feedback, closing...). */
const EVENTS_PER_CONTACT = 4.5

/** Records entries as a store would: revision per stream, global position, hash chain. */
export class Recorder {
  private readonly heads = new Map<string, { revision: number; hash: string }>()
  private position = 0
  private digest = EMPTY_RECORD_DIGEST

  /** The archive's last line for the events recorded so far. */
  trailer(): string {
    return serializeTrailer({
      format: 'servicelife-archive',
      events: this.position,
      lastPosition: this.position - 1,
      digest: this.digest,
      chain: 1,
    })
  }

  record(streamId: string, event: DomainEvent): RecordedEvent {
    const head = this.heads.get(streamId) ?? { revision: -1, hash: GENESIS_HASH }
    const revision = head.revision + 1
    const hash = eventHash(head.hash, { streamId, revision, type: event.type, data: event.data })
    this.heads.set(streamId, { revision, hash })
    this.digest = nextRecordDigest(this.digest, hash)
    return {
      streamId,
      revision,
      position: this.position++,
      type: event.type,
      data: event.data,
      metadata: { eventId: `e${this.position}`, recordedAt: (event.data as { at: string }).at, hash },
    }
  }
}

const yearEntries = (seed: number, events: number, year: number) =>
  decideCityYear(cityYear({ seed, services: 60, contacts: Math.ceil(events / EVENTS_PER_CONTACT), year }))
    .entries

/** A city history of about `events` events, recorded in memory. */
export const history = (events: number, seed = 1): RecordedEvent[] => {
  const recorder = new Recorder()
  return yearEntries(seed, events, 2025)
    .slice(0, events)
    .map(({ streamId, event }) => recorder.record(streamId, event))
}

const ID_FIELDS = ['serviceId', 'caseId', 'contactId', 'onContact', 'replacedBy'] as const
/** A referral's from and to are service ids; a production change's are production modes. */
const REFERRAL_FIELDS = ['from', 'to'] as const

/** The same kind of year again with every id suffixed, so years never share an entity. */
const renamed = (event: DomainEvent, suffix: string): DomainEvent => {
  const data: Record<string, unknown> = { ...event.data }
  const fields = event.type === 'CaseReferred' ? [...ID_FIELDS, ...REFERRAL_FIELDS] : ID_FIELDS
  for (const field of fields) if (typeof data[field] === 'string') data[field] = `${data[field]}${suffix}`
  return { ...event, data } as DomainEvent
}

/** Writes an archive of about `events` events, year by year, never holding more than one year. */
export const writeArchive = async (
  path: string,
  events: number,
  eventsPerYear = 1_000_000,
): Promise<number> => {
  const out = createWriteStream(path)
  const recorder = new Recorder()
  let written = 0
  for (let y = 0; written < events; y++) {
    const suffix = `-y${y}`
    for (const { streamId, event } of yearEntries(
      y + 1,
      Math.min(eventsPerYear, events - written),
      2020 + (y % 10),
    )) {
      if (written >= events) break
      const line = serializeRecordedEvent(recorder.record(`${streamId}${suffix}`, renamed(event, suffix)))
      if (!out.write(`${line}\n`)) await once(out, 'drain')
      written++
    }
  }
  out.write(`${recorder.trailer()}\n`)
  out.end()
  await once(out, 'finish')
  return written
}

/** The archive of recorded events, with its trailer, as `exportArchive` writes it. */
export const archiveTextOf = (events: ReadonlyArray<RecordedEvent>): string => {
  let digest = EMPTY_RECORD_DIGEST
  for (const e of events) digest = nextRecordDigest(digest, e.metadata.hash)
  const trailer = serializeTrailer({
    format: 'servicelife-archive',
    events: events.length,
    lastPosition: events.length - 1,
    digest,
    chain: 1,
  })
  return `${events.map((e) => `${serializeRecordedEvent(e)}\n`).join('')}${trailer}\n`
}

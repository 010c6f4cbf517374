/** Stream naming: one stream per service and per case, prefixed so stores and filters can tell them apart. */
import { type DomainEvent, isRecordEventType, isServiceEventType } from '../codecs/decode.js'

export const SERVICE_STREAM_PREFIX = 'service-'
export const CASE_STREAM_PREFIX = 'case-'

export const serviceStreamId = (serviceId: string): string => `${SERVICE_STREAM_PREFIX}${serviceId}`
export const caseStreamId = (caseId: string): string => `${CASE_STREAM_PREFIX}${caseId}`
export const RECORD_STREAM_PREFIX = 'record-'
/** The stream of events about the record itself: `record-migrations`, `record-erasures`. */
export const recordStreamId = (name: string): string => `${RECORD_STREAM_PREFIX}${name}`
/** Where a record event of each type is written. */
export const recordStreamOf = (type: string): string =>
  recordStreamId(type === 'RecordMigrated' ? 'migrations' : type === 'SubjectErased' ? 'erasures' : 'events')

/** The entity a stream id names, or undefined for a stream that is not servicelife's. */
export const parseStreamId = (
  streamId: string,
): { readonly kind: 'service' | 'case'; readonly id: string } | undefined => {
  if (streamId.startsWith(SERVICE_STREAM_PREFIX))
    return { kind: 'service', id: streamId.slice(SERVICE_STREAM_PREFIX.length) }
  if (streamId.startsWith(CASE_STREAM_PREFIX))
    return { kind: 'case', id: streamId.slice(CASE_STREAM_PREFIX.length) }
  return undefined
}

/**
 * The stream an event belongs in: its service's for a service event, its case's for a case event,
 * as the command handler writes them. A record whose events all lie in these streams can be
 * replayed in parts of whole streams and the parts' projections merged.
 */
export const entityStreamId = (event: DomainEvent): string =>
  isServiceEventType(event.type)
    ? serviceStreamId((event.data as { serviceId: string }).serviceId)
    : isRecordEventType(event.type)
      ? recordStreamOf(event.type)
      : caseStreamId((event.data as { caseId: string }).caseId)

/**
 * @servicelife/store/adapter: the kit for writing an EventStore adapter, as the file and
 * EventStoreDB stores are written. See docs/store-adapter.md.
 *
 * - Recording: revisions, positions, metadata and the hash chain of events appended
 *   (`recordEvents`), and the decision an expected revision makes (`decideAppend`).
 * - The append guard every store runs before it writes (`guardAppend`, `appendGuardOf`).
 * - The hash chain and the record digest, and the checks every recorded event must pass in global
 *   order (`RecordCheck`), or split: per part of whole streams, and across them (`RecordSpan`).
 * - The stored line: one event as one line of JSON, keys in a fixed order.
 * - One writer per directory (`acquireWriterLock`), held by the operating system.
 */
export { type AppendDecision, decideAppend, wrongExpectedRevision } from './core/expected-revision.js'
export { type RecordingContext, recordEvents, selectRevisions } from './core/record.js'
export { type AppendGuard, domainAppendGuard, guardAppend, notJson } from './core/append-guard.js'
export { appendGuardOf, newEventId, type StoreEnvironment, systemNow } from './shell/clock.js'
export { AppendSignal, catchUpSubscription } from './shell/subscription.js'
export * from './core/hash-chain.js'
export { RecordCheck } from './core/record-check.js'
export { RecordSpan } from './core/record-span.js'
export { fingerprint, SeenIds } from './core/seen-ids.js'
export {
  canonicalMetadata,
  type LineEnvelope,
  lineEnvelope,
  type LineError,
  lineStreamId,
  parseRecordedEvent,
  RecordedEventCodec,
  serializeRecordedEvent,
} from './port/recorded-event-codec.js'
export { type CachedStream, StreamStateCache } from './shell/stream-state-cache.js'
export { storedOf } from './core/read-recorded.js'
export {
  archiveLines,
  checkArchiveLine,
  Pipeline,
  serializeTrailer,
  type SpannedLine,
  spannedArchiveLines,
  writeArchiveInto,
} from './shell/archive.js'
export { importingPathOf, intoNewDirectory, partialPathOf, syncDirectory } from './shell/archive-files.js'
export { type LogScan, linesWithOffsets, scanLog } from './shell/file-event-store.js'
export { acquireWriterLock, type LockHolder, type LockOutcome, type WriterLock } from './shell/writer-lock.js'
export { CommandMetadataCodec, defaultStreamStateCache } from './shell/command-handler.js'

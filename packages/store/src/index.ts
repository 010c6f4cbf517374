/**
 * @servicelife/store: the EventStore port; the in-memory and durable file stores; the command
 * handler; tamper-evident history (verify, anchors, repair); archives; migration to today's
 * event versions.
 *
 * - `@servicelife/store/adapter`: the kit for writing a store adapter (recording, hash chains,
 *   record checks, the append guard, the stored line).
 * - `@servicelife/store/contract`: the contract suite every store passes.
 */
export type {
  AppendResult,
  EventMetadata,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  RecordedMetadata,
  Subscription,
  WrongExpectedRevision,
} from './port/event-store.js'
export { InMemoryEventStore } from './shell/in-memory-event-store.js'
export {
  FileEventStore,
  type FileStoreOptions,
  LOG_FILE,
  type Recovery,
  type StoreOpenError,
} from './shell/file-event-store.js'
export { LOCK_FILE, type LockHolder } from './shell/writer-lock.js'
export type { StoreEnvironment } from './shell/clock.js'
export {
  type BusinessTimeInFuture,
  type CommandHandler,
  type CommandHandlerOptions,
  type CommandMetadata,
  commandHandler,
  type ConcurrencyExhausted,
  foldStream,
  type HandleError,
  type Handled,
  type RetryPolicy,
  type UnreadableHistory,
} from './shell/command-handler.js'
export type { Breach, HistoryBreach } from './core/record-check.js'
export { StreamStateCache } from './shell/stream-state-cache.js'
export type { AppendGuard } from './core/append-guard.js'
export {
  type DigestMismatch,
  type PositionBeyondRecord,
  type VerifiedHistory,
  type VerifyError,
  type VerifyOptions,
  verifyHistory,
} from './shell/verify-history.js'
export {
  ARCHIVE_FORMAT,
  type ArchivedEvent,
  type ArchiveError,
  type ArchiveSource,
  type ArchiveTrailer,
  type ArchiveWriteError,
  exportArchive,
  type ExportOptions,
  importArchive,
  type ImportedArchive,
  type ImportOptions,
  readArchive,
  readArchiveBatches,
  type ReadArchiveOptions,
} from './shell/archive.js'
export {
  type DirectoryImportError,
  exportArchiveToFile,
  importArchiveToDirectory,
} from './shell/archive-files.js'
export { type RepairError, type RepairReport, repairFileStore } from './shell/repair.js'
export { readRecorded, upcastRecorded } from './core/read-recorded.js'
export {
  type MigrateOptions,
  type MigrationError,
  type MigrationReport,
  migrateRecord,
} from './shell/migrate.js'

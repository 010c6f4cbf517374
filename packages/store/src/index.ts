/**
 * @servicelife/store: the EventStore port and its contract suite, the in-memory and durable file
 * stores, command handling, tamper-evident history and archives.
 */
export * from './contract/event-store-contract.js'
export * from './core/expected-revision.js'
export * from './core/hash-chain.js'
export * from './core/record.js'
export * from './port/event-store.js'
export * from './port/recorded-event-codec.js'
export * from './shell/archive.js'
export * from './shell/clock.js'
export * from './shell/command-handler.js'
export * from './shell/file-event-store.js'
export * from './shell/in-memory-event-store.js'
export * from './shell/stream-state-cache.js'
export * from './shell/verify-history.js'
export * from './core/append-guard.js'
export { LOCK_FILE, type LockHolder } from './shell/writer-lock.js'
export * from './core/record-check.js'
export * from './core/seen-ids.js'
export * from './shell/archive-files.js'
export * from './shell/repair.js'
export * from './core/read-recorded.js'

/**
 * @servicelife/personal-data: personal fields sealed at write under one key per data subject,
 * erased by destroying keys (a subject forgotten, a retention period run out) with proof in the
 * record, and the hash chain still whole. See docs/personal-data.md.
 */
export * from './core/sealing.js'
export * from './core/retention.js'
export * from './core/blind-index.js'
export * from './port/key-store.js'
export { InMemoryKeyStore } from './shell/in-memory-key-store.js'
export { FileKeyStore, type FileKeyStoreOptions, KEY_LOG } from './shell/file-key-store.js'
export { KeyStoreUnavailable, protectPersonalData } from './shell/protect.js'
export * from './shell/erasure.js'
export * from './shell/retention.js'
export * from './shell/subject-export.js'

/**
 * @servicelife/audit/internal: what the CLI, its tests and the benchmarks share. No stability
 * promise: anything here may change in any release.
 */
export * from './core/arguments.js'
export { seeded, type Random } from './core/random.js'
export { batches, keepFor, REPLAY_BATCH, readingTime, replayEvent, replayEvents } from './core/city-report.js'
export { EXIT, type Io } from './shell/commands.js'
export { inBatches } from './shell/replay-record.js'
export { CLI_HEAP_GROWTH } from './shell/heap-growth.js'
export { partForTransfer, type PartForTransfer, partFromTransfer } from './core/part-transfer.js'
export { partOf, ReplayPart } from './core/replay-part.js'
export { type PartHost, partHostHere, type PartLines, replayInParts } from './shell/replay-parts.js'

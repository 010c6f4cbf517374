/**
 * @servicelife/projections: pure projections of the record, computable as of any position or
 * business time, and the runner that keeps them current with durable checkpoints.
 */
export type { CaseTable, CaseTableLayout } from './core/storage/case-table.js'
export * from './core/channel-mix.js'
export type { Codes } from './core/storage/codes.js'
export {
  applyEvents,
  type AsOf,
  AsOfCodec,
  checkedAsOf,
  mergeStates,
  project,
  projectAsOf,
  type Projection,
  within,
} from './core/projection.js'
export * from './core/case-facts.js'
export * from './core/promise-compliance.js'
export * from './core/satisfaction.js'
export * from './core/service-catalog.js'
export * from './core/service-timeline.js'
export * from './core/services-at-a-glance.js'
export { type ScoreSummary, scoreSummary } from './core/statistics.js'
export * from './core/all-projections.js'
export * from './shell/checkpoints.js'
export * from './shell/projection-runner.js'
export * from './shell/state-codec.js'

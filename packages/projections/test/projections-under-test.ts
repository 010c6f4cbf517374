export * from '@servicelife/projections'
export { encodeState as encodeStateForTest } from '../src/shell/state-codec.js'
export { decodeState as decodeStateForTest } from '../src/shell/state-codec.js'
export * as caseTableForTest from '../src/core/storage/case-table.js'

export * from '@servicelife/projections'
export { encodeState as encodeStateForTest } from '../src/shell/state-codec.js'

/**
 * @servicelife/strategy: the service strategy as monitors over the record. Each rule carries the
 * strategy text it comes from; `checkHistory` runs them over a history, `checkRecord` in one pass
 * over a record of any size. No test dependency: a backend runs these in production.
 */
export * from './findings.js'
export * from './record.js'
export * from './rules.js'
export * from './streaming.js'

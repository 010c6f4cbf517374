/**
 * @servicelife/spec: the executable strategy's toolkit. Arbitraries of every event, command,
 * lifecycle and case journey; given/when/then for deciders; the rules restated over recorded
 * streams; the shared Turku fixtures and archive helpers.
 */
export * from './arbitraries/events.js'
export * from './arbitraries/primitives.js'
export * from './arbitraries/sequences.js'
export * from './fixtures/archives.js'
export * from './fixtures/guidance-years.js'
export * from './fixtures/time.js'
export * from './fixtures/turku.js'
export * from './given-when-then.js'
export * from './invariants.js'
export * from './arbitraries/city-history.js'
export * from './strategy/properties.js'
export * from './arbitraries/journeys.js'
export * from './fixtures/handled.js'
export * from './contract/command-handler-contract.js'

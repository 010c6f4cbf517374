/**
 * @servicelife/domain: the pure core. Events, commands and their codecs; the service and case
 * deciders; the rules they enforce as typed errors.
 */
export * from './codecs/case-events.js'
export * from './codecs/commands.js'
export * from './codecs/decode.js'
export * from './codecs/primitives.js'
export { fastDecode } from './codecs/fast-decoder.js'
export * from './codecs/service-events.js'
export * from './codecs/vocabulary.js'
export * from './core/case-decider.js'
export * from './core/decider.js'
export * from './core/errors.js'
export * from './core/service-decider.js'
export * from './core/streams.js'
export * from './core/time.js'
export * from './core/helsinki-time.js'
export * from './core/city-calendar.js'
export * from './core/finnish-holidays.js'
export * from './core/entities.js'
export * from './codecs/schema-versions.js'
export * from './codecs/event-schema.js'
export * from './codecs/record-events.js'

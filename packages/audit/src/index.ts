/**
 * @servicelife/audit: what the `servicelife` CLI is made of, for programs that audit a record
 * themselves: the one-pass replay of every projection and its report, the explanation of one
 * entity, the seeded city year, and the human renderings in Finnish, Swedish and English.
 */
export * from './core/arguments.js'
export * from './core/city-report.js'
export * from './core/city-year.js'
export * from './core/explain.js'
export * from './core/labels.js'
export * from './core/random.js'
export * from './core/render.js'
export * from './core/service-templates.js'
export * from './core/table.js'
export { runCli } from './shell/cli.js'
export { EXIT, type Io } from './shell/commands.js'
export { recordCityYear, type Recorded } from './shell/record-city.js'
export { inBatches, replayArchive, replayRecord } from './shell/replay-record.js'

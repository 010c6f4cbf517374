/**
 * @servicelife/audit: the `servicelife` CLI, and what it is made of for programs that audit a
 * record themselves: the one-pass replay of every projection and the city report, the explanation
 * of one entity, the renderings in Finnish, Swedish and English, and a seeded city year to try it
 * all on.
 */
export {
  type CityReport,
  cityReport,
  mergeReplays,
  type ProjectionName,
  type Replay,
  replay,
  type ReplayOptions,
  type ReplayStates,
  type ReportOptions,
  startReplay,
} from './core/city-report.js'
export {
  type Change,
  type EntityKind,
  type ExplainedEvent,
  explain,
  type ExplainOptions,
  type Explanation,
} from './core/explain.js'
export {
  type FindingGroup,
  findingGroups,
  groupFindings,
  renderExplanation,
  renderFindings,
  renderReport,
  renderTally,
} from './core/render.js'
export { heading, type Heading, type Lang, languages, term } from './core/labels.js'
export { type Cell, table } from './core/table.js'
export {
  type CityYear,
  cityYear,
  type CityYearOptions,
  type DecidedYear,
  decideCityYear,
  defaultCityYear,
  type ScheduledCommand,
  servicePlan,
} from './core/city-year.js'
export { type ServiceTemplate, serviceTemplates } from './core/service-templates.js'
export { runCli } from './shell/cli.js'
export { type Recorded, recordCityYear, type RecordCityYearOptions } from './shell/record-city.js'
export { type ReplayArchiveOptions, replayArchive, replayRecord } from './shell/replay-record.js'

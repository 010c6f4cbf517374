// Mutation testing. `npm run mutation` (scripts/mutation.mjs) runs this once per module and adds
// the modules up; `MUTATE=projections npx stryker run` runs a whole package in one go.
// Proves the tests bite: a surviving mutant is a rule the tests do not pin.
import { targets } from './stryker.targets.mjs'

const only = process.env.MUTATE
const report = process.env.MUTATION_REPORT ?? `reports/mutation/${only ?? 'all'}`

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: only ? targets[only] : Object.values(targets).flat(),
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `${report}.html` },
  jsonReporter: { fileName: `${report}.json` },
  concurrency: 2,
  // Added to 1.5 times a mutant's covering tests' own time: room for a busy machine, while a
  // mutant that loops forever holds its worker (which is then restarted) for seconds, not minutes.
  timeoutMS: 15000,
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  tempDirName: '.stryker-tmp',
}

// Mutation testing: `npm run mutation` (every target) or `npm run mutation:domain` / `mutation:projections` / `mutation:strategy` / `mutation:ptv` / `mutation:personal-data`.
// Proves the tests bite: a surviving mutant is a rule the tests do not pin.
const targets = {
  domain: ['packages/domain/src/**/*.ts', '!packages/domain/src/index.ts'],
  projections: ['packages/projections/src/core/**/*.ts'],
  strategy: ['packages/strategy/src/**/*.ts', '!packages/strategy/src/index.ts'],
  ptv: ['packages/ptv/src/core/**/*.ts'],
  'personal-data': ['packages/personal-data/src/core/**/*.ts'],
}
const only = process.env.MUTATE
const name = only ?? 'all'

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: only ? targets[only] : Object.values(targets).flat(),
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  concurrency: 2,
  timeoutMS: 60000,
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  tempDirName: '.stryker-tmp',
}

// Mutation testing: `npm run mutation` (one package: `npm run mutation -- --mutate 'packages/domain/src/**/*.ts'`).
// Proves the tests bite: a surviving mutant is a rule the tests do not pin.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts' },
  mutate: ['packages/domain/src/**/*.ts', 'packages/projections/src/core/**/*.ts', '!**/index.ts'],
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 60000,
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  tempDirName: '.stryker-tmp',
}

/**
 * Mutation testing runs the unit and property tests only: they are the specification of the pure
 * core (domain, projections and the strategy's monitors), and integration tests add processes and
 * files, not rules.
 */
import { defineConfig } from 'vitest/config'
import { sourceAliases } from './vitest.workspace.js'

// `MUTATE=<package>` (see stryker.config.mjs) runs that package's own unit tests and the docs'
// examples: they are the specification of its rules, and leaving out the other packages' tests
// keeps each mutant's run short on a loaded machine.
const only = process.env.MUTATE

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    // The docs' examples pin rules too (a projection's merge is pinned by the replay in parts).
    include: [`packages/${only ?? '*'}/test/**/*.unit.spec.ts`, 'docs/**/*.unit.spec.ts'],
    setupFiles: ['./vitest.mutation.setup.ts'],
    // Under Stryker both cores are busy with mutants: a property that takes 1 s alone can take
    // ten times that, and a timeout is not a killed mutant.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})

/**
 * Mutation testing runs the unit and property tests only: they are the specification of the pure
 * core (domain and projections), and integration tests add processes and files, not rules.
 */
import { defineConfig } from 'vitest/config'
import { sourceAliases } from './vitest.workspace.js'

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: { include: ['packages/*/test/**/*.unit.spec.ts'] },
})

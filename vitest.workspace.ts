/**
 * The test projects: one per package. Vitest >= 4 reads projects from `test.projects`
 * in vitest.config.ts, which imports this list.
 */
import { fileURLToPath } from 'node:url'

const packages = ['domain', 'spec', 'store', 'projections', 'audit', 'esdb'] as const

/**
 * Tests check rules, not speed: e2e tests spawn processes and properties run many cases, and on a
 * loaded two-core machine either can take far longer than vitest's 5 s default. A generous limit
 * still ends a test that hangs.
 */
const limits = { testTimeout: 60_000, hookTimeout: 120_000 } as const

const root = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

/** Workspace packages resolve to their TypeScript sources under test, not their builds. */
export const sourceAliases = Object.fromEntries(
  packages.map((name) => [`@servicelife/${name}`, root(`./packages/${name}/src/index.ts`)]),
)

export const projects = [
  ...packages.map((name) => ({
    resolve: { alias: sourceAliases },
    test: {
      name,
      root: root('.'),
      ...limits,
      include: [`packages/${name}/test/**/*.spec.ts`],
    },
  })),
  {
    resolve: { alias: sourceAliases },
    test: {
      name: 'docs',
      root: root('.'),
      ...limits,
      include: ['docs/**/*.spec.ts', 'examples/**/*.spec.ts'],
    },
  },
]

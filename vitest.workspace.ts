/**
 * The test projects: one per package. Vitest >= 4 reads projects from `test.projects`
 * in vitest.config.ts, which imports this list.
 */
import { fileURLToPath } from 'node:url'

const packages = ['domain', 'spec', 'store', 'projections', 'audit', 'esdb'] as const

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
      include: [`packages/${name}/test/**/*.spec.ts`],
    },
  })),
  {
    resolve: { alias: sourceAliases },
    test: { name: 'docs', root: root('.'), include: ['docs/**/*.spec.ts', 'examples/**/*.spec.ts'] },
  },
]

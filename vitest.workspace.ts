/**
 * The test projects: one per package. Vitest >= 4 reads projects from `test.projects`
 * in vitest.config.ts, which imports this list.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const packages = [
  'domain',
  'spec',
  'strategy',
  'store',
  'projections',
  'ptv',
  'personal-data',
  'http',
  'audit',
  'esdb',
  'postgres',
] as const

/**
 * Tests check rules, not speed: e2e tests spawn processes and properties run many cases, and on a
 * loaded two-core machine either can take far longer than vitest's 5 s default. A generous limit
 * still ends a test that hangs.
 */
const limits = { testTimeout: 60_000, hookTimeout: 120_000 } as const

const root = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

/**
 * Workspace packages resolve to their TypeScript sources under test, not their builds: each entry
 * of a package's `exports` map (`@servicelife/store`, `@servicelife/store/adapter`, ...) to the
 * source its `@servicelife/source` condition names.
 */
export const sourceAliases = packages.flatMap((name) => {
  const manifest = JSON.parse(readFileSync(root(`./packages/${name}/package.json`), 'utf8')) as {
    exports: Record<string, string | Record<string, unknown>>
  }
  return Object.entries(manifest.exports).flatMap(([subpath, target]) => {
    const source = typeof target === 'string' ? undefined : target['@servicelife/source']
    if (typeof source !== 'string') return []
    const specifier = `@servicelife/${name}${subpath === '.' ? '' : subpath.slice(1)}`
    return [
      {
        find: new RegExp(`^${specifier.replace(/[/.]/g, '\\$&')}$`),
        replacement: root(`./packages/${name}/${source}`),
      },
    ]
  })
})

export const projects = [
  ...packages.map((name) => ({
    resolve: { alias: sourceAliases },
    test: {
      name,
      root: root('.'),
      ...limits,
      include: [`packages/${name}/test/**/*.spec.ts`],
      // One real PostgreSQL for the run (packages/postgres/test/global-setup.ts).
      ...(name === 'postgres' ? { globalSetup: [root('./packages/postgres/test/global-setup.ts')] } : {}),
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

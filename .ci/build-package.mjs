// Builds the package in the current directory to dist/esm (ES modules) and dist/cjs (CommonJS),
// each with its own .d.ts, so that both `import` and `require` consumers get types.
import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const tsc = require.resolve('typescript/bin/tsc')
rmSync('dist', { recursive: true, force: true })
const run = (...args) => execFileSync(process.execPath, [tsc, ...args], { stdio: 'inherit' })
run('-p', 'tsconfig.build.json', '--outDir', 'dist/esm')
run(
  '-p',
  'tsconfig.build.json',
  '--outDir',
  'dist/cjs',
  '--module',
  'CommonJS',
  '--moduleResolution',
  'Node10',
)
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n')

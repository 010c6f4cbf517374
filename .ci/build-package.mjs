// Builds the package in the current directory to dist/esm (ES modules) and dist/cjs (CommonJS),
// each with its own .d.ts, so that both `import` and `require` consumers get types. The two
// compilations are independent and run side by side.
import { execFile } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'

const require = createRequire(import.meta.url)
const tsc = require.resolve('typescript/bin/tsc')
rmSync('dist', { recursive: true, force: true })
const run = async (...args) => {
  try {
    await promisify(execFile)(process.execPath, [tsc, ...args])
  } catch (error) {
    // tsc prints its diagnostics on stdout.
    process.stdout.write(error.stdout ?? '')
    process.stderr.write(error.stderr ?? '')
    throw new Error(`tsc ${args.join(' ')} failed in ${process.cwd()}`)
  }
}
await Promise.all([
  run('-p', 'tsconfig.build.json', '--outDir', 'dist/esm'),
  run(
    '-p',
    'tsconfig.build.json',
    '--outDir',
    'dist/cjs',
    '--module',
    'CommonJS',
    '--moduleResolution',
    'Node10',
  ),
])
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n')

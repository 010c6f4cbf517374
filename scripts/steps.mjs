// Runs npm scripts side by side, as many at a time as the machine has cores, and prints each
// one's output whole when it ends, so that the log reads step by step. Exits 1 if any failed.
// `node scripts/steps.mjs lint typecheck api:check docs:api`
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'

const steps = process.argv.slice(2)
const npm = process.env.npm_execpath
const run = (step) =>
  new Promise((resolve) => {
    const started = Date.now()
    // npm's own CLI under this node when run from npm, else the `npm` on the PATH.
    const child = npm
      ? spawn(process.execPath, [npm, 'run', '-s', step], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('npm', ['run', '-s', step], { stdio: ['ignore', 'pipe', 'pipe'] })
    const output = []
    child.stdout.on('data', (chunk) => output.push(chunk))
    child.stderr.on('data', (chunk) => output.push(chunk))
    // A step that cannot start (no npm) fails with the reason, instead of ending the run unexplained.
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)))
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      process.stdout.write(
        `\n> ${step}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${seconds} s\n`,
      )
      process.stdout.write(Buffer.concat(output))
      resolve(code === 0)
    })
  })

const waiting = [...steps]
const worker = async () => {
  const results = []
  for (let step = waiting.shift(); step !== undefined; step = waiting.shift()) results.push(await run(step))
  return results
}
const lanes = Math.max(1, Math.min(availableParallelism(), steps.length))
const results = (await Promise.all(Array.from({ length: lanes }, worker))).flat()
process.exitCode = results.every(Boolean) ? 0 : 1

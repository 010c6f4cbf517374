/**
 * The `servicelife` process: runs the CLI on the process's arguments and exits with its code.
 * Whatever happens, a failure is one line on stderr and an exit code, never a stack trace; a
 * reader that closes the pipe early (`servicelife replay | head`) ends the run quietly.
 */
import { runCli } from './cli.js'
import { EXIT } from './commands.js'
import { useCliHeapGrowth } from './heap-growth.js'

useCliHeapGrowth(process.execArgv)

const oneLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim()

const unexpected = (error: unknown) => {
  process.stderr.write(`servicelife: unexpected failure: ${oneLine(error)}\n`)
  process.exit(EXIT.failed)
}

// The reader of stdout went away: nothing more can be shown, and nothing is wrong with the record.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok)
  unexpected(error)
})
process.on('uncaughtException', unexpected)
process.on('unhandledRejection', unexpected)

void runCli(process.argv.slice(2), {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
}).then((code) => {
  process.exitCode = code
}, unexpected)

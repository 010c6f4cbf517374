/** The `servicelife` process: runs the CLI on the process's arguments and exits with its code. */
import { runCli } from './cli.js'

void runCli(process.argv.slice(2), {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
}).then((code) => {
  process.exitCode = code
})

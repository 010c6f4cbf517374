/**
 * The heap growth the `servicelife` process runs with. An audit's state only grows as it reads the
 * record, and V8's default growth lets the heap reach two to three times what is live; a fifth
 * above it keeps `check` of a 5,000,000-event record under 300 MB (from 482 MB) for about a tenth
 * more time (bench/NOTES.md).
 */
import { setFlagsFromString } from 'node:v8'

export const CLI_HEAP_GROWTH = '--heap-growing-percent=20'

/** Sets the CLI's heap growth, unless node was started with one (`node --heap-growing-percent=N`). */
export const useCliHeapGrowth = (execArgv: ReadonlyArray<string>): void => {
  const flag = CLI_HEAP_GROWTH.slice(0, CLI_HEAP_GROWTH.indexOf('='))
  if (!execArgv.some((o) => o.startsWith(flag))) setFlagsFromString(CLI_HEAP_GROWTH)
}

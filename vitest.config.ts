import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { projects } from './vitest.workspace.js'

export default defineConfig({
  test: {
    projects,
    // Vitest's default for a run is one worker fewer than the cores: one on a two-core machine.
    // Most of the slow files wait on processes they spawn (the CLI, servers, PostgreSQL), so a
    // worker per core keeps both cores busy.
    maxWorkers: availableParallelism(),
  },
})

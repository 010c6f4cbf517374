// Workers do not inherit the main thread's `--import tsx` hooks: this entry registers them, then
// loads the worker's TypeScript module.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.module)

/**
 * Where the part worker's module is, for the ES module build: loaded only where `__dirname` does
 * not exist (`replay-threads.ts`), so the CommonJS build, which has no `import.meta`, never loads it.
 */
// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- an error only in the CommonJS build, which never runs this line
// @ts-ignore
export const partWorkerUrl = new URL('./replay-part-worker.js', import.meta.url)

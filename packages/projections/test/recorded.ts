/** Recorded events for pure projection tests: the spec kit's `asRecorded`, under a short name. */
export { asRecorded as recorded } from '@servicelife/spec'

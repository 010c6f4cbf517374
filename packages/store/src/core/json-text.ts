/** JSON text of strings, for the lines and hashes written for every event. */

/** What JSON.stringify escapes in a string: quotes, backslashes, control characters, lone surrogates. */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/

/**
 * A string as JSON, exactly as JSON.stringify writes it. Most strings here are ids, times, names
 * and hashes with nothing to escape; on node 20 quoting those directly costs less than a call to
 * the serialiser, which adds up over the several strings of every event.
 */
export const jsonString = (text: string): string =>
  NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`

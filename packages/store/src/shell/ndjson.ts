/** Streaming NDJSON: lines of a file range or of any byte stream, without holding the whole input. */
import { createReadStream } from 'node:fs'

const NEWLINE = 0x0a

/** Complete lines of bytes from chunks; the bytes after the last newline are returned as `rest` by the caller's loop. */
export async function* splitLines(chunks: AsyncIterable<Buffer | string>): AsyncIterable<string> {
  let carry: Buffer | undefined
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw
    let start = 0
    let newline = chunk.indexOf(NEWLINE, start)
    while (newline !== -1) {
      const piece = chunk.subarray(start, newline)
      yield carry === undefined ? piece.toString('utf8') : Buffer.concat([carry, piece]).toString('utf8')
      carry = undefined
      start = newline + 1
      newline = chunk.indexOf(NEWLINE, start)
    }
    if (start < chunk.length)
      carry = carry === undefined ? chunk.subarray(start) : Buffer.concat([carry, chunk.subarray(start)])
  }
  if (carry !== undefined && carry.length > 0) yield carry.toString('utf8')
}

/** Lines of the byte range [start, end) of a file. */
export const fileLines = (path: string, start: number, end: number): AsyncIterable<string> =>
  end <= start
    ? (async function* () {})()
    : splitLines(createReadStream(path, { start, end: end - 1, highWaterMark: 1 << 20 }))

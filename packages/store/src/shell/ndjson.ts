/** Streaming NDJSON: lines of a file range or of any byte stream, without holding the whole input. */
import { open } from 'node:fs/promises'

const NEWLINE = 0x0a

/** Complete lines of bytes from chunks, one at a time; the bytes after the last newline are the last line. */
export async function* splitLines(chunks: AsyncIterable<Buffer | string>): AsyncIterable<string> {
  for await (const batch of splitLineBatches(chunks)) yield* batch
}

/**
 * Complete lines of bytes from chunks, a batch at a time: every line a chunk completes, in one
 * array, so that a consumer that folds batches pays one promise per chunk, not per line. A line
 * that spans chunks is gathered in pieces (copies: a chunk may be a reused buffer) and joined
 * once: an input of one huge line costs time linear in its size, not quadratic.
 */
export async function* splitLineBatches(chunks: AsyncIterable<Buffer | string>): AsyncIterable<string[]> {
  let pieces: Buffer[] = []
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw
    const lines: string[] = []
    let start = 0
    let newline = chunk.indexOf(NEWLINE, start)
    while (newline !== -1) {
      const piece = chunk.subarray(start, newline)
      lines.push(
        pieces.length === 0 ? piece.toString('utf8') : Buffer.concat([...pieces, piece]).toString('utf8'),
      )
      pieces = []
      start = newline + 1
      newline = chunk.indexOf(NEWLINE, start)
    }
    if (start < chunk.length) pieces.push(Buffer.from(chunk.subarray(start)))
    if (lines.length > 0) yield lines
  }
  if (pieces.length > 0) yield [Buffer.concat(pieces).toString('utf8')]
}

const CHUNK_BYTES = 1 << 20

/**
 * The bytes of [start, end) of a file (to its end when `end` is not given), read into one buffer
 * that is reused: each chunk is valid until the next is asked for. A read of a log of gigabytes
 * leaves no trail of megabyte buffers for the garbage collector to find.
 */
export async function* fileChunks(path: string, start = 0, end?: number): AsyncIterable<Buffer> {
  if (end !== undefined && end <= start) return
  const file = await open(path, 'r')
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
    for (let position = start; end === undefined || position < end;) {
      const wanted = end === undefined ? buffer.length : Math.min(buffer.length, end - position)
      const { bytesRead } = await file.read(buffer, 0, wanted, position)
      if (bytesRead === 0) return
      position += bytesRead
      yield buffer.subarray(0, bytesRead)
    }
  } finally {
    await file.close()
  }
}

/** Lines of the byte range [start, end) of a file. */
export const fileLines = (path: string, start: number, end: number): AsyncIterable<string> =>
  splitLines(fileChunks(path, start, end))

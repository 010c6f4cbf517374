/** Reading an archive for scenario 4: its complete lines, and each line checked as the audit checks it. */
import { createReadStream } from 'node:fs'
import { decodeEvent } from '@servicelife/domain'
import { parseRecordedEvent, type RecordedEvent } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

/** Complete lines of a file, as the stores read them. */
export async function* lines(path: string): AsyncIterable<string> {
  let carry = ''
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const parts = (carry + (chunk as string)).split('\n')
    carry = parts.pop()!
    for (const line of parts) yield line
  }
  if (carry !== '') yield carry
}

/** One line checked (envelope and domain codecs), as the recorded event it holds; a bad line is a bug here. */
export const checkedLine = (line: string): RecordedEvent => {
  const parsed = parseRecordedEvent(line)
  if (E.isLeft(parsed)) throw new Error(parsed.left)
  const decoded = decodeEvent(parsed.right)
  if (E.isLeft(decoded)) throw new Error(decoded.left.message)
  return parsed.right
}

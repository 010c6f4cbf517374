/** The recorded event as one line of text: the log's and the archives' format, fixed by JSON itself. */
import { test } from '@fast-check/vitest'
import { type RecordedEvent } from '@servicelife/store'
import {
  canonicalMetadata,
  lineEnvelope,
  lineStreamId,
  parseRecordedEvent,
  serializeRecordedEvent,
} from '@servicelife/store/adapter'
import fc from 'fast-check'
import { describe, expect } from 'vitest'

/** Any text, quotes, backslashes, control characters and lone surrogates included. */
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('"', '\\', '\u0000', '\u001f', '\ud800', 'a\udc00b'),
)

const recordedEvent: fc.Arbitrary<RecordedEvent> = fc.record({
  streamId: text,
  revision: fc.nat(),
  position: fc.nat(),
  type: text,
  data: fc.jsonValue(),
  metadata: fc.record(
    {
      eventId: text,
      recordedAt: text,
      hash: text,
      commandId: text,
      correlationId: text,
      causationId: text,
    },
    { requiredKeys: ['eventId', 'recordedAt', 'hash'] },
  ),
})

describe('the recorded event line', () => {
  test.prop([recordedEvent], { numRuns: 500 })(
    'the stream id read from a line’s opening is its event’s, or none for an id with an escape',
    (event) => {
      const read = lineStreamId(serializeRecordedEvent(event))
      expect(read).toBe(JSON.stringify(event.streamId).includes('\\') ? undefined : event.streamId)
    },
  )

  test.prop([recordedEvent], { numRuns: 500 })(
    'the envelope read from a line is its event’s stream, position, id and hash, or none where one holds an escape',
    (event) => {
      const escaped = [
        event.streamId,
        event.metadata.eventId,
        event.metadata.recordedAt,
        event.metadata.hash,
      ].some((s) => JSON.stringify(s).includes('\\'))
      expect(lineEnvelope(serializeRecordedEvent(event))).toEqual(
        escaped
          ? undefined
          : {
              streamId: event.streamId,
              position: event.position,
              eventId: event.metadata.eventId,
              hash: event.metadata.hash,
            },
      )
    },
  )

  test.prop([fc.oneof(fc.string(), fc.json())], { numRuns: 500 })(
    'a line of any other making reads as no envelope unless it opens as the store writes one',
    (line) => {
      if (!line.startsWith('{"streamId":"')) expect(lineEnvelope(line)).toBeUndefined()
    },
  )

  const otherLines = fc.oneof(
    fc.string(),
    fc.json(),
    fc.tuple(fc.jsonValue(), fc.jsonValue()).map(([id, rest]) => JSON.stringify({ streamId: id, rest })),
  )
  test.prop([otherLines], { numRuns: 500 })(
    'a line of any other making names a stream id only if it is the one JSON reads in it',
    (line) => {
      const read = lineStreamId(line)
      if (read === undefined) return
      const parsed = (() => {
        try {
          return JSON.parse(line) as { streamId?: unknown }
        } catch {
          return undefined
        }
      })()
      // A line that is no JSON names a stream all the same; its check then refuses it.
      if (parsed !== undefined) expect(parsed.streamId).toBe(read)
    },
  )

  test.prop([recordedEvent], { numRuns: 500 })(
    'a line is JSON.stringify of the event with its metadata in canonical order',
    (event) => {
      expect(serializeRecordedEvent(event)).toBe(
        JSON.stringify({
          streamId: event.streamId,
          revision: event.revision,
          position: event.position,
          type: event.type,
          data: event.data,
          metadata: canonicalMetadata(event.metadata),
        }),
      )
    },
  )

  test.prop([recordedEvent], { numRuns: 300 })(
    'a line reads back as the event it was written from',
    (event) => {
      const read = parseRecordedEvent(serializeRecordedEvent(event))
      expect(read).toEqual({ _tag: 'Right', right: JSON.parse(JSON.stringify(event)) })
    },
  )
})

/** The recorded event as one line of text: the log's and the archives' format, fixed by JSON itself. */
import { test } from '@fast-check/vitest'
import {
  canonicalMetadata,
  parseRecordedEvent,
  type RecordedEvent,
  serializeRecordedEvent,
} from '@servicelife/store'
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

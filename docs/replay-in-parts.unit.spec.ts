import { test } from '@fast-check/vitest'
import { cityReport, replay } from '@servicelife/audit'
import { asRecorded, cityHistory } from '@servicelife/spec'
import { describe, expect } from 'vitest'
import { replayInTwoParts } from './examples/replay-in-parts.js'

describe('docs/examples/replay-in-parts.ts', () => {
  test.prop([cityHistory({ services: 3, cases: 12 }).map(asRecorded)], { numRuns: 10 })(
    'services in one part and cases in the other report what the whole record reports',
    (events) => {
      const merged = replayInTwoParts(events, (streamId) => streamId.startsWith('service-'))
      expect(cityReport(merged)).toEqual(cityReport(replay(events)))
    },
  )
})

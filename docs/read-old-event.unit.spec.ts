import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { readFutureOpening, readOldOpening } from './examples/read-old-event.js'

describe('docs/examples/read-old-event.ts', () => {
  it('an opening of version 1 reads as version 2; one of a later version is a typed error', () => {
    expect(readOldOpening()).toEqual(
      E.right([
        {
          type: 'CaseOpened',
          data: { caseId: 'c1', at: '2025-02-03T10:00:00+02:00', serviceId: 'library', onContact: 'k1' },
        },
      ]),
    )
    expect(E.isLeft(readFutureOpening()) && readFutureOpening()).toMatchObject({
      left: { code: 'newer-schema', eventType: 'CaseOpened', version: 7, streamId: 'case-c1' },
    })
  })
})

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ERASED } from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { shownBlock } from './doc-blocks.js'
import { guidanceWithPersonalData } from './examples/personal-data.js'

describe('docs/examples/personal-data.ts', () => {
  it('seals the record, exports the subject, lets the subject expire, forgets the customer, and the record verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servicelife-docs-personal-'))
    try {
      const r = await guidanceWithPersonalData(join(dir, 'store'), join(dir, 'keys'))
      expect(r.access.streams.map((s) => s.streamId)).toEqual(['case-c-1'])
      expect(r.access.streams[0]!.events[0]!.data).toMatchObject({
        subject: 'Poikani tarvitsee apua opiskelupaikan hakuun',
      })
      expect(r.retention.lines).toEqual([
        expect.objectContaining({ rule: 'ContactReceived.subject P2Y after case-closed', keys: 1 }),
      ])
      expect(r.forgotten).toMatchObject({ erasure: 'req-2027-17', rule: 'request' })
      expect(r.contact!.data).toMatchObject({ subject: ERASED, customer: { kind: 'resident', ref: ERASED } })
      expect(E.isRight(r.verified)).toBe(true)
      const log = readFileSync(join(dir, 'store', 'events.ndjson'), 'utf8')
      expect(log).not.toContain('Aino Virtanen')
      expect(log).not.toContain('pseud-4711')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('docs/personal-data.md shows the example as it is', () => {
    expect(
      shownBlock('personal-data.md', 'examples/personal-data.ts', 'protectPersonalData(record, keys)')
        .inSource,
    ).toBe(true)
  })
})

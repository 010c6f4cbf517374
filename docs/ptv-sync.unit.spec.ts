import { join } from 'node:path'
import { serviceEntity } from '@servicelife/domain'
import { importPtv } from '@servicelife/ptv'
import { readPtvFiles } from '@servicelife/ptv/files'
import { commandHandler, InMemoryEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { shownBlock } from './doc-blocks.js'
import { whatToSendPtv } from './examples/ptv-sync.js'

const PTV = join(import.meta.dirname, '..', 'packages', 'ptv', 'test', 'fixtures', 'ptv')

describe('docs/examples/ptv-sync.ts', () => {
  it('after a retirement in servicelife, PTV is sent the service as Deleted; the rest need nothing', async () => {
    const records = readPtvFiles(PTV)
    if (E.isLeft(records)) throw new Error(records.left.message)
    const store = new InMemoryEventStore()
    const handler = commandHandler(store, serviceEntity)
    for (const service of importPtv(records.right, { at: '2026-01-05T09:00:00+02:00' }).services)
      for (const [n, command] of service.commands.entries()) {
        const handled = await handler.handle(command, { commandId: `import-${service.ptvId}-${n}` })
        expect(E.isLeft(handled) ? handled.left : undefined).toBeUndefined()
      }
    const retired = 'ptv-0739289c-cc26-4097-b029-fa9c58c8d4e9'
    const handled = await handler.handle(
      {
        type: 'RetireService',
        data: {
          serviceId: retired,
          at: '2026-03-01T12:00:00+02:00',
          reason: 'Moved to the land survey',
          replacedBy: 'ptv-0a94d54d-febd-4149-bceb-f3cc0fd648e6',
        },
      },
      { commandId: 'retire-boundaries' },
    )
    expect(E.isLeft(handled) ? handled.left : undefined).toBeUndefined()
    const sent = await whatToSendPtv(store, records.right, {
      organizationId: '3d1759a2-e47a-4947-9a31-cab1c1e2512b',
      municipalityCode: '529',
    })
    if (E.isLeft(sent)) throw new Error(sent.left.message)
    const toPut = sent.right.filter((s) => s.changes.action === 'PUT')
    expect(toPut.map((s) => [s.changes.serviceId, s.service.publishingStatus])).toContainEqual([
      retired,
      'Deleted',
    ])
    expect(sent.right.filter((s) => s.changes.action === 'none')).toHaveLength(27)
  })
})

describe('docs/ptv.md', () => {
  it('shows the example as it is: the page’s block is the tested source', () => {
    const shown = shownBlock('./ptv.md', './examples/ptv-sync.ts', 'exportCatalog(')
    expect(shown.block).toBeDefined()
    expect(shown.inSource).toBe(true)
  })
})

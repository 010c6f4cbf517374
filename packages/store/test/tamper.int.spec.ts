/** Tamper evidence: edit, remove, reorder or insert a line of a file store's log and verifyHistory names it. */

import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { handleAll, planAndLaunch, refusals, turkuServices, youthChatJourney } from '@servicelife/spec'
import { FileEventStore, LOG_FILE, verifyHistory } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from './temp-dir.js'

const { dir, remove } = tempDir()
let pristine: string[] = []

const open = async () => {
  const opened = await FileEventStore.open(dir)
  if (E.isLeft(opened)) throw new Error(opened.left.message)
  return opened.right
}

beforeAll(async () => {
  const store = await open()
  const commands = [
    ...planAndLaunch(turkuServices.generalGuidance),
    ...planAndLaunch(turkuServices.youthGuidance),
    ...youthChatJourney('youth-1', '2025-04-01T09:00:00+03:00'),
    ...youthChatJourney('youth-2', '2025-04-01T09:00:00+03:00'),
  ]
  const refused = refusals(await handleAll(store, commands))
  if (refused.length > 0) throw new Error(refused.join())
  await store.close()
  pristine = readFileSync(join(dir, LOG_FILE), 'utf8').split('\n').slice(0, -1)
})
afterAll(remove)

/** Rewrites the log, verifies, and restores it. */
const verifyTampered = async (lines: string[]) => {
  writeFileSync(join(dir, LOG_FILE), `${lines.join('\n')}\n`)
  const store = await open()
  try {
    return await verifyHistory(store)
  } finally {
    await store.close()
    writeFileSync(join(dir, LOG_FILE), `${pristine.join('\n')}\n`)
  }
}
const line = (i: number) =>
  JSON.parse(pristine[i]!) as { streamId: string; revision: number; data: Record<string, unknown> }

describe('verifyHistory', () => {
  it('passes the untouched history and gives its digest', async () => {
    const verified = await verifyTampered(pristine)
    expect(E.isRight(verified) && verified.right).toMatchObject({ events: pristine.length, streams: 4 })
  })

  it('catches an edited event, naming stream and revision', async () => {
    const i = pristine.findIndex((l) => l.includes('"CaseAnswered"'))
    const edited = pristine.map((l, j) =>
      j === i ? l.replace('Summer job guidance booked.', 'Nothing to do.') : l,
    )
    const verified = await verifyTampered(edited)
    expect(E.isLeft(verified) && verified.left).toMatchObject({
      breach: 'hash-mismatch',
      streamId: line(i).streamId,
      revision: line(i).revision,
    })
  })

  it('catches a removed event in the middle of a stream', async () => {
    const i = pristine.findIndex((l) => l.includes('"ConsentGiven"'))
    const verified = await verifyTampered(pristine.filter((_, j) => j !== i))
    expect(E.isLeft(verified) && verified.left).toMatchObject({
      breach: 'revision-gap',
      streamId: line(i).streamId,
      revision: line(i).revision + 1,
    })
  })

  it('catches a removed last event of a stream by the gap in positions', async () => {
    const i = pristine.findIndex((l) => l.includes('"ServiceLaunched"'))
    const verified = await verifyTampered(pristine.filter((_, j) => j !== i))
    expect(E.isLeft(verified) && verified.left.breach).toBe('position-gap')
  })

  it('catches two events of a stream swapped', async () => {
    const i = pristine.findIndex((l) => l.includes('"CaseAnswered"'))
    const swapped = [...pristine]
    ;[swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!]
    const verified = await verifyTampered(swapped)
    expect(E.isLeft(verified) && verified.left).toMatchObject({
      streamId: line(i).streamId,
      revision: line(i + 1).revision,
    })
    expect(E.isLeft(verified) && ['revision-gap', 'position-out-of-order']).toContain(
      E.isLeft(verified) && verified.left.breach,
    )
  })

  it('catches an inserted event', async () => {
    const i = pristine.findIndex((l) => l.includes('"CaseAnswered"'))
    const forged = JSON.parse(pristine[i]!)
    forged.data.summary = 'A second, forged answer.'
    const inserted = [...pristine.slice(0, i + 1), JSON.stringify(forged), ...pristine.slice(i + 1)]
    const verified = await verifyTampered(inserted)
    expect(E.isLeft(verified) && verified.left).toMatchObject({
      streamId: line(i).streamId,
      revision: line(i).revision,
    })
    expect(E.isLeft(verified) && ['revision-repeated', 'position-out-of-order']).toContain(
      E.isLeft(verified) && verified.left.breach,
    )
  })

  it('catches an event that no longer decodes, even with its hash recomputed', async () => {
    const { eventHash } = await import('@servicelife/store')
    const i = pristine.findIndex((l) => l.includes('"FeedbackGiven"'))
    const bad = JSON.parse(pristine[i]!)
    const previous = JSON.parse(
      pristine
        .slice(0, i)
        .reverse()
        .find((l) => JSON.parse(l).streamId === bad.streamId)!,
    )
    bad.data.needsMet = 7
    bad.metadata.hash = eventHash(previous.metadata.hash, bad)
    const verified = await verifyTampered(pristine.map((l, j) => (j === i ? JSON.stringify(bad) : l)))
    expect(E.isLeft(verified) && verified.left).toMatchObject({
      breach: 'invalid-event',
      streamId: bad.streamId,
      revision: bad.revision,
    })
  })
})

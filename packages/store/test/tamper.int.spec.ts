/**
 * Tamper evidence, as a forger with the disk would try it: every kind of edit, removal, move,
 * insertion and recomputation of a file store's log, each detected either by `verify` alone
 * (naming the breach) or, where the forger recomputed the chain, by the digest anchored before.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { handleAll, planAndLaunch, refusals, turkuServices, youthChatJourney } from '@servicelife/spec'
import { FileEventStore, LOG_FILE, readRecorded, type RecordedEvent, verifyHistory } from '@servicelife/store'
import { chainedHash, GENESIS_HASH } from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from './temp-dir.js'

const { dir, remove } = tempDir()
let pristine: string[] = []
let anchor: { position: number; digest: string }

type Line = RecordedEvent & { metadata: Record<string, unknown> & RecordedEvent['metadata'] }

const open = async () => {
  const opened = await FileEventStore.open(dir, { readOnly: true })
  if (E.isLeft(opened)) throw new Error(opened.left.message)
  return opened.right
}

beforeAll(async () => {
  const writer = await FileEventStore.open(dir)
  if (E.isLeft(writer)) throw new Error(writer.left.message)
  const commands = [
    ...planAndLaunch(turkuServices.generalGuidance),
    ...planAndLaunch(turkuServices.youthGuidance),
    ...youthChatJourney('youth-1', '2025-04-01T09:00:00+03:00'),
    ...youthChatJourney('youth-2', '2025-04-01T09:00:00+03:00'),
  ]
  const refused = refusals(await handleAll(writer.right, commands))
  if (refused.length > 0) throw new Error(refused.join())
  await writer.right.close()
  pristine = readFileSync(join(dir, LOG_FILE), 'utf8').split('\n').slice(0, -1)
  const store = await open()
  const verified = await verifyHistory(store)
  await store.close()
  if (E.isLeft(verified)) throw new Error(verified.left.message)
  anchor = { position: verified.right.position, digest: verified.right.digest }
})
afterAll(remove)

const parsed = (): Line[] => pristine.map((l) => JSON.parse(l) as Line)
const index = (lines: Line[], type: string, nth = 0) => lines.filter((l) => l.type === type)[nth]!.position

/** Every line's hash made again, in order, as a forger who knows the chain would. */
const rechained = (lines: Line[]): Line[] => {
  const last = new Map<string, string>()
  return lines.map((l) => {
    const hash = chainedHash(last.get(l.streamId) ?? GENESIS_HASH, l)!
    last.set(l.streamId, hash)
    return { ...l, metadata: { ...l.metadata, hash } }
  })
}

/** Verifies the log as tampered, alone and against the anchor; restores the pristine log. */
const verifyTampered = async (lines: Line[]) => {
  writeFileSync(join(dir, LOG_FILE), lines.map((l) => `${JSON.stringify(l)}\n`).join(''))
  const store = await open()
  try {
    return {
      alone: await verifyHistory(store),
      anchored: await verifyHistory(store, { atPosition: anchor.position, expectDigest: anchor.digest }),
    }
  } finally {
    await store.close()
    writeFileSync(join(dir, LOG_FILE), `${pristine.join('\n')}\n`)
  }
}

const edit = (type: string, change: (l: Line) => Line) => (lines: Line[]) => {
  const at = index(lines, type)
  return lines.map((l) => (l.position === at ? change(structuredClone(l)) : l))
}
const setMetadata = (type: string, key: string, value: unknown) =>
  edit(type, (l) => ({ ...l, metadata: { ...l.metadata, [key]: value } as Line['metadata'] }))
const without = (type: string, key: string) =>
  edit(type, (l) => {
    const { [key]: _, ...metadata } = l.metadata
    return { ...l, metadata: metadata as Line['metadata'] }
  })
const swapAt = (lines: Line[], i: number, relabel: boolean) => {
  const out = [...lines]
  const a = out[i]!
  const b = out[i + 1]!
  out[i] = relabel ? { ...b, position: a.position } : b
  out[i + 1] = relabel ? { ...a, position: b.position } : a
  return out
}
/** The first place where two neighbouring lines belong to different streams: swapping them keeps each stream's order. */
const acrossStreams = (lines: Line[]) =>
  lines.findIndex((l, i) => i + 1 < lines.length && l.streamId !== lines[i + 1]!.streamId)

type Detected = { readonly verify: string } | { readonly anchor: true }

const tampers: ReadonlyArray<[string, (lines: Line[]) => Line[], Detected]> = [
  [
    'an answer’s text edited',
    edit('CaseAnswered', (l) => ({ ...l, data: { ...(l.data as object), summary: 'Nothing to do.' } })),
    { verify: 'hash-mismatch' },
  ],
  [
    'a business time edited',
    edit('CaseAnswered', (l) => ({ ...l, data: { ...(l.data as object), at: '2025-04-01T06:00:00.000Z' } })),
    { verify: 'hash-mismatch' },
  ],
  [
    'a nested field edited',
    edit('ContactReceived', (l) => ({
      ...l,
      data: { ...(l.data as object), customer: { kind: 'company' } },
    })),
    { verify: 'hash-mismatch' },
  ],
  [
    'an event’s type changed',
    edit('ConsentGiven', (l) => ({ ...l, type: 'ConsentWithdrawn' })),
    { verify: 'hash-mismatch' },
  ],
  [
    'an event id edited',
    setMetadata('CaseAnswered', 'eventId', '0190a000-0000-7000-8000-000000000001'),
    { verify: 'hash-mismatch' },
  ],
  [
    'a recorded time edited',
    setMetadata('CaseAnswered', 'recordedAt', '2020-01-01T00:00:00.000Z'),
    { verify: 'hash-mismatch' },
  ],
  [
    'a command id edited (idempotency defeated)',
    setMetadata('CaseAnswered', 'commandId', 'forged'),
    { verify: 'hash-mismatch' },
  ],
  [
    'a correlation id edited',
    setMetadata('CaseAnswered', 'correlationId', 'forged'),
    { verify: 'hash-mismatch' },
  ],
  [
    'a causation id edited',
    setMetadata('CaseAnswered', 'causationId', 'forged'),
    { verify: 'hash-mismatch' },
  ],
  ['a command id removed', without('CaseAnswered', 'commandId'), { verify: 'hash-mismatch' }],
  ['a schema version changed', setMetadata('CaseAnswered', 'schemaVersion', 1), { verify: 'hash-mismatch' }],
  [
    'an event’s hash replaced',
    setMetadata('CaseAnswered', 'hash', 'f'.repeat(64)),
    { verify: 'hash-mismatch' },
  ],
  ['the chain version lowered to 1', without('CaseAnswered', 'chain'), { verify: 'chain-version-lowered' }],
  [
    'an event moved to another stream',
    edit('CaseAnswered', (l) => ({ ...l, streamId: 'case-youth-3' })),
    { verify: 'revision-gap' },
  ],
  [
    'a revision edited',
    edit('FeedbackGiven', (l) => ({ ...l, revision: l.revision + 1 })),
    { verify: 'revision-gap' },
  ],
  [
    'a position edited',
    edit('FeedbackGiven', (l) => ({ ...l, position: l.position + 100 })),
    { verify: 'position-gap' },
  ],
  [
    'an event removed in the middle of its stream',
    (ls) => ls.filter((l) => l.position !== index(ls, 'ConsentGiven')),
    { verify: 'revision-gap' },
  ],
  [
    'the last event of a stream removed',
    (ls) => ls.filter((l) => l.position !== index(ls, 'ServiceLaunched')),
    { verify: 'position-gap' },
  ],
  [
    'two events of a stream swapped',
    (ls) =>
      swapAt(
        ls,
        ls.findIndex((l) => l.type === 'CaseAnswered'),
        false,
      ),
    { verify: 'revision-gap' },
  ],
  ['a line repeated', (ls) => [...ls, ls[ls.length - 1]!], { verify: 'position-out-of-order' }],
  [
    'a forged event inserted',
    (ls) => {
      const at = ls.findIndex((l) => l.type === 'CaseAnswered')
      return [
        ...ls.slice(0, at + 1),
        { ...ls[at]!, data: { ...(ls[at]!.data as object), summary: 'A second answer.' } },
        ...ls.slice(at + 1),
      ]
    },
    { verify: 'position-out-of-order' },
  ],
  [
    'an event copied into a new stream, its hash made again',
    (ls) => {
      const copy = { ...ls[0]!, streamId: 'service-copied', revision: 0, position: ls.length }
      return rechained([...ls, copy])
    },
    { verify: 'event-id-repeated' },
  ],
  [
    'an event edited to break a rule, its chain made again',
    (ls) =>
      rechained(edit('FeedbackGiven', (l) => ({ ...l, data: { ...(l.data as object), needsMet: 7 } }))(ls)),
    { verify: 'invalid-event' },
  ],
  [
    'an answer edited and every hash made again',
    (ls) =>
      rechained(
        edit('CaseAnswered', (l) => ({ ...l, data: { ...(l.data as object), summary: 'Nothing to do.' } }))(
          ls,
        ),
      ),
    { anchor: true },
  ],
  [
    'a command id edited and every hash made again',
    (ls) => rechained(setMetadata('CaseAnswered', 'commandId', 'forged')(ls)),
    { anchor: true },
  ],
  [
    'two lines of different streams swapped, their positions relabelled',
    (ls) => swapAt(ls, acrossStreams(ls), true),
    { anchor: true },
  ],
  ['the last event of the log removed', (ls) => ls.slice(0, -1), { anchor: true }],
  [
    'an event removed and the rest renumbered, every hash made again',
    (ls) => {
      const gone = index(ls, 'ConsentGiven')
      const kept = ls.filter((l) => l.position !== gone)
      const revisions = new Map<string, number>()
      return rechained(
        kept.map((l, i) => {
          const revision = revisions.get(l.streamId) ?? 0
          revisions.set(l.streamId, revision + 1)
          return { ...l, position: i, revision }
        }),
      )
    },
    { anchor: true },
  ],
]

describe('tamper evidence', () => {
  it('the untouched log verifies, alone and against its anchor', async () => {
    const verified = await verifyTampered(parsed())
    expect(E.isRight(verified.alone) && verified.alone.right).toMatchObject({
      events: pristine.length,
      streams: 4,
      chains: { 2: pristine.length },
    })
    expect(E.isRight(verified.anchored)).toBe(true)
  })

  it.each(tampers)('%s: detected', async (_, tamper, detected) => {
    const { alone, anchored } = await verifyTampered(tamper(parsed()))
    if ('verify' in detected) {
      expect(E.isLeft(alone) && alone.left).toMatchObject({
        code: 'history-breached',
        breach: detected.verify,
      })
    } else {
      expect(E.isRight(alone)).toBe(true)
      expect(E.isLeft(anchored) && ['digest-mismatch', 'position-beyond-record']).toContain(
        E.isLeft(anchored) && anchored.left.code,
      )
    }
  })

  it('onRead is told every event verified, at today’s version, in order, and none past the position', async () => {
    const store = await open()
    const expected: RecordedEvent[] = []
    for await (const event of store.readAll()) {
      const read = readRecorded(event)
      if (E.isLeft(read)) throw new Error(read.left.message)
      expected.push(...read.right)
    }
    const told: RecordedEvent[] = []
    expect(E.isRight(await verifyHistory(store, { onRead: (events) => told.push(...events) }))).toBe(true)
    expect(told).toEqual(expected)
    const upTo: RecordedEvent[] = []
    await verifyHistory(store, { atPosition: 3, onRead: (events) => upTo.push(...events) })
    expect(upTo).toEqual(expected.filter((e) => e.position <= 3))
    const undecoded: RecordedEvent[] = []
    await verifyHistory(store, { decode: false, onRead: (events) => undecoded.push(...events) })
    expect(undecoded).toEqual([])
    await store.close()
  })

  it(`detects ${tampers.length} kinds of tampering`, () => {
    console.log(
      `tamper evidence: ${tampers.length} kinds, ${tampers.filter(([, , d]) => 'verify' in d).length} by verify alone, ${tampers.filter(([, , d]) => 'anchor' in d).length} by the anchored digest`,
    )
    expect(tampers.length).toBeGreaterThanOrEqual(24)
  })

  it('the digest at a position is the digest of the record as it was then, also after the store grew', async () => {
    const lines = parsed()
    const cut = lines.slice(0, 10)
    writeFileSync(join(dir, LOG_FILE), cut.map((l) => `${JSON.stringify(l)}\n`).join(''))
    const small = await open()
    const then = await verifyHistory(small)
    await small.close()
    writeFileSync(join(dir, LOG_FILE), `${pristine.join('\n')}\n`)
    const grown = await open()
    const now = await verifyHistory(grown, { atPosition: 9 })
    await grown.close()
    expect(E.isRight(then) && E.isRight(now) && now.right.digest).toBe(E.isRight(then) && then.right.digest)
  })
})

/**
 * The command handler's contract, run on every store: nothing unvalidated reaches the store, a
 * fact of another stream is never taken from the caller, and every valid command is accepted
 * under concurrency. Like the store's contract it needs only `describe` and `it`, and asserts
 * with node:assert.
 *
 *   commandHandlerContract('FileEventStore', async () => ({ store, cleanup }), { describe, it })
 */
import assert from 'node:assert/strict'
import { caseEntity, serviceEntity } from '@servicelife/domain'
import { commandHandler, type EventStore, verifyHistory } from '@servicelife/store'
import { type ContractFixture, type TestFramework } from '@servicelife/store/contract'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { invalidCommand } from '../arbitraries/journeys.js'
import { handleAll, refusals } from '../fixtures/handled.js'
import { planAndLaunch, turkuServices } from '../fixtures/turku.js'

const AT = '2025-03-03T09:00:00+02:00'
const LATER = '2025-03-03T10:00:00+02:00'

let counter = 0
/** Case ids unique per run, so a store that cannot be emptied (a shared server) still works. */
const uniqueCase = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`

const contact = (caseId: string, contactId = 'k-1', at = AT) => ({
  type: 'ReceiveContact',
  data: {
    caseId,
    at,
    contactId,
    channel: 'chat',
    customer: { kind: 'resident', ref: 'pseudo-7f3a' },
    language: 'fi',
    subject: 'Where do I renew a parking permit?',
  },
})
const answer = (caseId: string) => ({
  type: 'AnswerCase',
  data: { caseId, at: LATER, channel: 'chat', by: 'guidance desk', summary: 'Renewed online.' },
})
const feedback = (caseId: string, needsMet: unknown) => ({
  type: 'GiveFeedback',
  data: { caseId, at: LATER, needsMet, communication: 4 },
})
const plan = (serviceId: string) => ({
  type: 'PlanService',
  data: { ...turkuServices.youthGuidance, serviceId },
})

const withData = (command: { type: string; data: object }, data: Record<string, unknown>) => ({
  ...command,
  data: { ...command.data, ...data },
})
const without = (command: { type: string; data: object }, key: string) => {
  const { [key]: _, ...data } = command.data as Record<string, unknown>
  return { ...command, data }
}

export interface BadCommand {
  readonly name: string
  readonly entity: 'service' | 'case'
  readonly command: unknown
  readonly metadata?: unknown
  /** The error code, and for a decode error a fragment of the problem it names. */
  readonly code: 'decode-error' | 'business-time-in-future'
  readonly names?: string
}

/** Bad commands as a tired operator, a careless integration or an attacker sends them. */
export const badCommands = (caseId: string): ReadonlyArray<BadCommand> => {
  const c = contact(caseId)
  const at = (value: unknown, names = 'data.at') => ({ command: withData(c, { at: value }), names })
  const rows: Array<Omit<BadCommand, 'entity' | 'code'> & Partial<Pick<BadCommand, 'entity' | 'code'>>> = [
    { name: 'a US-style date', ...at('01/02/2018 10:00:00 AM') },
    { name: 'at "NaN"', ...at('NaN') },
    { name: 'a day that does not exist', ...at('2025-02-30T10:00:00Z') },
    { name: 'a time without its offset', ...at('2025-02-03T10:00:00') },
    { name: 'hour 24', ...at('2025-02-03T24:00:00Z') },
    { name: 'at as a number', ...at(1_738_569_600_000) },
    { name: 'at missing', command: without(c, 'at'), names: 'data.at' },
    {
      name: 'a channel the city has no such thing as',
      command: withData(c, { channel: 'fax' }),
      names: 'data.channel',
    },
    {
      name: 'an answer without its summary',
      command: without(answer(caseId), 'summary'),
      names: 'data.summary',
    },
    { name: 'a blank summary', command: withData(answer(caseId), { summary: '   ' }), names: 'data.summary' },
    { name: 'a 1 MB subject', command: withData(c, { subject: 'x'.repeat(1 << 20) }), names: 'data.subject' },
    {
      name: 'a case id with a newline',
      command: withData(c, { caseId: 'c\n{"x":1}' }),
      names: 'data.caseId',
    },
    { name: 'a case id with quotes', command: withData(c, { caseId: 'c"1' }), names: 'data.caseId' },
    {
      name: 'a case id climbing out of a directory',
      command: withData(c, { caseId: '../etc/passwd' }),
      names: 'data.caseId',
    },
    {
      name: 'a case id of 300 characters',
      command: withData(c, { caseId: 'c'.repeat(300) }),
      names: 'data.caseId',
    },
    { name: 'an empty case id', command: withData(c, { caseId: '' }), names: 'data.caseId' },
    {
      name: 'an outcome the model does not know',
      command: { type: 'CloseCase', data: { caseId, at: LATER, outcome: 'whatever' } },
      names: 'data.outcome',
    },
    { name: 'data null', command: { type: 'ReceiveContact', data: null }, names: 'data' },
    { name: 'data missing', command: { type: 'ReceiveContact' }, names: 'data' },
    { name: 'data an array', command: { type: 'ReceiveContact', data: [c.data] }, names: 'data' },
    {
      name: 'a command type that does not exist',
      command: withData({ ...c, type: 'EraseCase' }, {}),
      names: 'type',
    },
    { name: 'the type missing', command: { data: c.data }, names: 'type' },
    { name: 'the command null', command: null, names: '(root)' },
    { name: 'the command as JSON text', command: JSON.stringify(c), names: '(root)' },
    { name: 'the command an array', command: [c], names: '(root)' },
    { name: 'the customer missing', command: without(c, 'customer'), names: 'data.customer' },
    {
      name: 'a robot customer',
      command: withData(c, { customer: { kind: 'robot' } }),
      names: 'data.customer.kind',
    },
    {
      name: 'a personal identity code as the customer reference',
      command: withData(c, { customer: { kind: 'resident', ref: '010190-123A' } }),
      names: 'data.customer.ref',
    },
    {
      name: 'a personal identity code inside the customer reference',
      command: withData(c, { customer: { kind: 'resident', ref: 'hetu:131052-308T' } }),
      names: 'data.customer.ref',
    },
    { name: 'a score of 6', command: feedback(caseId, 6), names: 'data.needsMet' },
    { name: 'a score of 2.5', command: feedback(caseId, 2.5), names: 'data.needsMet' },
    { name: 'a language written out', command: withData(c, { language: 'Finnish' }), names: 'data.language' },
    {
      name: 'an obligation class Pori does not have',
      entity: 'service',
      command: withData(plan('svc-bad-obligation'), { obligation: 'mandatory' }),
      names: 'data.obligation',
    },
    {
      name: 'a service id with a space',
      entity: 'service',
      command: withData(plan('svc-bad-id'), { serviceId: 'youth guidance' }),
      names: 'data.serviceId',
    },
    { name: 'a service command sent to the case handler', command: plan('svc-wrong-handler'), names: 'type' },
    { name: 'a command id that is empty', command: c, metadata: { commandId: '' }, names: 'commandId' },
    { name: 'a command id with a newline', command: c, metadata: { commandId: 'a\nb' }, names: 'commandId' },
    { name: 'a command id that is a number', command: c, metadata: { commandId: 42 }, names: 'commandId' },
    { name: 'no metadata at all', command: c, metadata: undefined, names: 'CommandMetadata' },
    {
      name: 'business time in year 9999',
      command: withData(c, { at: '9999-12-31T23:59:59Z' }),
      code: 'business-time-in-future',
    },
  ]
  return rows.map((row) => ({ entity: 'case', code: 'decode-error', ...row }))
}

const positionsOf = async (store: EventStore) => store.headPosition()

/**
 * Another object on the same store: a handler on it has its own queue and cache, so its commands
 * race the first handler's as another process's would.
 */
export const storeView = (store: EventStore): EventStore => ({
  contiguousPositions: store.contiguousPositions,
  appendToStream: (streamId, events, options) => store.appendToStream(streamId, events, options),
  readStream: (streamId, options) => store.readStream(streamId, options),
  streamRevision: (streamId) => store.streamRevision(streamId),
  headPosition: () => store.headPosition(),
  readAll: (options) => store.readAll(options),
  subscribeToAll: (options, handler) => store.subscribeToAll(options, handler),
  close: async () => {},
})

export const commandHandlerContract = (
  name: string,
  open: () => Promise<ContractFixture>,
  { describe, it }: TestFramework,
): void => {
  const withStore = (body: (store: EventStore) => Promise<void>) => async () => {
    const { store, cleanup } = await open()
    try {
      await body(store)
    } finally {
      await cleanup()
    }
  }

  describe(`${name}: the command handler's contract`, () => {
    it(
      'every bad command returns a typed error naming what is wrong, and writes nothing',
      withStore(async (store) => {
        const caseId = uniqueCase('bad')
        const ready = await handleAll(store, [contact(caseId) as never], { prefix: caseId })
        assert.deepEqual(refusals(ready), [])
        const handlers = {
          service: commandHandler(store, serviceEntity),
          case: commandHandler(store, caseEntity),
        }
        for (const bad of badCommands(caseId)) {
          const head = await positionsOf(store)
          const metadata = 'metadata' in bad ? bad.metadata : { commandId: `${caseId}-${bad.name}` }
          const outcome = await handlers[bad.entity].handle(bad.command, metadata as never)
          assert.ok(E.isLeft(outcome), `${bad.name}: accepted`)
          assert.equal(outcome.left.code, bad.code, `${bad.name}: ${outcome.left.message}`)
          if (bad.names !== undefined)
            assert.ok(outcome.left.message.includes(bad.names), `${bad.name}: ${outcome.left.message}`)
          assert.ok(
            outcome.left.message.length < 2_000,
            `${bad.name}: a message of ${outcome.left.message.length} characters`,
          )
          assert.equal(await positionsOf(store), head, `${bad.name}: something was written`)
        }
      }),
      120_000,
    )

    it(
      'a generated invalid command is refused at the door and writes nothing',
      withStore(async (store) => {
        const handlers = [commandHandler(store, serviceEntity), commandHandler(store, caseEntity)]
        const head = await positionsOf(store)
        await fc.assert(
          fc.asyncProperty(invalidCommand, fc.nat(1), async ({ command, broken }, which) => {
            const outcome = await handlers[which]!.handle(command, { commandId: uniqueCase('invalid') })
            assert.ok(E.isLeft(outcome), `accepted with ${broken} broken`)
            assert.equal(outcome.left.code, 'decode-error')
          }),
          { numRuns: 100 },
        )
        assert.equal(await positionsOf(store), head)
      }),
      120_000,
    )

    it(
      'a case is opened to a service only as the record shows it: a forged service state is ignored',
      withStore(async (store) => {
        const caseId = uniqueCase('forged')
        const cases = commandHandler(store, caseEntity)
        assert.ok(E.isRight(await cases.handle(contact(caseId), { commandId: `${caseId}-0` })))
        const head = await positionsOf(store)
        const forged = {
          type: 'OpenCase',
          data: {
            caseId,
            at: LATER,
            serviceId: uniqueCase('no-such-service'),
            onContact: 'k-1',
            targetServiceState: 'in-production',
          },
          target: { lifecycle: 'in-production' },
        }
        const outcome = await cases.handle(forged, { commandId: `${caseId}-1` })
        assert.ok(E.isLeft(outcome), 'a case was opened to a service that does not exist')
        assert.equal(outcome.left.code, 'target-service-in-production')
        assert.equal(await positionsOf(store), head)
      }),
    )

    it(
      'a case opened to a service in production is opened, the service looked up in the record',
      withStore(async (store) => {
        const serviceId = uniqueCase('guidance')
        const services = planAndLaunch({ ...turkuServices.generalGuidance, serviceId })
        const caseId = uniqueCase('routed')
        const open = { type: 'OpenCase', data: { caseId, at: LATER, serviceId, onContact: 'k-1' } }
        const outcomes = await handleAll(store, [...services, contact(caseId), open] as never, {
          prefix: caseId,
        })
        assert.deepEqual(refusals(outcomes), [])
      }),
    )

    it(
      'concurrent valid commands on one stream are all accepted, with contiguous revisions and an intact chain',
      withStore(async (store) => {
        const run = async (n: number, writers: number) => {
          const caseId = uniqueCase('busy')
          // Each writer is another handler on its own view of the store (its own queue and cache),
          // as another process would be.
          const handlers = Array.from({ length: writers }, (_, w) =>
            commandHandler(w === 0 ? store : storeView(store), caseEntity),
          )
          const outcomes = await Promise.all(
            Array.from({ length: n }, (_, i) =>
              handlers[i % writers]!.handle(contact(caseId, `k-${i}`), { commandId: `${caseId}-${i}` }),
            ),
          )
          const refused = outcomes.flatMap((o) => (E.isLeft(o) ? [o.left.message] : []))
          assert.deepEqual(refused, [], `${refused.length} of ${n} refused: ${refused[0]}`)
          const revisions = (await store.readStream(caseEntity.streamId(caseId))).map((e) => e.revision)
          assert.deepEqual(
            revisions,
            Array.from({ length: n }, (_, i) => i),
          )
        }
        await run(200, 1)
        await run(200, 3)
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 1, max: 3 }), run),
          { numRuns: 4 },
        )
        const verified = await verifyHistory(store)
        assert.ok(E.isRight(verified), E.isLeft(verified) ? verified.left.message : '')
      }),
      300_000,
    )
  })
}

/**
 * Scenarios 1 and 2: contact-received commands round-robin over case streams through our
 * `commandHandler` into `InMemoryEventStore`, against Emmett's `DeciderCommandHandler` into its
 * `getInMemoryEventStore()` with the same decider; then every stream read back and folded.
 */
import { DeciderCommandHandler, getInMemoryEventStore } from '@event-driven-io/emmett'
import {
  type CaseCommand,
  caseDecider,
  caseEntity,
  type CaseEvent,
  type CaseState,
  caseStreamId,
  decodeCaseCommand,
  encodeEvent,
  helsinkiIso,
  type RoutedCaseCommand,
} from '@servicelife/domain'
import { commandHandler, foldStream, InMemoryEventStore } from '@servicelife/store'
import { eventHash, GENESIS_HASH, newEventId } from '@servicelife/store/adapter'
import * as E from 'fp-ts/lib/Either.js'
import { alternate, median, rate, type Row, row, timed } from '../measure.js'

export const contacts = (n: number, streams: number, prefix = 'c'): CaseCommand[] =>
  Array.from({ length: n }, (_, i) => {
    const c = i % streams
    const k = Math.floor(i / streams)
    return {
      type: 'ReceiveContact',
      data: {
        caseId: `${prefix}${c}`,
        at: helsinkiIso(Date.UTC(2025, 0, 1) + k * 60_000),
        contactId: `${prefix}${c}-${k}`,
        channel: 'phone',
        customer: { kind: 'resident', ref: `r${c}` },
        language: 'fi',
        subject: 'When is the library open?',
      },
    }
  })

/** Our decider as Emmett's: a broken rule is thrown, as Emmett deciders signal it. */
export const emmettHandler = DeciderCommandHandler<CaseState, RoutedCaseCommand, CaseEvent>({
  decide: (command, state) => {
    const decided = caseDecider.decide(command, state)
    if (E.isLeft(decided)) throw new Error(decided.left.message)
    return [...decided.right]
  },
  evolve: (state, event) => caseDecider.evolve(state, event),
  initialState: () => caseDecider.initialState,
})

export const commandHandling = async (options: { commands: number; streams: number; rounds: number }) => {
  const commands = contacts(options.commands, options.streams)
  let ours = new InMemoryEventStore()
  let theirs = getInMemoryEventStore()
  const handled = await alternate(
    options.rounds,
    async () => {
      ours = new InMemoryEventStore()
      const cases = commandHandler(ours, caseEntity)
      for (const [i, command] of commands.entries()) {
        const r = await cases.handle(command, { commandId: `k${i}` })
        if (E.isLeft(r)) throw new Error(r.left.message)
      }
      return commands.length
    },
    async () => {
      theirs = getInMemoryEventStore()
      for (const command of commands)
        await emmettHandler(theirs, caseStreamId(command.data.caseId), command as RoutedCaseCommand)
      return commands.length
    },
  )
  // The work no handler can skip per command (decide, evolve, encode, hash chain, event id), in a
  // tight loop with nothing read, awaited or stored: the fastest any handler of ours could be.
  const floors: number[] = []
  for (let r = 0; r < options.rounds; r++)
    floors.push(
      rate(
        await timed(() => {
          const states = new Map<string, { state: CaseState; hash: string; revision: number }>()
          for (const command of commands) {
            const id = command.data.caseId
            const s = states.get(id) ?? { state: caseDecider.initialState, hash: GENESIS_HASH, revision: -1 }
            const decided = caseDecider.decide(command as RoutedCaseCommand, s.state)
            if (E.isLeft(decided)) throw new Error(decided.left.message)
            let { hash, revision, state } = s
            for (const event of decided.right) {
              const data = encodeEvent(event).data
              revision++
              hash = eventHash(hash, { streamId: id, revision, type: event.type, data })
              if (newEventId() === '') throw new Error('no id')
              state = caseDecider.evolve(state, event)
            }
            states.set(id, { state, hash, revision })
          }
          return commands.length
        }),
      ),
    )
  const floor = median(floors)
  // What decoding each command at the handler's door costs, alone: a share of every command handled.
  const decodes: number[] = []
  for (let r = 0; r < options.rounds; r++)
    decodes.push(
      rate(
        await timed(() => {
          for (const command of commands)
            if (E.isLeft(decodeCaseCommand(command))) throw new Error('a bench command does not decode')
          return commands.length
        }),
      ),
    )
  const rows: Row[] = [
    row(
      '1 command handling',
      `${options.commands} contacts over ${options.streams} case streams`,
      'commands/s',
      handled.a,
      {
        name: 'Emmett 0.42 DeciderCommandHandler',
        value: handled.b,
      },
      { text: '>= 50x Emmett', met: (_, r) => (r ?? 0) >= 50 },
    ),
    row(
      '1 command handling',
      'the unavoidable work alone: decide, evolve, encode, hash, id',
      'commands/s',
      floor,
      {
        name: 'Emmett 0.42 DeciderCommandHandler',
        value: handled.b,
      },
    ),
    row(
      '1 command handling',
      'decoding the command alone (part of each command handled)',
      'commands/s',
      median(decodes),
      {
        name: 'Emmett 0.42 DeciderCommandHandler',
        value: handled.b,
      },
    ),
  ]

  // Scenario 2: read every stream back and fold it.
  const ids = Array.from({ length: options.streams }, (_, c) => caseStreamId(`c${c}`))
  const folded = await alternate(
    options.rounds,
    async () => {
      let events = 0
      for (const id of ids) {
        const loaded = await foldStream(ours, caseEntity, id.slice('case-'.length))
        if (E.isLeft(loaded)) throw new Error(loaded.left.message)
        events += loaded.right.revision + 1
      }
      return events
    },
    async () => {
      let events = 0
      for (const id of ids) {
        const r = await theirs.aggregateStream(id, {
          evolve: (s: CaseState, e: CaseEvent) => caseDecider.evolve(s, e),
          initialState: () => caseDecider.initialState,
        })
        events += Number(r.currentStreamVersion)
      }
      return events
    },
  )
  // Where the time goes: the same reads and folds without decoding each event read back.
  const undecoded: number[] = []
  for (let r = 0; r < options.rounds; r++)
    undecoded.push(
      rate(
        await timed(async () => {
          let events = 0
          for (const id of ids) {
            let state = caseDecider.initialState
            for (const e of await ours.readStream(id))
              state = caseDecider.evolve(state, e as unknown as CaseEvent)
            events += state.contactCount
          }
          return events
        }),
      ),
    )
  // The fold limit: the same already-parsed events folded through a Map, nothing read or decoded.
  const all: { streamId: string; type: string; data: unknown }[] = []
  for await (const e of ours.readAll()) all.push(e)
  const limits: number[] = []
  for (let r = 0; r < options.rounds; r++)
    limits.push(
      rate(
        await timed(() => {
          const states = new Map<string, CaseState>()
          for (const e of all)
            states.set(
              e.streamId,
              caseDecider.evolve(states.get(e.streamId) ?? caseDecider.initialState, e as CaseEvent),
            )
          return all.length
        }),
      ),
    )
  const limit = median(limits)
  rows.push(
    row(
      '2 read and fold',
      'read, decode and fold every stream',
      'events/s',
      folded.a,
      {
        name: 'Emmett 0.42 aggregateStream',
        value: folded.b,
      },
      { text: '>= 1.5x Emmett', met: (_, r) => (r ?? 0) >= 1.5 },
    ),
    row(
      '2 read and fold',
      'read and fold without decoding (where the time goes)',
      'events/s',
      median(undecoded),
      {
        name: 'Emmett 0.42 aggregateStream',
        value: folded.b,
      },
    ),
    row(
      '2 read and fold',
      'the same, against the fold limit',
      'events/s',
      folded.a,
      {
        name: 'bare fold of parsed objects through a Map',
        value: limit,
      },
      { text: '>= 0.7x the fold limit', met: (_, r) => (r ?? 0) >= 0.7 },
    ),
  )
  return rows
}

/**
 * What every example shares: a fresh file store in `--dir`, commands sent through the real command
 * handler with each outcome printed (a rejection with the rule it broke), and the record read back.
 */
import { rmSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { type CaseCommand, caseEntity, type ServiceCommand, serviceEntity } from '@servicelife/domain'
import { commandHandler, FileEventStore, type RecordedEvent } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

export interface Scenario {
  readonly dir: string
  /** Sends a service command; prints its outcome. Resolves to whether it was accepted. */
  readonly service: (command: ServiceCommand) => Promise<boolean>
  /** Sends a case command; prints only rejections unless `loud`. */
  readonly caseCommand: (command: CaseCommand, loud?: boolean) => Promise<boolean>
  readonly events: () => Promise<RecordedEvent[]>
  readonly close: () => Promise<void>
}

export const openScenario = async (name: string): Promise<Scenario> => {
  const { values } = parseArgs({ options: { dir: { type: 'string', default: `.servicelife/${name}` } } })
  const dir = values.dir!
  rmSync(dir, { recursive: true, force: true })
  const opened = await FileEventStore.open(dir)
  if (E.isLeft(opened)) throw new Error(opened.left.message)
  const store = opened.right
  const services = commandHandler(store, serviceEntity)
  const cases = commandHandler(store, caseEntity)
  let n = 0
  const log = (at: string, what: string, outcome: string) =>
    console.log(`${at.slice(0, 10)}  ${what.padEnd(46)} ${outcome}`)
  const outcome = (
    handled: E.Either<{ code: string; message: string }, { events: ReadonlyArray<{ type: string }> }>,
  ) =>
    E.isRight(handled)
      ? handled.right.events.map((e) => e.type).join(', ')
      : `rejected: ${handled.left.code} - ${handled.left.message}`
  return {
    dir,
    service: async (command) => {
      const handled = await services.handle(command, { commandId: `${name}-${++n}` })
      log(command.data.at, `${command.type} ${command.data.serviceId}`, outcome(handled))
      return E.isRight(handled)
    },
    caseCommand: async (command, loud = false) => {
      const handled = await cases.handle(command, { commandId: `${name}-${++n}` })
      if (loud || E.isLeft(handled))
        log(command.data.at, `${command.type} ${command.data.caseId}`, outcome(handled))
      return E.isRight(handled)
    },
    events: async () => {
      const all: RecordedEvent[] = []
      for await (const e of store.readAll()) all.push(e)
      return all
    },
    close: () => store.close(),
  }
}

/**
 * Quick start: plan and launch a service, route a contact to it and answer it, against the
 * in-memory store. This file is compiled with the project and run by docs/quick-start.e2e.spec.ts.
 */
import { caseEntity, serviceEntity } from '@servicelife/domain'
import { commandHandler, InMemoryEventStore } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

export const quickStart = async (): Promise<string[]> => {
  const store = new InMemoryEventStore()
  const log: string[] = []
  // One handler per kind of entity: each decodes what it is given and writes to that entity's stream.
  const services = commandHandler(store, serviceEntity)
  const cases = commandHandler(store, caseEntity)

  await services.handle(
    {
      type: 'PlanService',
      data: {
        serviceId: 'library-lending',
        at: '2025-01-02T09:00:00+02:00',
        name: { fi: 'Kirjastolainaus', sv: 'Bibliotekslån', en: 'Library lending' },
        needs: 'Residents borrow books near home.',
        serviceArea: 'Culture',
        obligation: 'organizing-responsibility',
        availability: 'local',
        productionMode: 'own',
        critical: false,
        targetGroups: ['everyone'],
        channels: ['service-location', 'e-service'],
      },
    },
    { commandId: 'plan-1' },
  )
  await services.handle(
    {
      type: 'LaunchService',
      data: {
        serviceId: 'library-lending',
        at: '2025-01-09T09:00:00+02:00',
        channels: ['service-location', 'e-service'],
      },
    },
    { commandId: 'launch-1' },
  )

  const commands = [
    {
      type: 'ReceiveContact',
      data: {
        caseId: 'c-1',
        at: '2025-02-03T10:00:00+02:00',
        contactId: 'k-1',
        channel: 'chat',
        customer: { kind: 'resident' },
        language: 'fi',
        subject: 'Voinko uusia lainani?',
      },
    },
    // The handler reads the service's stream: a case goes only to a service in production.
    {
      type: 'OpenCase',
      data: {
        caseId: 'c-1',
        at: '2025-02-03T10:01:00+02:00',
        serviceId: 'library-lending',
        onContact: 'k-1',
      },
    },
    {
      type: 'AnswerCase',
      data: {
        caseId: 'c-1',
        at: '2025-02-03T10:05:00+02:00',
        channel: 'chat',
        by: 'library',
        summary: 'Renewed.',
      },
    },
    { type: 'CloseCase', data: { caseId: 'c-1', at: '2025-02-03T10:06:00+02:00', outcome: 'resolved' } },
  ] as const
  for (const [i, command] of commands.entries()) {
    const handled = await cases.handle(command, { commandId: `case-${i}` })
    log.push(
      E.isRight(handled) ? handled.right.events.map((e) => e.type).join() : `rejected: ${handled.left.code}`,
    )
  }

  // A broken rule is a value: answering a closed case names the rule and writes nothing.
  const late = await cases.handle(
    {
      type: 'AnswerCase',
      data: {
        caseId: 'c-1',
        at: '2025-02-04T10:00:00+02:00',
        channel: 'email',
        by: 'library',
        summary: 'Again',
      },
    },
    { commandId: 'case-late' },
  )
  if (E.isLeft(late)) log.push(`rejected: ${late.left.code}`)
  return log
}

/**
 * Personal data in a guidance backend: the record written through `protectPersonalData`, so a
 * contact's subject, the answer and the names in it are sealed under keys kept apart from the
 * record; a customer forgotten on request; the retention table run; a subject access export.
 * Compiled with the project and run by docs/personal-data.int.spec.ts.
 */
import { caseEntity, serviceEntity } from '@servicelife/domain'
import {
  decodeRetentionTable,
  FileKeyStore,
  forgetSubject,
  protectPersonalData,
  runRetention,
  subjectExport,
} from '@servicelife/personal-data'
import { commandHandler, FileEventStore, verifyHistory } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

const orThrow = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}

export const guidanceWithPersonalData = async (storeDir: string, keysDir: string) => {
  // The record and the keys, in two places: a backup of one is not a backup of the other.
  const record = orThrow(await FileEventStore.open(storeDir))
  const keys = orThrow(await FileKeyStore.open(keysDir))
  const store = protectPersonalData(record, keys)
  const services = commandHandler(store, serviceEntity)
  const cases = commandHandler(store, caseEntity)

  await services.handle(
    {
      type: 'PlanService',
      data: {
        serviceId: 'youth-guidance',
        at: '2025-01-02T09:00:00+02:00',
        name: { fi: 'Nuorten ohjaamo', en: 'Youth guidance' },
        needs: 'Young people find education, work and support.',
        serviceArea: 'Youth',
        obligation: 'organizing-responsibility',
        availability: 'local',
        productionMode: 'own',
        critical: false,
        targetGroups: ['young people'],
        channels: ['chat'],
      },
    },
    { commandId: 'plan-1' },
  )
  await services.handle(
    {
      type: 'LaunchService',
      data: { serviceId: 'youth-guidance', at: '2025-01-09T09:00:00+02:00', channels: ['chat'] },
    },
    { commandId: 'launch-1' },
  )
  for (const [n, command] of [
    {
      type: 'ReceiveContact',
      data: {
        caseId: 'c-1',
        at: '2025-02-03T10:00:00+02:00',
        contactId: 'k-1',
        channel: 'chat',
        customer: { kind: 'resident', ref: 'pseud-4711' },
        language: 'fi',
        subject: 'Poikani tarvitsee apua opiskelupaikan hakuun',
      },
    },
    {
      type: 'OpenCase',
      data: {
        caseId: 'c-1',
        at: '2025-02-03T10:01:00+02:00',
        serviceId: 'youth-guidance',
        onContact: 'k-1',
        handler: 'Aino Virtanen',
      },
    },
    {
      type: 'AnswerCase',
      data: {
        caseId: 'c-1',
        at: '2025-02-04T12:00:00+02:00',
        channel: 'chat',
        by: 'Aino Virtanen',
        summary: 'Ohjattu hakuun, aika sovittu.',
      },
    },
    { type: 'CloseCase', data: { caseId: 'c-1', at: '2025-02-04T12:05:00+02:00', outcome: 'resolved' } },
  ].entries())
    orThrow(await cases.handle(command, { commandId: `case-${n}` }))

  // Subject access: everything held about the customer, opened.
  const access = orThrow(await subjectExport(store, keys, 'pseud-4711'))

  // The city's retention table: a contact's subject two years after the case closed.
  const table = orThrow(
    decodeRetentionTable({
      retention: [{ field: 'ContactReceived.subject', keep: 'P2Y', after: 'case-closed' }],
    }),
  )
  const retention = orThrow(
    await runRetention(record, keys, table, { asOf: '2027-03-01T00:00:00+02:00', apply: true }),
  )

  // The customer asks to be forgotten: their keys are destroyed, the proof recorded.
  const forgotten = orThrow(
    await forgetSubject(
      store,
      keys,
      { customer: 'pseud-4711' },
      { at: '2027-03-02T09:00:00+02:00', erasure: 'req-2027-17' },
    ),
  )

  const [contact] = await store.readStream('case-c-1')
  const verified = await verifyHistory(record)
  await keys.close()
  await store.close()
  return { access, retention, forgotten, contact, verified }
}

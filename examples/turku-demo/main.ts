/**
 * The Turku demo: the service strategy's own examples run through the command handler into the
 * embedded file store, then a summary of what the record says. Every rejected command shows the
 * rule it broke. Run: `npm run demo` (or `tsx examples/turku-demo/main.ts --dir DIR`).
 */

import { rmSync } from 'node:fs'
import { parseArgs } from 'node:util'
import {
  type CaseCommand,
  caseDecider,
  caseStreamId,
  type ServiceCommand,
  serviceDecider,
  serviceStreamId,
} from '@servicelife/domain'
import {
  checkHistory,
  planAndLaunch,
  plusDays,
  plusMinutes,
  turkuServices,
  youthChatJourney,
  youthPremisesReview,
} from '@servicelife/spec'
import {
  allProjections,
  catalogEntries,
  complianceReport,
  project,
  reviewAgendaReport,
  satisfactionReport,
} from '@servicelife/projections'
import { FileEventStore, handleCommand, type RecordedEvent, verifyHistory } from '@servicelife/store'
import * as E from 'fp-ts/lib/Either.js'

const { values } = parseArgs({ options: { dir: { type: 'string', default: '.servicelife/demo' } } })
const dir = values.dir!
rmSync(dir, { recursive: true, force: true })
const opened = await FileEventStore.open(dir)
if (E.isLeft(opened)) {
  console.error(`servicelife demo: ${opened.left.message}`)
  process.exit(1)
}
const store = opened.right
let commandNo = 0
let accepted = 0
let rejected = 0

const log = (at: string, what: string, outcome: string) =>
  console.log(`${at.slice(0, 10)}  ${what.padEnd(44)} ${outcome}`)

const service = async (command: ServiceCommand) => {
  const handled = await handleCommand(
    store,
    serviceDecider,
    serviceStreamId(command.data.serviceId),
    command,
    {
      commandId: `demo-${++commandNo}`,
    },
  )
  const what = `${command.type} ${command.data.serviceId}`
  if (E.isRight(handled)) {
    accepted++
    log(command.data.at, what, handled.right.events.map((e) => e.type).join(', '))
  } else {
    rejected++
    log(command.data.at, what, `rejected: ${handled.left.code} - ${handled.left.message}`)
  }
}
const caseCommand = async (command: CaseCommand, quiet = true) => {
  const handled = await handleCommand(store, caseDecider, caseStreamId(command.data.caseId), command, {
    commandId: `demo-${++commandNo}`,
  })
  if (E.isRight(handled)) accepted++
  else rejected++
  if (!quiet || E.isLeft(handled)) {
    const outcome = E.isRight(handled)
      ? handled.right.events.map((e) => e.type).join(', ')
      : `rejected: ${handled.left.code} - ${handled.left.message}`
    log(command.data.at, `${command.type} ${command.data.caseId}`, outcome)
  }
}
const withoutTargetState = (command: CaseCommand): CaseCommand => {
  // The shell looks the routed-to service up; the demo lets handleCommand do it.
  if (command.type !== 'OpenCase' && command.type !== 'ReferCase') return command
  const { targetServiceState: _, ...data } = command.data
  return { ...command, data } as CaseCommand
}

console.log(`servicelife demo: the Turku service strategy's examples, recorded in ${dir}\n`)
console.log('Services are planned and launched')
const s = turkuServices
for (const plan of [
  s.schoolA,
  { ...s.schoolA, serviceId: 'school-b', name: { fi: 'Koulu B', sv: 'Skola B', en: 'School B' } },
  s.elderlyDayActivities,
  s.youthPremisesA,
  s.youthPremisesB,
  s.youthPremisesC,
  s.generalGuidance,
  s.youthGuidance,
  s.popUpYouthWork,
]) {
  for (const command of planAndLaunch(plan)) await service(command)
}

console.log('\nPrinciple 6: two schools closed at once and moved to temporary premises')
await service({
  type: 'DisruptService',
  data: { serviceId: 'school-a', at: '2024-09-02T07:00:00+03:00', reason: 'Indoor air problem' },
})
for (const [id, continuity] of [
  ['school-a', 'Moved to existing school evacuation premises'],
  ['school-b', 'Moved to a modular building'],
]) {
  await service({
    type: 'DisruptService',
    data: {
      serviceId: id!,
      at: '2024-09-02T07:30:00+03:00',
      reason: 'Indoor air problem',
      continuity: continuity!,
    },
  })
}
for (const id of ['school-a', 'school-b'])
  await service({ type: 'RestoreService', data: { serviceId: id, at: '2025-06-01T08:00:00+03:00' } })

console.log('\nPrinciple 4: open day activities for the elderly move to associations')
await service({
  type: 'ChangeProduction',
  data: {
    serviceId: 'elderly-day-activities',
    at: '2024-01-02T09:00:00+02:00',
    from: 'own',
    to: 'third-sector',
    producer: 'Four coordinating associations (Ruusukortteli, Lehmusvalkama)',
    rationale: 'Organised by associations with bequest funds; the city enables and supports.',
  },
})

console.log('\nYouth contacts reach general guidance on any channel and are routed')
const firstYouthCase = '2025-01-20T15:00:00+02:00'
for (let i = 1; i <= 12; i++) {
  const journey = youthChatJourney(`youth-${i}`, plusDays(firstYouthCase, i * 2))
    .map(withoutTargetState)
    .map((c) =>
      c.type === 'GiveFeedback'
        ? { ...c, data: { ...c.data, needsMet: 1 + ((i * 3) % 5), communication: 1 + ((i * 2 + 2) % 5) } }
        : c,
    )
  // Some customers never answer the feedback question; some cases are still waiting for an answer.
  const cut = i % 6 === 0 ? 4 : i % 4 === 0 ? 5 : journey.length
  for (const command of journey.slice(0, cut)) await caseCommand(command)
}
console.log(
  '12 youth chat cases: received, opened on the first contact, referred with consent, most answered',
)
const late = youthChatJourney('youth-late', '2025-02-20T10:00:00+02:00').map(withoutTargetState)
await caseCommand(late[0]!, false)
await caseCommand(late[1]!, false)
await caseCommand(
  {
    ...late[3]!,
    data: { ...late[3]!.data, at: plusMinutes('2025-02-20T10:00:00+02:00', 10) },
  } as CaseCommand,
  false,
)

console.log(
  '\nPrinciple 4: the three youth premises with the lowest use and worst condition are reviewed and retired',
)
await service(youthPremisesReview('youth-premises-a', '2025-02-24T18:00:00+02:00', 'pop-up-youth-work')[0]!)
for (const id of ['youth-premises-a', 'youth-premises-b', 'youth-premises-c']) {
  const [review, retire] = youthPremisesReview(
    id,
    '2025-02-24T18:00:00+02:00',
    id === 'youth-premises-a' ? 'pop-up-youth-work' : undefined,
  )
  if (id !== 'youth-premises-a') await service(review!)
  await service(retire!)
}
await service({
  type: 'RetireService',
  data: {
    serviceId: 'general-guidance',
    at: '2025-03-31T12:00:00+03:00',
    reason: 'Test: can guidance just stop?',
  },
})

console.log('\nA contact routed to a retired service')
const stray = youthChatJourney('youth-stray', '2025-04-02T09:00:00+03:00').map(withoutTargetState)
await caseCommand(stray[0]!, false)
await caseCommand(
  {
    type: 'OpenCase',
    data: {
      caseId: 'youth-stray',
      at: '2025-04-02T09:05:00+03:00',
      serviceId: 'youth-premises-b',
      onContact: 'youth-stray-c1',
    },
  },
  false,
)

// What the record says, through the projections and the strategy's monitors.
const events: RecordedEvent[] = []
for await (const e of store.readAll()) events.push(e)
const asOf = '2025-06-30T23:59:00+03:00'
const catalog = catalogEntries(project(allProjections.serviceCatalog, events))
const compliance = complianceReport(project(allProjections.promiseCompliance, events), asOf).city
const satisfactionCity = satisfactionReport(project(allProjections.satisfaction, events)).city
const agenda = reviewAgendaReport(project(allProjections.reviewAgenda, events), { asOf })
const violations = checkHistory(events, { asOf })
const pct = (x: number | undefined) => (x === undefined ? '-' : `${(100 * x).toFixed(0)}%`)
const fixed = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(2))
console.log(`\nThe record as of ${asOf.slice(0, 10)}`)
console.log(
  `  commands                ${accepted} accepted, ${rejected} rejected (each rejection names its rule)`,
)
for (const state of ['in-production', 'disrupted', 'retired'] as const) {
  console.log(`  services ${state.padEnd(14)} ${catalog.filter((e) => e.lifecycle === state).length}`)
}
console.log(
  `  cases                   ${compliance.cases}, answered ${pct(compliance.shareAnswered)}, awaiting an answer: ${compliance.awaitingAnswer}, opened on the first contact ${pct(compliance.firstContactInitiationRate)}`,
)
console.log(
  `  satisfaction (1-5)      needs met ${fixed(satisfactionCity.needsMet.mean)}, communication ${fixed(satisfactionCity.communication.mean)} (n=${satisfactionCity.needsMet.n})`,
)
console.log(
  `  review agenda           ${agenda.reviewDue.length} due for review, ${agenda.questioned.length} questioned`,
)
const byRule = new Map<string, number>()
for (const v of violations) byRule.set(v.ruleId, (byRule.get(v.ruleId) ?? 0) + 1)
console.log(
  `  strategy findings       ${[...byRule].map(([rule, n]) => `${rule} ${n}`).join(', ') || 'none'}`,
)
const verified = await verifyHistory(store)
console.log(
  E.isRight(verified)
    ? `  history                 ${verified.right.events} events in ${verified.right.streams} streams, hash chain intact, digest ${verified.right.digest.slice(0, 16)}...`
    : `  history                 BROKEN: ${verified.left.message}`,
)
await store.close()

/**
 * Turku principle 4: open day activities for the elderly move from the city's own production to
 * associations (third sector) on 2.1.2024; the city enables and supports. Satisfaction on the two
 * city-wide questions, before and after the change, from the same record.
 * Run: `npm run build && tsx examples/day-activities-to-associations/main.ts [--dir DIR]`
 */
import { cityReport, replay, table } from '@servicelife/audit'
import type { CaseCommand } from '@servicelife/domain'
import { planAndLaunch, plusDays, plusMinutes, turkuServices } from '@servicelife/spec'
import { openScenario } from '../shared/scenario.js'

const CHANGE = '2024-01-02T09:00:00+02:00'
const scenario = await openScenario('day-activities-to-associations')
console.log(`Day activities for the elderly move to associations, recorded in ${scenario.dir}\n`)
for (const command of planAndLaunch(turkuServices.elderlyDayActivities)) await scenario.service(command)

/** A visitor's question about the day activities, answered, with feedback on the two questions. */
const visit = (caseId: string, at: string, needsMet: number, communication: number): CaseCommand[] => [
  {
    type: 'ReceiveContact',
    data: {
      caseId,
      at,
      contactId: `${caseId}-1`,
      channel: 'phone',
      customer: { kind: 'resident', ref: `pseud-${caseId}` },
      language: 'fi',
      subject: 'Can I join the day activities?',
    },
  },
  {
    type: 'OpenCase',
    data: { caseId, at: plusMinutes(at, 3), serviceId: 'elderly-day-activities', onContact: `${caseId}-1` },
  },
  {
    type: 'AnswerCase',
    data: {
      caseId,
      at: plusMinutes(at, 90),
      channel: 'phone',
      by: 'day activities',
      summary: 'Welcome on Tuesdays.',
    },
  },
  { type: 'GiveFeedback', data: { caseId, at: plusDays(at, 7), needsMet, communication } },
]

// 2023: the city runs the activities itself; 2024: associations run them, with more groups nearer home.
const before = [3, 3, 4, 2, 3, 4, 3, 3, 2, 4]
const after = [4, 5, 4, 4, 3, 5, 4, 5, 4, 4]
for (const [i, score] of before.entries())
  for (const command of visit(`before-${i + 1}`, plusDays('2023-02-01T10:00:00+02:00', i * 30), score, 3))
    await scenario.caseCommand(command)

console.log('\nThe change of production (principle 4), first without naming the producer, then as decided')
await scenario.service({
  type: 'ChangeProduction',
  data: {
    serviceId: 'elderly-day-activities',
    at: CHANGE,
    from: 'own',
    to: 'third-sector',
    rationale: 'Associations organise it.',
  },
})
await scenario.service({
  type: 'ChangeProduction',
  data: {
    serviceId: 'elderly-day-activities',
    at: CHANGE,
    from: 'own',
    to: 'third-sector',
    producer: 'Four coordinating associations',
    rationale: 'Organised by associations with bequest funds; the city enables and supports.',
  },
})
for (const [i, score] of after.entries())
  for (const command of visit(`after-${i + 1}`, plusDays('2024-02-01T10:00:00+02:00', i * 30), score, 4))
    await scenario.caseCommand(command)

const events = await scenario.events()
await scenario.close()
const beforeReport = cityReport(replay(events, { asOf: { at: CHANGE } }))
const afterReport = cityReport(
  replay(events.filter((e) => Date.parse((e.data as { at: string }).at) > Date.parse(CHANGE))),
)
const entry = cityReport(replay(events)).catalog.find((e) => e.serviceId === 'elderly-day-activities')!
console.log(`\n${entry.name.en}: now ${entry.productionMode}, produced by ${entry.producer}`)
const row = (label: string, r: typeof beforeReport) => [
  label,
  r.satisfaction.city.needsMet.mean ?? null,
  r.satisfaction.city.communication.mean ?? null,
  r.satisfaction.city.needsMet.n,
]
console.log(
  table(
    ['Period', 'Meets my needs', 'Communication', 'Responses'],
    [row('Own production (2023)', beforeReport), row('Associations (2024)', afterReport)],
  ),
)

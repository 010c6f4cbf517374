/**
 * Turku principle 6: two schools (critical services) close at once for an indoor-air problem. A
 * disruption of a critical service must state its continuity arrangement; both move to temporary
 * premises and are restored. Critical readiness as of the worst day, and each school's timeline.
 * Run: `npm run build && tsx examples/schools-in-temporary-premises/main.ts [--dir DIR]`
 */
import { cityReport, replay, table } from '@servicelife/audit'
import { planAndLaunch, turkuServices } from '@servicelife/spec'
import { openScenario } from '../shared/scenario.js'

const scenario = await openScenario('schools-in-temporary-premises')
console.log(`Two schools in temporary premises, recorded in ${scenario.dir}\n`)
const schoolB = {
  ...turkuServices.schoolA,
  serviceId: 'school-b',
  name: { fi: 'Koulu B', sv: 'Skola B', en: 'School B' },
}
for (const plan of [turkuServices.schoolA, schoolB])
  for (const command of planAndLaunch(plan)) await scenario.service(command)

console.log('\nIndoor air problem: a critical service cannot simply stop')
await scenario.service({
  type: 'DisruptService',
  data: { serviceId: 'school-a', at: '2024-09-02T07:00:00+03:00', reason: 'Indoor air problem' },
})
for (const [id, continuity] of [
  ['school-a', 'Moved to the city’s school evacuation premises'],
  ['school-b', 'Moved to a modular building in the schoolyard'],
] as const)
  await scenario.service({
    type: 'DisruptService',
    data: { serviceId: id, at: '2024-09-02T07:30:00+03:00', reason: 'Indoor air problem', continuity },
  })
await scenario.service({
  type: 'RestoreService',
  data: { serviceId: 'school-b', at: '2025-01-07T08:00:00+02:00' },
})
await scenario.service({
  type: 'RestoreService',
  data: { serviceId: 'school-a', at: '2025-06-01T08:00:00+03:00' },
})

const events = await scenario.events()
await scenario.close()
const during = cityReport(replay(events, { asOf: { at: '2024-12-01T12:00:00+02:00' } }))
console.log('\nCritical services disrupted on 1.12.2024')
console.log(
  table(
    ['Service', 'Since', 'Days', 'Continuity arrangement'],
    during.criticalReadiness.map((r) => [
      r.serviceId,
      r.since.slice(0, 10),
      Math.floor(r.days),
      r.continuity,
    ]),
  ),
)
const now = cityReport(replay(events))
console.log(`\nCritical services disrupted now: ${now.criticalReadiness.length}`)
console.log('\nTimelines')
console.log(
  table(
    ['Service', 'Phase', 'Start', 'End', 'Days'],
    Object.entries(now.timelines).flatMap(([id, phases]) =>
      phases.map((p) => [
        id,
        p.phase,
        p.start.slice(0, 10),
        p.end?.slice(0, 10) ?? null,
        p.days === undefined ? null : Math.round(p.days),
      ]),
    ),
  ),
)

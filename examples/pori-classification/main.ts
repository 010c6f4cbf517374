/**
 * Pori: every service classified by obligation (statutory authority activity, organizing
 * responsibility, other services, internal support) and availability (local, centralized), with how
 * it is produced; the summary the strategy asks for, in Finnish, and the check that statutory
 * authority activity stays in the city's own production.
 * Run: `npm run build && tsx examples/pori-classification/main.ts [--dir DIR]`
 */
import { cityReport, heading, replay, servicePlan, serviceTemplates, table, term } from '@servicelife/audit'
import type { ServicePlannedData } from '@servicelife/domain'
import { planAndLaunch } from '@servicelife/spec'
import { checkHistory } from '@servicelife/strategy'
import { openScenario } from '../shared/scenario.js'

const scenario = await openScenario('pori-classification')
console.log(`A classified catalogue, recorded in ${scenario.dir}\n`)
const plans: ServicePlannedData[] = serviceTemplates.map((t) =>
  servicePlan(t, t.id, t.name, '2024-05-02T09:00:00+03:00'),
)
// Parking control bought from a company: statutory authority activity outside own production.
plans.push({
  serviceId: 'parking-control',
  at: '2024-05-02T09:00:00+03:00',
  name: { fi: 'Pysäköinninvalvonta', sv: 'Parkeringsövervakning', en: 'Parking control' },
  needs: 'Parking rules are enforced as the law requires.',
  serviceArea: 'Urban environment',
  obligation: 'statutory-authority',
  availability: 'centralized',
  productionMode: 'purchased',
  producer: 'Parking enforcement company',
  critical: false,
  targetGroups: ['residents', 'visitors'],
  channels: ['e-service', 'phone'],
})
for (const plan of plans) for (const command of planAndLaunch(plan)) await scenario.service(command)

const events = await scenario.events()
await scenario.close()
const report = cityReport(replay(events))
const lang = 'fi'
console.log(`\n${heading(lang, 'classification')}`)
console.log(
  table(
    [
      heading(lang, 'obligation'),
      heading(lang, 'availability'),
      heading(lang, 'productionMode'),
      heading(lang, 'services'),
    ],
    report.classification.map((r) => [
      term(lang, r.obligation),
      term(lang, r.availability),
      term(lang, r.productionMode),
      r.count,
    ]),
  ),
)
const total = (key: 'obligation' | 'availability', value: string) =>
  report.classification.filter((r) => r[key] === value).reduce((a, r) => a + r.count, 0)
console.log(`\n${heading(lang, 'obligation')}`)
console.log(
  table(
    [heading(lang, 'obligation'), heading(lang, 'services')],
    ['statutory-authority', 'organizing-responsibility', 'other', 'internal-support'].map((o) => [
      term(lang, o),
      total('obligation', o),
    ]),
  ),
)
console.log(`\n${heading(lang, 'availability')}`)
console.log(
  table(
    [heading(lang, 'availability'), heading(lang, 'services')],
    ['local', 'centralized'].map((a) => [term(lang, a), total('availability', a)]),
  ),
)
const findings = checkHistory(events).filter((v) => v.ruleId.startsWith('pori.'))
console.log(`\n${heading(lang, 'findings')}: ${findings.length}`)
for (const f of findings) console.log(`  ${f.ruleId}: ${f.entity.id}: ${f.message}`)

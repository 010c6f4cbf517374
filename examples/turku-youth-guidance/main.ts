/**
 * Turku: general guidance answers every contact and routes youth matters to youth guidance; the
 * three youth premises with the lowest use and worst condition are reviewed on evidence and retired
 * by the council decision of 24.2.2025, one replaced by mobile (pop-up) youth work. The audit then
 * shows the catalogue and the evidence as they stood on the decision date.
 * Run: `npm run build && tsx examples/turku-youth-guidance/main.ts [--dir DIR]`
 */
import { cityReport, explain, renderExplanation, replay, table, term } from '@servicelife/audit'
import {
  COUNCIL_DECISION,
  planAndLaunch,
  plusDays,
  turkuServices as s,
  youthChatJourney,
  youthPremisesReview,
} from '@servicelife/spec'
import { openScenario } from '../shared/scenario.js'

const scenario = await openScenario('turku-youth-guidance')
console.log(`Turku youth guidance, recorded in ${scenario.dir}\n`)
for (const plan of [
  s.generalGuidance,
  s.youthGuidance,
  s.youthPremisesA,
  s.youthPremisesB,
  s.youthPremisesC,
  s.popUpYouthWork,
])
  for (const command of planAndLaunch(plan)) await scenario.service(command)

// Youth contacts on chat reach general guidance, are opened at once and referred with consent.
for (let i = 1; i <= 10; i++) {
  const journey = youthChatJourney(`youth-${i}`, plusDays('2025-01-20T15:00:00+02:00', i))
  // Two customers never give feedback; one case is still waiting for its answer.
  const kept = i === 10 ? journey.slice(0, 4) : i % 4 === 0 ? journey.slice(0, 5) : journey
  for (const command of kept) await scenario.caseCommand(command)
}
// Referral without consent is refused (Turku decision 003: consents).
const noConsent = youthChatJourney('youth-no-consent', '2025-02-03T12:00:00+02:00')
for (const command of [noConsent[0]!, noConsent[1]!, noConsent[3]!]) await scenario.caseCommand(command, true)

console.log('\nPrinciple 4: the premises with the lowest use and worst condition are reviewed and retired')
for (const id of ['youth-premises-a', 'youth-premises-b', 'youth-premises-c'])
  for (const command of youthPremisesReview(
    id,
    COUNCIL_DECISION,
    id === 'youth-premises-a' ? 'pop-up-youth-work' : undefined,
  ))
    await scenario.service(command)

const events = await scenario.events()
await scenario.close()
const decisionDay = { at: COUNCIL_DECISION }
const onDecision = cityReport(replay(events, { asOf: decisionDay }))
const after = cityReport(replay(events))
console.log(`\nThe catalogue on the decision date (${COUNCIL_DECISION.slice(0, 10)}) and after`)
console.log(
  table(
    ['Service', 'On the decision date', 'After', 'Replaced by'],
    after.catalog.map((e) => [
      e.name.en ?? e.serviceId,
      term('en', onDecision.catalog.find((x) => x.serviceId === e.serviceId)?.lifecycle ?? '-'),
      term('en', e.lifecycle),
      e.replacedBy ?? null,
    ]),
  ),
)
const routed = after.compliance.byService['youth-guidance']
console.log(
  `\nPromise 2 at youth guidance: ${routed?.cases ?? 0} cases, ${routed?.answered ?? 0} answered, ${routed?.awaitingAnswer ?? 0} awaiting an answer`,
)
console.log(
  `Promise 3: ${((after.compliance.city.firstContactInitiationRate ?? 0) * 100).toFixed(0)}% opened at the first contact`,
)
console.log('\nThe evidence behind retiring youth premises A, as the record shows it:')
console.log(
  renderExplanation(
    explain(
      { kind: 'service', id: 'youth-premises-a' },
      events.filter((e) => e.streamId === 'service-youth-premises-a'),
    ),
    'en',
  ),
)

/**
 * A seeded, realistic year of a city as the commands its staff and customers would send: services
 * planned, launched, reviewed on evidence, changed to third-sector production, disrupted and
 * restored, retired and replaced; contacts on every channel, routed, referred with consent,
 * answered (some late, some never) and given feedback. Pure: the same options give the same year.
 */
import {
  type CaseCommand,
  caseDecider,
  caseEntity,
  type CaseState,
  caseStreamId,
  type Decider,
  type DomainEvent,
  type ContactChannel,
  type CustomerKind,
  helsinkiIso,
  type ServiceCommand,
  serviceDecider,
  type ServicePlannedData,
  type ServiceState,
  serviceStreamId,
} from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import { type Random, seeded } from './random.js'
import { mobileYouthWork, type ServiceTemplate, serviceTemplates } from './service-templates.js'

export interface CityYearOptions {
  readonly seed: number
  /** How many services the city runs (the first ones of `serviceTemplates`, local kinds repeated). */
  readonly services: number
  /** How many customer contacts start a case during the year. */
  readonly contacts: number
  readonly year: number
}

export const defaultCityYear: CityYearOptions = { seed: 2025, services: 24, contacts: 2_000, year: 2025 }

export type ScheduledCommand =
  | { readonly stream: 'service'; readonly command: ServiceCommand }
  | { readonly stream: 'case'; readonly command: CaseCommand }

export interface CityYear {
  readonly options: CityYearOptions
  /** Every command in business-time order. */
  readonly commands: ReadonlyArray<ScheduledCommand>
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

interface ServicePlan {
  readonly template: ServiceTemplate
  readonly serviceId: string
  readonly name: ServiceTemplate['name']
  /** Latent quality 1-5: what reviews measure and feedback scores scatter around. */
  readonly quality: number
  readonly commands: ReadonlyArray<{ readonly ms: number; readonly command: ServiceCommand }>
}

const localKinds = serviceTemplates.filter((t) => t.availability === 'local')

/** The i-th service of a city: every kind once, then more local units (schools, libraries...). */
const templateAt = (i: number): { template: ServiceTemplate; unit: number } => {
  if (i < serviceTemplates.length) return { template: serviceTemplates[i]!, unit: 1 }
  const j = i - serviceTemplates.length
  return { template: localKinds[j % localKinds.length]!, unit: 2 + Math.floor(j / localKinds.length) }
}

const round1 = (x: number) => Math.round(x * 10) / 10
const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x))

const disruptionReasons = [
  'Indoor air problem',
  'Water damage',
  'Staff shortage',
  'Information system outage',
  'Storm damage',
]
const continuityArrangements = [
  'Moved to temporary premises',
  'Served from the neighbouring unit',
  'Phone and chat service only',
  'Substitute staff from the city pool',
]

/** A service of a template as planned: its classification, needs, channels and producer. */
export const servicePlan = (
  template: ServiceTemplate,
  serviceId: string,
  name: ServiceTemplate['name'],
  at: string,
): ServicePlannedData => ({
  serviceId,
  at,
  name,
  needs: template.needs,
  serviceArea: template.serviceArea,
  obligation: template.obligation,
  availability: template.availability,
  productionMode: template.productionMode,
  ...(template.producer === undefined ? {} : { producer: template.producer }),
  critical: template.critical,
  targetGroups: template.targetGroups,
  channels: template.channels,
  ...(template.answerPromise === undefined ? {} : { answerPromise: template.answerPromise }),
})

/** The plan and launch of a service as commands. */
const planAndLaunch = (
  template: ServiceTemplate,
  serviceId: string,
  name: ServiceTemplate['name'],
  plannedAt: number,
  launchedAt: number,
): { ms: number; command: ServiceCommand }[] => [
  {
    ms: plannedAt,
    command: { type: 'PlanService', data: servicePlan(template, serviceId, name, helsinkiIso(plannedAt)) },
  },
  {
    ms: launchedAt,
    command: {
      type: 'LaunchService',
      data: { serviceId, at: helsinkiIso(launchedAt), channels: template.channels },
    },
  },
]

const plannedService = (
  rng: Random,
  { template, unit }: { template: ServiceTemplate; unit: number },
  start: number,
  replacement: string | undefined,
): ServicePlan => {
  const serviceId = unit === 1 ? template.id : `${template.id}-${unit}`
  const suffix = unit === 1 ? '' : ` ${unit}`
  const name = {
    fi: `${template.name.fi}${suffix}`,
    sv: `${template.name.sv}${suffix}`,
    en: `${template.name.en}${suffix}`,
  }
  const premises = template.id === 'youth-premises'
  const quality = premises ? 2.3 + rng.next() * 0.6 : 2.6 + rng.next() * 2
  const at = (ms: number) => helsinkiIso(ms)
  const commands = planAndLaunch(template, serviceId, name, start - 120 * DAY, start - 90 * DAY)
  if (rng.chance(template.critical ? 0.3 : 0.1)) {
    const from = start + rng.int(10, 300) * DAY + rng.int(6, 14) * HOUR
    const restored = from + rng.int(2, 45) * DAY
    const continuity = template.critical || rng.chance(0.5) ? rng.pick(continuityArrangements) : undefined
    commands.push({
      ms: from,
      command: {
        type: 'DisruptService',
        data: {
          serviceId,
          at: at(from),
          reason: rng.pick(disruptionReasons),
          ...(continuity === undefined ? {} : { continuity }),
        },
      },
    })
    commands.push({
      ms: restored,
      command: { type: 'RestoreService', data: { serviceId, at: at(restored) } },
    })
  }
  if (!template.channels.includes('chat') && rng.chance(0.15)) {
    const opened = start + rng.int(20, 200) * DAY
    commands.push({
      ms: opened,
      command: { type: 'OpenChannel', data: { serviceId, at: at(opened), channel: 'chat' } },
    })
  }
  const elderly = template.id === 'elderly-day-activities'
  if (premises || elderly || rng.chance(0.6)) {
    const reviewed = start + rng.int(100, 250) * DAY + 10 * HOUR
    const decision =
      premises && quality < 3
        ? 'retire'
        : elderly ||
            (template.obligation === 'other' &&
              template.productionMode === 'own' &&
              quality < 3.4 &&
              rng.chance(0.3))
          ? 'change-production'
          : quality < 3.2
            ? 'develop'
            : 'continue'
    commands.push({
      ms: reviewed,
      command: {
        type: 'ReviewService',
        data: {
          serviceId,
          at: at(reviewed),
          reviewer: `${template.serviceArea} board`,
          evidence: {
            usage: rng.int(200, 60_000),
            costEur: rng.int(20, 2_000) * 1_000,
            needsMet: round1(clamp(quality, 1, 5)),
            communication: round1(clamp(quality + (rng.next() - 0.5), 1, 5)),
            responses: rng.int(20, 400),
            reachesTargetGroup: quality >= 2.9,
          },
          decision,
          rationale:
            decision === 'retire'
              ? 'Among the premises with the lowest use and the worst condition; renovation is not justified.'
              : decision === 'change-production'
                ? 'Associations can organise the activity closer to its users; the city enables and supports.'
                : 'Evidence reviewed against the service promises.',
        },
      },
    })
    if (decision === 'retire') {
      const retired = reviewed + 30 * DAY
      commands.push({
        ms: retired,
        command: {
          type: 'RetireService',
          data: {
            serviceId,
            at: at(retired),
            reason: 'Retired after the service-network review (principle 4).',
            decisionRef: `City board ${new Date(reviewed).getUTCDate()}.${new Date(reviewed).getUTCMonth() + 1}.`,
            ...(replacement === undefined ? {} : { replacedBy: replacement }),
          },
        },
      })
    }
    if (decision === 'change-production') {
      const changed = reviewed + 14 * DAY
      commands.push({
        ms: changed,
        command: {
          type: 'ChangeProduction',
          data: {
            serviceId,
            at: at(changed),
            from: template.productionMode,
            to: 'third-sector',
            producer: 'Local associations',
            rationale: 'Principle 4: the city enables; associations produce with the city’s support.',
          },
        },
      })
    }
  }
  return { template, serviceId, name, quality, commands }
}

/** Keeps the commands the decider accepts, in time order; returns them with the final state's windows. */
const accepted = (plan: ServicePlan) => {
  const kept: { ms: number; command: ServiceCommand }[] = []
  let state: ServiceState = serviceDecider.initialState
  let launched = Number.POSITIVE_INFINITY
  let retired = Number.POSITIVE_INFINITY
  for (const entry of [...plan.commands].sort((a, b) => a.ms - b.ms)) {
    const decided = serviceDecider.decide(entry.command, state)
    if (E.isLeft(decided)) continue
    state = decided.right.reduce(serviceDecider.evolve, state)
    kept.push(entry)
    if (entry.command.type === 'LaunchService') launched = entry.ms
    if (entry.command.type === 'RetireService') retired = entry.ms
  }
  return { kept, launched, retired }
}

const channels: ReadonlyArray<readonly [ContactChannel, number]> = [
  ['phone', 28],
  ['chat', 14],
  ['email', 16],
  ['web-form', 16],
  ['service-point', 16],
  ['letter', 3],
  ['social-media', 7],
]
const customerKinds: ReadonlyArray<readonly [CustomerKind, number]> = [
  ['resident', 80],
  ['visitor', 5],
  ['company', 10],
  ['association', 5],
]
const languages: ReadonlyArray<readonly [string, number]> = [
  ['fi', 86],
  ['sv', 5],
  ['en', 9],
]

interface Routable {
  readonly plan: ServicePlan
  readonly launched: number
  readonly retired: number
}

const caseCommands = (
  rng: Random,
  n: number,
  start: number,
  end: number,
  services: ReadonlyArray<Routable>,
): { ms: number; command: CaseCommand }[] => {
  const caseId = `c${String(n).padStart(6, '0')}`
  const day = rng.int(0, 364)
  const first = start + day * DAY + 6 * HOUR + rng.int(0, 9 * 60) * MINUTE
  // Routed only to services running when the case is opened and for the six weeks after.
  const open = services.filter((s) => s.launched <= first && s.retired > first + 42 * DAY)
  if (open.length === 0) return []
  const byId = (id: string) => open.find((s) => s.plan.serviceId === id)
  const guidance = byId('general-guidance')
  const youth = byId('youth-guidance')
  const youthStory = guidance !== undefined && youth !== undefined && rng.chance(0.15)
  const target = youthStory ? guidance : rng.pick(open)
  const referredTo = youthStory
    ? youth
    : rng.chance(0.12)
      ? rng.pick(open.filter((s) => s !== target))
      : undefined
  const kind = rng.weighted(customerKinds)
  const channel = rng.weighted(channels)
  const out: { ms: number; command: CaseCommand }[] = []
  const push = (ms: number, command: CaseCommand) => {
    if (ms <= end) out.push({ ms, command })
  }
  const at = (ms: number) => helsinkiIso(ms)
  const contact = (ms: number, k: number, via: ContactChannel) =>
    push(ms, {
      type: 'ReceiveContact',
      data: {
        caseId,
        at: at(ms),
        contactId: `${caseId}-${k}`,
        channel: via,
        customer: { kind, ref: `pseud-${caseId}` },
        language: rng.weighted(languages),
        subject: rng.pick((youthStory ? youth! : target).plan.template.subjects),
        ...(rng.chance(0.5) ? { serviceId: target.plan.serviceId } : {}),
      },
    })
  contact(first, 1, channel)
  if (rng.chance(0.03)) return out // never opened: the contact waits for an answer
  let t = first
  if (rng.chance(0.08)) {
    t += rng.int(1, 3) * DAY
    contact(t, 2, 'phone')
  }
  t += rng.int(1, 15) * MINUTE
  push(t, {
    type: 'OpenCase',
    data: {
      caseId,
      at: at(t),
      serviceId: target.plan.serviceId,
      onContact: `${caseId}-1`,
      handler: 'service desk',
    },
  })
  if (referredTo !== undefined) {
    if (kind === 'resident' || kind === 'visitor') {
      t += 2 * MINUTE
      push(t, { type: 'GiveConsent', data: { caseId, at: at(t), scope: 'share-with-city-services' } })
    }
    t += 3 * MINUTE
    push(t, {
      type: 'ReferCase',
      data: {
        caseId,
        at: at(t),
        from: target.plan.serviceId,
        to: referredTo.plan.serviceId,
        reason: youthStory ? 'A youth matter: youth guidance serves it best.' : 'Belongs to another service.',
      },
    })
  }
  const handling = referredTo ?? target
  const roll = rng.next()
  if (roll >= 0.92) {
    if (rng.chance(0.2)) {
      t += rng.int(20, 60) * DAY
      push(t, { type: 'CloseCase', data: { caseId, at: at(t), outcome: 'withdrawn' } })
    }
    return out
  }
  t += roll < 0.84 ? Math.round((0.3 + rng.next() * 40) * HOUR) : rng.int(15, 35) * DAY
  const answer = (ms: number) =>
    push(ms, {
      type: 'AnswerCase',
      data: {
        caseId,
        at: at(ms),
        channel: channel === 'letter' || channel === 'service-point' ? 'phone' : channel,
        by: `${handling.plan.template.serviceArea} staff`,
        summary: 'Answered the question and told what happens next.',
      },
    })
  answer(t)
  if (rng.chance(0.05)) {
    t += rng.int(1, 5) * DAY
    contact(t, 3, channel)
    t += rng.int(1, 20) * HOUR
    answer(t)
  }
  if (rng.chance(0.4)) {
    t += rng.int(0, 3 * 24) * HOUR
    const score = (x: number) => clamp(Math.round(x + (rng.next() - 0.5) * 2.2), 1, 5)
    push(t, {
      type: 'GiveFeedback',
      data: {
        caseId,
        at: at(t),
        needsMet: score(handling.plan.quality),
        communication: score(handling.plan.quality + 0.2),
      },
    })
  }
  if (rng.chance(0.7)) {
    t += DAY
    push(t, { type: 'CloseCase', data: { caseId, at: at(t), outcome: 'resolved' } })
  }
  return out
}

/** The city's year, start of January to end of December in Helsinki time. */
export const cityYear = (options: CityYearOptions = defaultCityYear): CityYear => {
  const rng = seeded(options.seed)
  const start = Date.parse(`${options.year}-01-01T00:00:00+02:00`)
  const end = Date.parse(`${options.year}-12-31T23:59:59+02:00`)
  const hasPremises = Array.from({ length: options.services }, (_, i) => templateAt(i).template).some(
    (t) => t.id === 'youth-premises',
  )
  const plans: ServicePlan[] = []
  for (let i = 0; i < options.services; i++) {
    // The first youth premises retired on review is replaced by mobile youth work.
    const replacement =
      hasPremises && !plans.some((p) => p.template.id === 'youth-premises') ? mobileYouthWork.id : undefined
    plans.push(plannedService(rng, templateAt(i), start, replacement))
  }
  if (hasPremises) {
    // Planned in March and launched in April, before any youth premises close.
    plans.push({
      template: mobileYouthWork,
      serviceId: mobileYouthWork.id,
      name: mobileYouthWork.name,
      quality: 3.9,
      commands: planAndLaunch(
        mobileYouthWork,
        mobileYouthWork.id,
        mobileYouthWork.name,
        start + 60 * DAY,
        start + 95 * DAY,
      ),
    })
  }
  const routable: Routable[] = []
  const scheduled: { ms: number; seq: number; entry: ScheduledCommand }[] = []
  let seq = 0
  for (const plan of plans) {
    const { kept, launched, retired } = accepted(plan)
    routable.push({ plan, launched, retired })
    for (const { ms, command } of kept)
      scheduled.push({ ms, seq: seq++, entry: { stream: 'service', command } })
  }
  for (let n = 1; n <= options.contacts; n++) {
    for (const { ms, command } of caseCommands(rng, n, start, end, routable))
      scheduled.push({ ms, seq: seq++, entry: { stream: 'case', command } })
  }
  scheduled.sort((a, b) => a.ms - b.ms || a.seq - b.seq)
  return { options, commands: scheduled.map((s) => s.entry) }
}

export interface DecidedYear {
  /** Every accepted event with its stream, in the order the commands were decided. */
  readonly entries: ReadonlyArray<{ readonly streamId: string; readonly event: DomainEvent }>
  /** Commands a decider refused: `<type> <id>: <rule>`. */
  readonly rejected: ReadonlyArray<string>
}

/**
 * The year decided in memory, as the command handler would record it one command at a time:
 * routed case commands get the target service's state of that moment. For tests and benchmarks
 * that need the events without a store.
 */
export const decideCityYear = (year: CityYear): DecidedYear => {
  const services = new Map<string, ServiceState>()
  const cases = new Map<string, CaseState>()
  const entries: { streamId: string; event: DomainEvent }[] = []
  const rejected: string[] = []
  /** Decides one command against its entity's state; keeps the events or the broken rule. */
  const decide = <C extends { type: string }, Ev extends DomainEvent, S>(
    decider: Decider<C, Ev, S>,
    states: Map<string, S>,
    id: string,
    streamId: string,
    command: C,
  ) => {
    const state = states.get(id) ?? decider.initialState
    const decided = decider.decide(command, state)
    if (E.isLeft(decided)) return rejected.push(`${command.type} ${id}: ${decided.left.code}`)
    states.set(id, decided.right.reduce(decider.evolve, state))
    for (const event of decided.right) entries.push({ streamId, event })
  }
  for (const { stream, command } of year.commands) {
    if (stream === 'service') {
      const id = command.data.serviceId
      decide(serviceDecider, services, serviceStreamId(id), serviceStreamId(id), command)
      continue
    }
    // Routed as the command handler routes it: the looked-up services' states of that moment.
    const looked = caseEntity.lookups(command).map((lookup) => services.get(lookup.streamId))
    const streamId = caseStreamId(command.data.caseId)
    decide(caseDecider, cases, streamId, streamId, caseEntity.enrich(command, looked))
  }
  return { entries, rejected }
}

/**
 * Properties every projection keeps: chunked application equals one rebuild, batches equal single
 * events, as-of equals the projection over exactly the events up to that point, apply never
 * changes the state it is given,
 * and promise compliance equals a naive recomputation written separately here.
 */
import { test } from '@fast-check/vitest'
import { type DomainEvent, helsinki, helsinkiMonth } from '@servicelife/domain'
import {
  allProjections,
  applyEvents,
  caseServiceAfter,
  casesFactsOf,
  caseTableForTest,
  allCaseFactsOf,
  type ComplianceState,
  complianceReport,
  complianceReportOfCases,
  encodeStateForTest,
  mergeStates,
  project,
  projectAsOf,
  type Projection,
  promiseCompliance,
  satisfaction,
  type SatisfactionState,
  satisfactionReport,
  type ServicesState,
} from './projections-under-test.js'
import { randomCityHistory } from '@servicelife/spec'
import fc from 'fast-check'
import { describe, expect } from 'vitest'
import { recorded } from './recorded.js'

const projections = Object.values(allProjections) as ReadonlyArray<Projection<unknown>>
const history = randomCityHistory({ services: 3, cases: 8, length: 14 }).map(recorded)

/** The events cut at the given points (taken modulo the length), in order; empty chunks included. */
const chunks = <A>(events: ReadonlyArray<A>, cuts: ReadonlyArray<number>): A[][] => {
  const points = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b)
  let from = 0
  return [...points, events.length].map((point) => {
    const chunk = events.slice(from, point)
    from = point
    return chunk
  })
}

describe('every projection', () => {
  test.prop([history, fc.array(fc.nat(), { maxLength: 5 })], { numRuns: 60 })(
    'applying the history chunk by chunk equals one rebuild',
    (events, cuts) => {
      for (const projection of projections) {
        let state = projection.initial
        for (const chunk of chunks(events, cuts)) state = project(projection, chunk, state)
        expect(encodeStateForTest(state)).toEqual(encodeStateForTest(project(projection, events)))
      }
    },
  )

  test.prop([history, fc.nat()], { numRuns: 60 })(
    'as of a business time T equals the projection over the events with at <= T',
    (events, pick) => {
      if (events.length === 0) return
      const at = (events[pick % events.length]!.data as { at: string }).at
      const prefix = events.filter((e) => Date.parse((e.data as { at: string }).at) <= Date.parse(at))
      for (const projection of projections) {
        expect(encodeStateForTest(projectAsOf(projection, events, { at }))).toEqual(
          encodeStateForTest(project(projection, prefix)),
        )
      }
    },
  )

  test.prop([history, fc.nat()], { numRuns: 60 })(
    'as of a position P equals the projection over the events up to P',
    (events, position) => {
      const p = events.length === 0 ? 0 : position % events.length
      for (const projection of projections) {
        expect(encodeStateForTest(projectAsOf(projection, events, { position: p }))).toEqual(
          encodeStateForTest(project(projection, events.slice(0, p + 1))),
        )
      }
    },
  )

  test.prop([history, fc.array(fc.nat(), { maxLength: 6 })], { numRuns: 60 })(
    'applying batches (applyAll where a projection has it) equals applying event by event',
    (events, cuts) => {
      for (const projection of projections) {
        let state = projection.initial
        for (const batch of chunks(events, cuts)) {
          const before = JSON.stringify(encodeStateForTest(state))
          const next = applyEvents(projection, state, batch)
          // The state given is left as it was: batches change a transient copy.
          expect(JSON.stringify(encodeStateForTest(state))).toBe(before)
          state = next
        }
        let oneByOne = projection.initial
        for (const event of events) oneByOne = projection.apply(oneByOne, event)
        expect(encodeStateForTest(state)).toEqual(encodeStateForTest(oneByOne))
      }
    },
  )

  test.prop([history], { numRuns: 40 })('apply never changes the state it is given', (events) => {
    for (const projection of projections) {
      let state = projection.initial
      for (const event of events) {
        const before = JSON.stringify(encodeStateForTest(state))
        const next = projection.apply(state, event)
        expect(JSON.stringify(encodeStateForTest(state))).toBe(before)
        state = next
      }
    }
  })
})

/** Promise compliance recomputed the naive way: for each case, scan every event of the history. */
const naiveCompliance = (events: ReturnType<typeof recorded>) => {
  const now = Math.max(...events.map((e) => Date.parse((e.data as { at: string }).at)))
  const caseIds = [...new Set(events.filter((e) => e.streamId.startsWith('case-')).map((e) => e.streamId))]
  const perCase = caseIds.map((streamId) => {
    const mine = events.filter((e) => e.streamId === streamId)
    const time = (e: (typeof mine)[number]) => Date.parse((e.data as { at: string }).at)
    const contacts = mine.filter((e) => e.type === 'ContactReceived')
    const answers = mine.filter((e) => e.type === 'CaseAnswered')
    const opened = mine.find((e) => e.type === 'CaseOpened')
    const closed = mine.find((e) => e.type === 'CaseClosed')
    const withdrawn = ['withdrawn', 'duplicate'].includes(
      (closed?.data as { outcome?: string })?.outcome ?? '',
    )
    const firstContact = contacts[0]!
    const contactsBeforeOpen = opened ? contacts.filter((c) => c.position < opened.position).length : 0
    const routed = [...mine].reverse().find((e) => e.type === 'CaseReferred' || e.type === 'CaseOpened')
    return {
      contacts: contacts.length,
      awaiting: !withdrawn && (answers.length === 0 || time(contacts.at(-1)!) > time(answers.at(-1)!)),
      closedWithoutAnswer: withdrawn && answers.length === 0,
      promised: (opened?.data as { answerDue?: string } | undefined)?.answerDue !== undefined,
      deadline: (() => {
        const recorded = (opened?.data as { answerDue?: string } | undefined)?.answerDue
        const due = recorded === undefined ? time(firstContact) + 14 * 86_400_000 : Date.parse(recorded)
        if (answers.length > 0) return time(answers[0]!) <= due ? 'onTime' : 'late'
        if (withdrawn) return 'none'
        return now <= due ? 'within' : 'overdue'
      })(),
      answered: answers.length > 0,
      hours: answers.length > 0 ? (time(answers[0]!) - time(firstContact)) / 3_600_000 : undefined,
      opened: opened !== undefined,
      onFirst:
        opened !== undefined &&
        (opened.data as { onContact: string }).onContact ===
          (firstContact.data as { contactId: string }).contactId &&
        contactsBeforeOpen === 1,
      month: helsinkiMonth((firstContact.data as { at: string }).at),
      service: routed
        ? routed.type === 'CaseReferred'
          ? (routed.data as { to: string }).to
          : (routed.data as { serviceId: string }).serviceId
        : '(unrouted)',
    }
  })
  const nearestRank = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b)
    return s.length === 0 ? undefined : s[Math.max(1, Math.ceil((p / 100) * s.length)) - 1]
  }
  const hours = perCase.flatMap((c) => (c.hours === undefined ? [] : [c.hours]))
  const opened = perCase.filter((c) => c.opened)
  return {
    contacts: perCase.reduce((a, c) => a + c.contacts, 0),
    cases: perCase.length,
    awaiting: perCase.filter((c) => c.awaiting).length,
    closedWithoutAnswer: perCase.filter((c) => c.closedWithoutAnswer).length,
    deadlines: {
      promisedByService: perCase.filter((c) => c.promised).length,
      answeredOnTime: perCase.filter((c) => c.deadline === 'onTime').length,
      answeredLate: perCase.filter((c) => c.deadline === 'late').length,
      awaitingWithinDeadline: perCase.filter((c) => c.deadline === 'within').length,
      overdue: perCase.filter((c) => c.deadline === 'overdue').length,
    },
    answered: perCase.filter((c) => c.answered).length,
    median: nearestRank(hours, 50),
    p90: nearestRank(hours, 90),
    opened: opened.length,
    onFirst: opened.filter((c) => c.onFirst).length,
    reContacts: perCase.reduce((a, c) => a + c.contacts - 1, 0),
    byService: Object.fromEntries(
      [...new Set(perCase.map((c) => c.service))].map((s) => [
        s,
        perCase.filter((c) => c.service === s).length,
      ]),
    ),
    byMonth: Object.fromEntries(
      [...new Set(perCase.map((c) => c.month))].map((m) => [m, perCase.filter((c) => c.month === m).length]),
    ),
  }
}

/** What a projection's queries read of a state, independent of the order of rows, codes and map entries. */
const observed = (name: string, state: unknown): unknown => {
  const byId = <A extends { caseId: string }>(rows: A[]) =>
    rows.sort((a, b) => a.caseId.localeCompare(b.caseId))
  switch (name) {
    case 'promiseCompliance': {
      const s = state as ComplianceState
      return {
        report: complianceReport(s, { readAt: 1.7e12 }),
        cases: byId([...allCaseFactsOf(s)]),
        latestAt: s.latestAt,
      }
    }
    case 'satisfaction': {
      const s = state as SatisfactionState
      const t = caseTableForTest
      const services = Array.from({ length: s.caseServices.size }, (_, row) => ({
        caseId: t.caseIdAt(s.caseServices, row),
        serviceId: s.services[t.integerAt(s.caseServices, row, 0)],
      }))
      return { report: satisfactionReport(s), services: byId(services) }
    }
    case 'reviewAgenda':
    case 'criticalReadiness':
    case 'classificationSummary': {
      const s = state as ServicesState
      return { services: s.services.toJS(), latestAt: s.latestAt }
    }
    default:
      return (state as { toJS(): unknown }).toJS()
  }
}

describe('merging the states of a record’s parts', () => {
  const names = Object.keys(allProjections) as Array<keyof typeof allProjections>
  const parts = fc.func(fc.boolean())

  test.prop([history, parts], { numRuns: 80 })(
    'folding two parts of whole streams apart and merging equals folding the whole record',
    (events, inFirst) => {
      const first = events.filter((e) => inFirst(e.streamId))
      const second = events.filter((e) => !inFirst(e.streamId))
      for (const name of names) {
        const projection = allProjections[name] as Projection<unknown>
        const merged = mergeStates(projection, project(projection, first), project(projection, second))
        expect(observed(name, merged), name).toEqual(observed(name, project(projection, events)))
      }
    },
  )

  test.prop([history, parts], { numRuns: 40 })(
    'a merge changes neither state it is given',
    (events, inFirst) => {
      for (const name of names) {
        const projection = allProjections[name] as Projection<unknown>
        const a = project(
          projection,
          events.filter((e) => inFirst(e.streamId)),
        )
        const b = project(
          projection,
          events.filter((e) => !inFirst(e.streamId)),
        )
        const before = [encodeStateForTest(a), encodeStateForTest(b)]
        mergeStates(projection, a, b)
        expect([encodeStateForTest(a), encodeStateForTest(b)], name).toEqual(before)
      }
    },
  )

  /** How many entities (cases or services) a state holds; channel mix keeps counts only. */
  const entities = (name: string, state: unknown): number => {
    switch (name) {
      case 'promiseCompliance':
        return (state as ComplianceState).cases.size
      case 'satisfaction':
        return (state as SatisfactionState).caseServices.size
      case 'channelMix':
        return 0
      case 'reviewAgenda':
      case 'criticalReadiness':
      case 'classificationSummary':
        return (state as ServicesState).services.size
      default:
        return (state as { size: number }).size
    }
  }

  test.prop([history], { numRuns: 40 })(
    'an entity in both parts is refused: merging a state with itself throws, naming it',
    (events) => {
      for (const name of names) {
        const projection = allProjections[name] as Projection<unknown>
        const state = project(projection, events)
        if (entities(name, state) === 0) continue
        expect(() => mergeStates(projection, state, state), name).toThrow(/in both parts merged/)
      }
    },
  )
})

describe('promise compliance', () => {
  test.prop([history], { numRuns: 100 })('equals a naive recomputation over the whole history', (events) => {
    const report = complianceReport(project(allProjections.promiseCompliance, events))
    const naive = naiveCompliance(events)
    const city = report.city
    expect({
      contacts: city.contacts,
      cases: city.cases,
      awaiting: city.awaitingAnswer,
      closedWithoutAnswer: city.closedWithoutAnswer,
      deadlines: {
        promisedByService: city.deadlines.promisedByService,
        answeredOnTime: city.deadlines.answeredOnTime,
        answeredLate: city.deadlines.answeredLate,
        awaitingWithinDeadline: city.deadlines.awaitingWithinDeadline,
        overdue: city.deadlines.overdue,
      },
      answered: city.answered,
      median: city.hoursToFirstAnswer.median,
      p90: city.hoursToFirstAnswer.p90,
      opened: city.opened,
      onFirst: city.openedOnFirstContact,
      reContacts: city.reContacts,
      byService: Object.fromEntries(Object.entries(report.byService).map(([k, v]) => [k, v.cases])),
      byMonth: Object.fromEntries(Object.entries(report.byMonth).map(([k, v]) => [k, v.cases])),
    }).toEqual(naive)
  })
})

/** The same history with every time (and due time) `factor` times as far from the first event's. */
const stretched = (events: ReturnType<typeof recorded>, factor: number) => {
  if (events.length === 0) return events
  const origin = Date.parse((events[0]!.data as { at: string }).at)
  const later = (iso: string) => new Date(origin + (Date.parse(iso) - origin) * factor).toISOString()
  return events.map((e) => {
    const data = e.data as { at: string; answerDue?: string }
    return {
      ...e,
      data: {
        ...data,
        at: later(data.at),
        ...(data.answerDue === undefined ? {} : { answerDue: later(data.answerDue) }),
      },
    }
  })
}

const domainEvents = (events: ReturnType<typeof recorded>) => events as unknown as DomainEvent[]

describe('the projections keep the facts of their plain definitions', () => {
  test.prop([history, fc.constantFrom(1, 60), fc.integer({ min: 1, max: 2000 }), fc.nat()], { numRuns: 100 })(
    "promise compliance: each case's row holds the facts evolveCaseFacts folds, and the report counts them as complianceReportOfCases does",
    (original, factor, defaultAnswerHours, pick) => {
      // Stretched 60 times, a case's times lie beyond the reach of the rows' offsets.
      const events = stretched(original, factor)
      const state = project(promiseCompliance, events)
      const plain = casesFactsOf(helsinki, domainEvents(events))
      const cases = [...plain.cases.values()]
      expect([...allCaseFactsOf(state)]).toEqual(cases)
      expect(state.latestAt).toBe(plain.latestAt)
      const readAt =
        events.length === 0 ? 0 : Date.parse((events[pick % events.length]!.data as { at: string }).at)
      expect(complianceReport(state, { readAt, defaultAnswerHours })).toEqual(
        complianceReportOfCases(cases, { readAt, defaultAnswerMs: defaultAnswerHours * 3_600_000 }),
      )
    },
  )

  test.prop([history], { numRuns: 60 })(
    "satisfaction: each case's row holds the service caseServiceAfter folds",
    (events) => {
      const state = project(satisfaction, events)
      const plain = new Map<string, string>()
      for (const event of domainEvents(events)) {
        if (!('caseId' in event.data)) continue
        // Every case event folds, so an event that is not a routing must keep the service.
        const service = caseServiceAfter(plain.get(event.data.caseId), event)
        if (service === undefined) plain.delete(event.data.caseId)
        else plain.set(event.data.caseId, service)
      }
      const t = caseTableForTest
      const rows = new Map(
        Array.from({ length: state.caseServices.size }, (_, row) => [
          t.caseIdAt(state.caseServices, row),
          state.services[t.integerAt(state.caseServices, row, 0)],
        ]),
      )
      expect(rows).toEqual(plain)
    },
  )
})

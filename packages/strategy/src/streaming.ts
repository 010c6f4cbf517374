/**
 * The strategy's monitors in one pass over a record of any size: `checkHistory` gathers every
 * case's events (the readable definition); here each case keeps only what its rules still need,
 * its evidence packed as numbers (`packed-evidence.ts`), and a case whose rules are all decided
 * keeps only its latest answer's time and its place in the order, off the JS heap
 * (`SettledCases`). Services are few and keep their record as
 * `checkHistory` reads it. A property pins this equal to `checkHistory` on generated histories
 * (the same violations; within a rule, not always in the same order); `servicelife check` runs
 * this one. Violations go to a `FindingSink` as they are found: every one, by default, or a tally
 * that keeps a few per rule.
 */
import {
  at,
  type CityRecord,
  dataOf,
  type HistoryEvent,
  readingAsOf,
  readRecord,
  type ServiceRecord,
} from './record.js'
import { type CheckOptions, lateness, promises, strategyRules, type Violation } from './rules.js'
import type { ContactReceivedData, FeedbackGivenData } from './record.js'
import { everyFinding, type FindingSink } from './findings.js'
import { SettledCases } from './settled-cases.js'
import {
  countOf,
  type EvidenceShelf,
  laterThan,
  pack,
  type PackedEvidence,
  timeOf,
  unpack,
} from './packed-evidence.js'

const DAY = 86_400_000

/** An event as evidence: where it is, what it is, and when. */
const evidenceOf = (e: HistoryEvent): HistoryEvent => ({
  streamId: e.streamId,
  ...(e.position === undefined ? {} : { position: e.position }),
  type: e.type,
  data: { at: (e.data as { at: string }).at },
})

/**
 * What a case's rules still need; a settled case keeps only its latest answer's time
 * (`SettledCases`). Every field is always present, `undefined` once done with: deleting a property
 * would turn each waiting case into a dictionary several times its size.
 */
interface OpenCase extends EvidenceShelf {
  readonly caseId: string
  /** The stream of the event that opened this state: its evidence's, unless kept unpacked. */
  readonly streamId: string
  /** The order in which the check first met the case: the order of its findings at the end. */
  readonly seq: number
  /**
   * Promise 3, until the case is opened: its first contact's id and its contacts so far. For a
   * case opened before any contact (a record the deciders never write), the contact the opening
   * names, until the first contact shows whether it was that one.
   */
  firstContactId: string | undefined
  contactsBeforeOpening: PackedEvidence | undefined
  openedBeforeAnyContact: PackedEvidence | undefined
  /** Promise 2: contacts later than the latest answer. */
  unanswered: PackedEvidence
  latestAnswerAt: number
  /** Promise 2 in time: until the first answer, when the case began and when its answer is due. */
  firstContactAt: number | undefined
  opened: PackedEvidence | undefined
  answerDue: string | undefined
  answered: boolean
}

const caseRules = new Set([
  promises.respectfulEncounter.id,
  promises.alwaysAnswered.id,
  promises.answeredInTime.id,
  promises.initiatedOnFirstContact.id,
  'principle-5.good-service-experience',
  'metrics.satisfaction-scale',
])

const onCase = (ruleId: string, caseId: string, evidence: HistoryEvent[], message: string): Violation => ({
  ruleId,
  entity: { kind: 'case', id: caseId },
  evidence,
  message,
})

export interface StreamingCheck<R = Violation[]> {
  /** Folds the next event of the record (in global order). */
  readonly feed: (event: HistoryEvent) => void
  /** The sink's result: by default every violation, grouped by rule in the strategy's order. */
  readonly finish: () => R
}

export function streamingCheck(options?: CheckOptions): StreamingCheck
export function streamingCheck<R>(options: CheckOptions, findings: FindingSink<R>): StreamingCheck<R>
export function streamingCheck<R>(
  options: CheckOptions = {},
  findings?: FindingSink<R>,
): StreamingCheck<R | Violation[]> {
  const sink: FindingSink<R | Violation[]> = findings ?? everyFinding()
  const { takes, limit } = readingAsOf(options.asOf)
  const low = options.lowScore ?? 2
  const serviceEvents: HistoryEvent[] = []
  const cases = new Map<string, OpenCase>()
  const settled = new SettledCases()
  let met = 0
  let latest = Number.NEGATIVE_INFINITY
  const report = sink.add
  const openCase = (caseId: string, streamId: string): OpenCase => {
    const state = cases.get(caseId)
    if (state !== undefined) return state
    const was = settled.get(caseId)
    // A settled case met again (a re-contact after its answer): opened, answered at that time.
    const fresh: OpenCase = {
      caseId,
      streamId,
      seq: was === undefined ? met++ : was.seq,
      firstContactId: undefined,
      contactsBeforeOpening: was === undefined ? [] : undefined,
      openedBeforeAnyContact: undefined,
      unanswered: [],
      latestAnswerAt: was === undefined ? Number.NEGATIVE_INFINITY : was.answeredAt,
      firstContactAt: undefined,
      opened: undefined,
      answerDue: undefined,
      answered: was !== undefined,
      unpacked: undefined,
    }
    cases.set(caseId, fresh)
    return fresh
  }
  /** A case with nothing pending keeps no object, only its latest answer's time and its order. */
  const settle = (c: OpenCase) => {
    if (
      c.contactsBeforeOpening === undefined &&
      c.openedBeforeAnyContact === undefined &&
      countOf(c.unanswered) === 0
    ) {
      cases.delete(c.caseId)
      settled.set(c.caseId, { answeredAt: c.latestAnswerAt, seq: c.seq })
    }
  }

  const feed = (e: HistoryEvent) => {
    if (!takes(e)) return
    const time = at(e)
    if (time > latest) latest = time
    if (e.type.startsWith('Service')) {
      serviceEvents.push(e)
      return
    }
    const caseId = (e.data as { caseId?: string }).caseId
    if (caseId === undefined) return
    switch (e.type) {
      case 'ContactReceived': {
        const c = openCase(caseId, e.streamId)
        const contact = pack(e, time, c)
        if (!c.answered) c.firstContactAt ??= time
        if (c.openedBeforeAnyContact !== undefined) {
          if (dataOf<ContactReceivedData>(e).contactId !== c.firstContactId)
            report(
              onCase(
                promises.initiatedOnFirstContact.id,
                caseId,
                unpack(c.openedBeforeAnyContact, 'CaseOpened', c),
                'opened only after 0 contacts',
              ),
            )
          c.openedBeforeAnyContact = undefined
          c.firstContactId = undefined
        }
        if (c.contactsBeforeOpening !== undefined) {
          c.firstContactId ??= dataOf<ContactReceivedData>(e).contactId
          // Copied, not pushed: an array pushed to reserves room to grow, and most cases hold one contact.
          c.contactsBeforeOpening = [...c.contactsBeforeOpening, ...contact]
        }
        if (time > c.latestAnswerAt) c.unanswered = [...c.unanswered, ...contact]
        break
      }
      case 'CaseOpened': {
        const c = openCase(caseId, e.streamId)
        if (!c.answered) {
          c.opened = pack(e, time, c)
          const due = (e.data as { answerDue?: string }).answerDue
          if (due !== undefined) c.answerDue = due
        }
        if (c.contactsBeforeOpening === undefined) break
        const before = c.contactsBeforeOpening
        const onContact = (e.data as { onContact: string }).onContact
        c.contactsBeforeOpening = undefined
        if (countOf(before) === 0) {
          // No contact yet: whether it was opened on the first one waits for that contact.
          c.openedBeforeAnyContact = pack(e, time, c)
          c.firstContactId = onContact
          break
        }
        if (onContact !== c.firstContactId || countOf(before) > 1)
          report(
            onCase(
              promises.initiatedOnFirstContact.id,
              caseId,
              [...unpack(before, 'ContactReceived', c), evidenceOf(e)],
              `opened only after ${countOf(before)} contacts`,
            ),
          )
        c.firstContactId = undefined
        settle(c)
        break
      }
      case 'CaseAnswered': {
        const c = openCase(caseId, e.streamId)
        if (!c.answered && c.firstContactAt !== undefined) {
          const within = (options.answerWithinDays ?? 14) * DAY
          const due = c.answerDue === undefined ? c.firstContactAt + within : Date.parse(c.answerDue)
          if (time > due)
            report(
              onCase(
                promises.answeredInTime.id,
                caseId,
                [...(c.opened === undefined ? [] : unpack(c.opened, 'CaseOpened', c)), evidenceOf(e)],
                c.answerDue === undefined
                  ? `answered ${lateness(time - due)} after the city's answer time of ${options.answerWithinDays ?? 14} days`
                  : `answered ${lateness(time - due)} after the answer due ${c.answerDue}`,
              ),
            )
        }
        c.answered = true
        c.firstContactAt = undefined
        c.opened = undefined
        c.latestAnswerAt = time
        c.unanswered = laterThan(c.unanswered, time)
        settle(c)
        break
      }
      case 'CaseClosed': {
        const outcome = (e.data as { outcome: string }).outcome
        // A case the customer withdrew, or a duplicate, waits for no answer.
        if (outcome === 'withdrawn' || outcome === 'duplicate') {
          const c = openCase(caseId, e.streamId)
          c.unanswered = []
          c.answered = true
          c.firstContactAt = undefined
          c.opened = undefined
          settle(c)
        }
        break
      }
      case 'FeedbackGiven': {
        const f = dataOf<FeedbackGivenData>(e)
        const evidence = [evidenceOf(e)]
        if (f.communication <= low)
          report(
            onCase(
              promises.respectfulEncounter.id,
              caseId,
              evidence,
              `communication scored ${f.communication} of 5`,
            ),
          )
        if (f.needsMet <= low)
          report(
            onCase(
              'principle-5.good-service-experience',
              caseId,
              evidence,
              `needs met scored ${f.needsMet} of 5`,
            ),
          )
        if (![f.needsMet, f.communication].every((n) => Number.isInteger(n) && n >= 1 && n <= 5))
          report(onCase('metrics.satisfaction-scale', caseId, evidence, 'a score outside the 1-5 scale'))
        break
      }
      default:
        break
    }
  }

  const finish = () => {
    const now = limit ?? latest
    const within = (options.answerWithinDays ?? 14) * DAY
    for (const c of [...cases.values()].sort((a, b) => a.seq - b.seq)) {
      const waiting = countOf(c.unanswered)
      // Before the first answer, the deadline the service promised when the case was opened.
      const recorded = c.answered || c.answerDue === undefined ? undefined : c.answerDue
      const since = waiting === 0 ? undefined : timeOf(c.unanswered, 0)
      if (since !== undefined && now > (recorded === undefined ? since + within : Date.parse(recorded))) {
        const days = Math.floor((now - since) / DAY)
        report(
          onCase(
            promises.alwaysAnswered.id,
            c.caseId,
            unpack(c.unanswered, 'ContactReceived', c),
            recorded === undefined
              ? `${waiting} contact(s) unanswered for ${days} days`
              : `${waiting} contact(s) unanswered for ${days} days, past the answer due ${recorded}`,
          ),
        )
      }
      const before = c.contactsBeforeOpening
      if (before !== undefined && countOf(before) > 1)
        report(
          onCase(
            promises.initiatedOnFirstContact.id,
            c.caseId,
            unpack(before, 'ContactReceived', c),
            `${countOf(before)} contacts and still not opened`,
          ),
        )
    }
    // Services: few, read as checkHistory reads them, each rule's monitor as it is.
    const services: CityRecord = { ...readRecord(serviceEvents), cases: new Map(), now }
    for (const rule of strategyRules)
      if (!caseRules.has(rule.id)) for (const v of rule.monitor(services, options)) report(v)
    return sink.result()
  }
  return { feed, finish }
}

type Events = AsyncIterable<HistoryEvent> | Iterable<HistoryEvent>

/**
 * Every rule's monitor over a record streamed in global order, as of `options.asOf`: every
 * violation, or what `findings` makes of them (`tallyFindings` keeps a few per rule).
 */
export function checkRecord(events: Events, options?: CheckOptions): Promise<Violation[]>
export function checkRecord<R>(events: Events, options: CheckOptions, findings: FindingSink<R>): Promise<R>
export async function checkRecord<R>(
  events: Events,
  options: CheckOptions = {},
  findings?: FindingSink<R>,
): Promise<R | Violation[]> {
  const check = findings === undefined ? streamingCheck(options) : streamingCheck(options, findings)
  for await (const e of events) check.feed(e)
  return check.finish()
}

export type { ServiceRecord }

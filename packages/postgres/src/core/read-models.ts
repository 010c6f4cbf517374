/**
 * The SQL read models as rows: what other city systems (reporting, BI, a service register) query
 * without running servicelife. Each row is read off the projections' own facts, so a figure
 * counted in SQL is the figure the reports give:
 * - `service_catalog`: a service's catalogue entry (the `serviceCatalog` projection);
 * - `case_answers`: a case's facts for promises 2 and 3 (`evolveCaseFacts`, as promise compliance keeps them);
 * - `channel_contacts`: one row per contact;
 * - `satisfaction_responses`: one row per feedback, with the service the case was with then.
 * Pure: the shell writes the changes of each batch in one transaction with the position reached.
 */
import { type CityCalendar, type DomainEvent, instant } from '@servicelife/domain'
import {
  applyEvents,
  type CaseFacts,
  caseFactsOf,
  type CatalogEntry,
  type CatalogState,
  type ComplianceState,
  type Projection,
  promiseComplianceIn,
  serviceCatalog,
  UNROUTED,
} from '@servicelife/projections'
import type { RecordedEvent } from '@servicelife/store'

export interface ReadModelState {
  readonly catalog: CatalogState
  readonly compliance: ComplianceState
  /** The last position folded, -1 before the first. */
  readonly position: number
}

export interface ContactRow {
  readonly position: number
  readonly caseId: string
  readonly contactId: string
  readonly channel: string
  readonly at: string
  /** The month of the contact in the city's calendar (YYYY-MM). */
  readonly month: string
}

export interface ResponseRow {
  readonly position: number
  readonly caseId: string
  /** The service the case was with when the feedback was given (`(unrouted)` before it was opened). */
  readonly serviceId: string
  readonly needsMet: number
  readonly communication: number
  readonly at: string
  readonly month: string
}

/** The rows a batch of events changes: upserted (services, cases) or added (contacts, responses). */
export interface ReadModelChanges {
  readonly services: ReadonlyArray<CatalogEntry>
  readonly cases: ReadonlyArray<CaseFacts>
  readonly contacts: ReadonlyArray<ContactRow>
  readonly responses: ReadonlyArray<ResponseRow>
}

export interface ReadModels {
  readonly initial: ReadModelState
  /** The state after a batch of events (read as today's model reads them), and the rows it changed. */
  readonly step: (
    state: ReadModelState,
    events: ReadonlyArray<RecordedEvent>,
  ) => { readonly state: ReadModelState; readonly changes: ReadModelChanges }
}

/** The event a recorded event holds; the caller has read it through `readRecorded`, which decoded it. */
const domainEvent = (recorded: RecordedEvent): DomainEvent =>
  ({ type: recorded.type, data: recorded.data }) as DomainEvent

export const readModelsIn = (calendar: CityCalendar): ReadModels => {
  const compliance: Projection<ComplianceState> = promiseComplianceIn(calendar)
  const step: ReadModels['step'] = (state, events) => {
    const touchedCases = new Set<string>()
    const contacts: ContactRow[] = []
    const responses: ResponseRow[] = []
    let facts = state.compliance
    // Folded in runs up to each feedback: a response names the service its case is with at that point.
    let run: RecordedEvent[] = []
    const flush = () => {
      if (run.length > 0) facts = applyEvents(compliance, facts, run)
      run = []
    }
    for (const recorded of events) {
      const event = domainEvent(recorded)
      if ('caseId' in event.data) touchedCases.add(event.data.caseId)
      if (event.type === 'ContactReceived') {
        const { caseId, contactId, channel, at } = event.data
        contacts.push({
          position: recorded.position,
          caseId,
          contactId,
          channel,
          at,
          month: calendar.monthOf(instant(at)),
        })
      } else if (event.type === 'FeedbackGiven') {
        flush()
        const { caseId, needsMet, communication, at } = event.data
        responses.push({
          position: recorded.position,
          caseId,
          serviceId: caseFactsOf(facts, caseId)?.serviceId ?? UNROUTED,
          needsMet,
          communication,
          at,
          month: calendar.monthOf(instant(at)),
        })
      }
      run.push(recorded)
    }
    flush()
    const catalog = applyEvents(serviceCatalog, state.catalog, events)
    const services: CatalogEntry[] = []
    // The catalogue is persistent: an entry the batch changed is a new object.
    if (catalog !== state.catalog)
      for (const [serviceId, entry] of catalog)
        if (state.catalog.get(serviceId) !== entry) services.push(entry)
    const cases = [...touchedCases].flatMap((caseId) => {
      const f = caseFactsOf(facts, caseId)
      return f === undefined ? [] : [f]
    })
    return {
      state: {
        catalog,
        compliance: facts,
        position: events.length === 0 ? state.position : events[events.length - 1]!.position,
      },
      changes: { services, cases, contacts, responses },
    }
  }
  return {
    initial: { catalog: serviceCatalog.initial, compliance: compliance.initial, position: -1 },
    step,
  }
}

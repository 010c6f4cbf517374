/**
 * Scenario 9: the HTML audit report of a generated city history. Ours: the replay, the city report
 * and the page drawn (`htmlReport`); baseline: the replay and the city report alone, as
 * `servicelife replay --json` makes them. The ratio is what drawing the charts adds.
 */
import { cityReport, replay } from '@servicelife/audit'
import { htmlReport } from '@servicelife/audit/html'
import type { RecordedEvent } from '@servicelife/store'
import { alternate, type Row, row } from '../measure.js'

export const htmlReportScenario = async (
  events: ReadonlyArray<RecordedEvent>,
  rounds: number,
): Promise<Row[]> => {
  const identity = {
    position: events.length - 1,
    events: events.length,
    digest: '0'.repeat(64),
    chains: { '2': events.length },
  }
  let bytes = 0
  const { a: page, b: report } = await alternate(
    rounds,
    () => {
      const html = htmlReport(cityReport(replay(events)), {
        identity,
        generatedAt: '2026-01-01T00:00:00.000Z',
      })
      bytes = Buffer.byteLength(html)
      return events.length
    },
    () => (cityReport(replay(events)).events, events.length),
  )
  return [
    row(
      '9 html report',
      `${events.length} events replayed and drawn as one page of ${bytes} bytes`,
      'events/s',
      page,
      {
        name: 'the replay and the city report, not drawn',
        value: report,
      },
    ),
  ]
}

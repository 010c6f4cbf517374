/** Scenario 3: a generated city history through every projection in one pass (the audit's replay). */
import { replay } from '@servicelife/audit'
import type { RecordedEvent } from '@servicelife/store'
import { median, rate, type Row, row, timed } from '../measure.js'

export const projectionRebuild = async (
  events: ReadonlyArray<RecordedEvent>,
  rounds: number,
): Promise<Row[]> => {
  const rates: number[] = []
  for (let r = 0; r < rounds; r++) rates.push(rate(await timed(() => replay(events).events)))
  return [
    row(
      '3 projection rebuild',
      `${events.length} events through all 8 projections`,
      'events/s',
      median(rates),
    ),
  ]
}

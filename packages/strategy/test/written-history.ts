/**
 * Histories written event by event, as a store could hold them (including orders the deciders
 * never write): each event gets the next global position.
 */
import type { HistoryEvent } from '@servicelife/strategy'

let position = 0

export const event = (streamId: string, type: string, data: Record<string, unknown>): HistoryEvent => ({
  streamId,
  position: position++,
  type,
  data,
})
export const onService = (serviceId: string, type: string, at: string, more: Record<string, unknown> = {}) =>
  event(`service-${serviceId}`, type, { serviceId, at, ...more })
export const onCase = (caseId: string, type: string, at: string, more: Record<string, unknown> = {}) =>
  event(`case-${caseId}`, type, { caseId, at, ...more })
/** A service planned as other, produced by the city, not critical, unless `more` says otherwise. */
export const plan = (serviceId: string, at: string, more: Record<string, unknown> = {}) =>
  onService(serviceId, 'ServicePlanned', at, {
    obligation: 'other',
    productionMode: 'own',
    critical: false,
    ...more,
  })

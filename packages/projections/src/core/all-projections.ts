import { type CityCalendar, helsinki } from '@servicelife/domain'
import { channelMixIn } from './channel-mix.js'
import { promiseComplianceIn } from './promise-compliance.js'
import { satisfactionIn } from './satisfaction.js'
import { serviceCatalog } from './service-catalog.js'
import { serviceTimeline } from './service-timeline.js'
import { classificationSummary, criticalReadiness, reviewAgenda } from './services-at-a-glance.js'

/** Every projection of the package, by name, with months and days read in the city's calendar. */
export const allProjectionsIn = (calendar: CityCalendar) =>
  ({
    serviceCatalog,
    serviceTimeline,
    promiseCompliance: promiseComplianceIn(calendar),
    satisfaction: satisfactionIn(calendar),
    reviewAgenda,
    channelMix: channelMixIn(calendar),
    criticalReadiness,
    classificationSummary,
  }) as const

/** Every projection of the package, by name, in Helsinki time. */
export const allProjections = allProjectionsIn(helsinki)

export type AllProjections = ReturnType<typeof allProjectionsIn>

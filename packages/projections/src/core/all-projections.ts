import { channelMix } from './channel-mix.js'
import { promiseCompliance } from './promise-compliance.js'
import { satisfaction } from './satisfaction.js'
import { serviceCatalog } from './service-catalog.js'
import { serviceTimeline } from './service-timeline.js'
import { classificationSummary, criticalReadiness, reviewAgenda } from './services-at-a-glance.js'

/** Every projection of the package, by name. */
export const allProjections = {
  serviceCatalog,
  serviceTimeline,
  promiseCompliance,
  satisfaction,
  reviewAgenda,
  channelMix,
  criticalReadiness,
  classificationSummary,
} as const

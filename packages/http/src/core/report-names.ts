/** The reports served under `/reports/{name}`. */
export const reportNames = [
  'catalog',
  'compliance',
  'satisfaction',
  'channel-mix',
  'review-agenda',
  'critical-readiness',
  'classification',
] as const
export type ReportName = (typeof reportNames)[number]

/**
 * @servicelife/audit/html: the audit report as one self-contained HTML page, with charts drawn at
 * build time (Observable Plot), for the same city report `servicelife report --html` writes.
 * A subpath of its own: the chart library loads only for those who draw.
 */
export {
  CONTENT_SECURITY_POLICY,
  htmlReport,
  type HtmlReportOptions,
  type RecordIdentity,
} from './core/html-report.js'

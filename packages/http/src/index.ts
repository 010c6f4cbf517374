/**
 * @servicelife/http: the HTTP API a city backend mounts. A framework-agnostic core (a request in,
 * a response out), a node:http listener, and a Fastify plugin at `@servicelife/http/fastify`.
 */
export { etagOf, type IfMatch, matchesNoneMatch, parseIfMatch, revisionTag } from './core/etag.js'
export { bodyText, type HttpRequest, type HttpResponse, jsonResponse } from './core/http-message.js'
export { jsonSchemaOf, type JsonSchema } from './core/json-schema.js'
export {
  acceptsRequests,
  decodeRequestsQuery,
  type Locale,
  MAX_REQUESTS,
  MAX_WINDOW_DAYS,
  type Open311Error,
  open311Request,
  open311RequestById,
  open311Requests,
  open311Service,
  open311Services,
  type RequestsQuery,
  type RoutedRequest,
} from './core/open311.js'
export {
  commandsOfPostedRequest,
  decodePostedFields,
  decodePostedRequest,
  PostedRequest,
  postedApiKey,
  postedFields,
} from './core/open311-post.js'
export {
  type LogEntry,
  type LogStatus,
  type Open311Request,
  type Open311Service,
  type Open311State,
  open311View,
} from './core/open311-view.js'
export { type OpenApiDocument, openApiDocument } from './core/openapi.js'
export { type Problem, problem, problemOfRefusal, problemResponse } from './core/problem.js'
export { type ReportName, reportNames } from './core/report-names.js'
export { eventFeed, sseMessage } from './shell/event-feed.js'
export { httpRequestOf, nodeListener, writeResponse } from './shell/node-listener.js'
export {
  type AccessDecision,
  type AccessRequest,
  type ApiOptions,
  type Authorize,
  openServicelifeApi,
  PERSONAL_DATA_SCOPE,
  type ServicelifeApi,
} from './shell/servicelife-api.js'
export {
  decodeGeoReportRequests,
  GeoReportRequest,
  type ImportedRequest,
  importedRequest,
  type ImportNote,
} from './core/open311-import.js'
export {
  type ImportError,
  type ImportLine,
  importOpen311,
  type ImportOptions,
  type ImportSummary,
  type Open311Source,
} from './shell/open311-import.js'

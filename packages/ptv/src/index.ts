/**
 * @servicelife/ptv: the city's service catalogue in and out of the Finnish Service Catalogue
 * (PTV, Palvelutietovaranto), Open API v11. Pure mappings: PTV records to the commands that plan,
 * link and launch each service; the catalogue as of a time to PTV services, their channel
 * connections and the changes against a PTV snapshot; and, both ways, a report of every field
 * that could not come across. No call to PTV is made.
 */
export {
  importPtv,
  type ImportedService,
  type ImportOptions,
  type PtvImport,
  type PtvRecords,
  serviceIdOfPtv,
} from './core/import.js'
export { type Loss, type LossKind, lossesByKind } from './core/mapping-report.js'
export { PtvService, PtvServiceChannel } from './core/ptv-records.js'
export {
  availabilityOf,
  channelOfPtvType,
  obligationOf,
  productionModeOfProvision,
  provisionOfProductionMode,
  ptvTypeOfChannel,
  serviceTypeOf,
} from './core/vocabulary-map.js'
export { changesAgainst, type ServiceChanges } from './core/changes.js'
export {
  emptySnapshot,
  type ExportedService,
  type ExportOptions,
  exportCatalog,
  PTV_LIMITS,
  type PtvExport,
  type PtvServiceOut,
  type PtvSnapshot,
  sourceIdOf,
} from './core/export.js'
export { snapshotOf } from './core/snapshot.js'

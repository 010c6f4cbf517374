/**
 * The vocabularies of servicelife and PTV side by side: channel kinds, production modes and
 * provision types, obligation classes and service types, availability and area types. Each
 * table is read both ways; where PTV has no word for a servicelife value, the table says so.
 */
import type { Availability, Obligation, ProductionMode, ServiceChannel } from '@servicelife/domain'

/** PTV's channel types and servicelife's channel kinds: one to one for five; chat and e-mail have none. */
export const channelOfPtvType: Readonly<Record<string, ServiceChannel>> = {
  ServiceLocation: 'service-location',
  Phone: 'phone',
  WebPage: 'web-page',
  EChannel: 'e-service',
  PrintableForm: 'printable-form',
}

export const ptvTypeOfChannel: Readonly<Record<ServiceChannel, string | undefined>> = {
  'service-location': 'ServiceLocation',
  phone: 'Phone',
  'web-page': 'WebPage',
  'e-service': 'EChannel',
  'printable-form': 'PrintableForm',
  chat: undefined,
  email: undefined,
}

/** A producer's provision type (v8+ names, and the older ones still in records). */
export const productionModeOfProvision: Readonly<Record<string, ProductionMode>> = {
  SelfProducedServices: 'own',
  SelfProduced: 'own',
  ProcuredServices: 'purchased',
  PurchaseServices: 'purchased',
  // "Other" is how PTV records services the city enables without producing or buying them.
  Other: 'grant-enabled',
}

/** Third sector and grant-enabled are both "Other" in PTV: read back as grant-enabled. */
export const provisionOfProductionMode: Readonly<Record<ProductionMode, string>> = {
  own: 'SelfProducedServices',
  purchased: 'ProcuredServices',
  'third-sector': 'Other',
  'grant-enabled': 'Other',
}

/**
 * Pori's obligation class from PTV: a permit or obligation is statutory authority; a service
 * that follows a (statutory) general description is the city's organizing responsibility; for
 * the rest PTV says nothing, and `other` is the default, reported as such.
 */
export const obligationOf = (
  type: string | null | undefined,
  generalDescriptionId: string | null | undefined,
): { readonly obligation: Obligation; readonly defaulted: boolean } =>
  type === 'PermitOrObligation'
    ? { obligation: 'statutory-authority', defaulted: false }
    : generalDescriptionId
      ? { obligation: 'organizing-responsibility', defaulted: false }
      : { obligation: 'other', defaulted: true }

/** PTV's service type for an obligation class. */
export const serviceTypeOf = (obligation: Obligation): 'Service' | 'PermitOrObligation' =>
  obligation === 'statutory-authority' ? 'PermitOrObligation' : 'Service'

/** A service limited to named municipalities is local; one offered nationwide or over a region is centralized. */
export const availabilityOf = (
  areaType: string | null | undefined,
  areaTypes: ReadonlyArray<string>,
): Availability | undefined =>
  areaType === 'LimitedType'
    ? areaTypes.length > 0 && areaTypes.every((a) => a === 'Municipality')
      ? 'local'
      : 'centralized'
    : areaType === 'Nationwide' || areaType === 'NationwideExceptAlandIslands'
      ? 'centralized'
      : undefined

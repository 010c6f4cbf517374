/**
 * The parts of PTV (Palvelutietovaranto, the Finnish Service Catalogue) Open API v11 records that
 * servicelife reads, as codecs. PTV leaves most fields nullable and older records carry fields
 * newer ones do not, so every field but the id is optional and may be null: a record is read as
 * it is, and what it lacks is reported, never guessed.
 */
import * as t from 'io-ts/lib/index.js'

const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null])

/** `{ language, value }`: a text in one language. PTV writes empty texts as null. */
export const LanguageItem = t.type({ language: t.string, value: nullable(t.string) }, 'LanguageItem')
export type LanguageItem = t.TypeOf<typeof LanguageItem>

/** `{ language, value, type }`: a text of a kind (Name, Summary, Description, ...) in one language. */
export const LocalizedListItem = t.type(
  { language: t.string, value: nullable(t.string), type: t.string },
  'LocalizedListItem',
)
export type LocalizedListItem = t.TypeOf<typeof LocalizedListItem>

/** An item of a PTV code list (target group, service class): its names, code and URI. */
export const FintoItem = t.partial(
  { name: nullable(t.array(LanguageItem)), code: nullable(t.string), uri: nullable(t.string) },
  'FintoItem',
)
export type FintoItem = t.TypeOf<typeof FintoItem>

export const Municipality = t.partial({ code: nullable(t.string), name: nullable(t.array(LanguageItem)) })

export const Area = t.partial(
  { type: nullable(t.string), code: nullable(t.string), municipalities: nullable(t.array(Municipality)) },
  'Area',
)
export type Area = t.TypeOf<typeof Area>

export const OrganizationRef = t.partial({ id: nullable(t.string), name: nullable(t.string) })

/** A service's organization: Responsible, Producer (with its provision type) or OtherResponsible. */
export const ServiceOrganization = t.intersection(
  [
    t.type({ roleType: t.string }),
    t.partial({
      provisionType: nullable(t.string),
      organization: nullable(OrganizationRef),
      additionalInformation: nullable(t.array(LanguageItem)),
    }),
  ],
  'ServiceOrganization',
)
export type ServiceOrganization = t.TypeOf<typeof ServiceOrganization>

/** A service's connection to a channel. */
export const ServiceServiceChannel = t.partial(
  { serviceChannel: nullable(t.partial({ id: nullable(t.string), name: nullable(t.string) })) },
  'ServiceServiceChannel',
)

/** A PTV service (`V11VmOpenApiService`), the fields servicelife maps. */
export const PtvService = t.intersection(
  [
    t.type({ id: t.string }),
    t.partial({
      type: nullable(t.string),
      serviceNames: nullable(t.array(LocalizedListItem)),
      serviceDescriptions: nullable(t.array(LocalizedListItem)),
      generalDescriptionId: nullable(t.string),
      legislation: nullable(t.array(t.unknown)),
      areaType: nullable(t.string),
      areas: nullable(t.array(Area)),
      serviceClasses: nullable(t.array(FintoItem)),
      targetGroups: nullable(t.array(FintoItem)),
      organizations: nullable(t.array(ServiceOrganization)),
      serviceVouchersInUse: nullable(t.boolean),
      serviceChannels: nullable(t.array(ServiceServiceChannel)),
      publishingStatus: nullable(t.string),
    }),
  ],
  'PtvService',
)
export type PtvService = t.TypeOf<typeof PtvService>

/** A PTV service channel: its id and type are what a service's channels are read from. */
export const PtvServiceChannel = t.intersection(
  [
    t.type({ id: t.string, serviceChannelType: t.string }),
    t.partial({ serviceChannelNames: nullable(t.array(LocalizedListItem)) }),
  ],
  'PtvServiceChannel',
)
export type PtvServiceChannel = t.TypeOf<typeof PtvServiceChannel>

/**
 * servicelife's catalogue out as PTV v11 services: for every service launched, the `Service`
 * JSON PTV holds (`V11VmOpenApiService`), Published while it runs and Deleted once retired (never
 * Modified), its channel connections, and what PTV cannot express. Pure: the catalogue, its
 * timelines and a snapshot of PTV in; JSON and losses out.
 *
 * PTV replaces a service's name and description lists whole on PUT: what servicelife does not
 * model (alternative names, user instructions, other languages' descriptions) is carried over
 * from the snapshot, so an export never erases it.
 */
import type { CatalogEntry, TimelineReport } from '@servicelife/projections'
import type { Loss, LossKind } from './mapping-report.js'
import type { LocalizedListItem, PtvService } from './ptv-records.js'
import { provisionOfProductionMode, ptvTypeOfChannel, serviceTypeOf } from './vocabulary-map.js'
import { shortened } from './import.js'

/** PTV's limits on the texts servicelife writes (v11: names 100, summaries 150, descriptions 5,000). */
export const PTV_LIMITS = { name: 100, summary: 150, description: 5000, additionalInformation: 150 } as const

/** The PTV records a city's services are linked to, as PTV has them now: services and their channels. */
export interface PtvSnapshot {
  readonly services: ReadonlyMap<string, PtvService>
  /** Channel id to its type (`ServiceLocation`, `Phone`, ...) and name. */
  readonly channels: ReadonlyMap<string, { readonly type: string; readonly name?: string }>
}

export const emptySnapshot: PtvSnapshot = { services: new Map(), channels: new Map() }

export interface ExportOptions {
  /** The city's organization id in PTV: responsible for every service it exports. */
  readonly organizationId: string
  /** The municipality a local service is limited to, by its code (Naantali 529, Vaasa 905). */
  readonly municipalityCode: string
  readonly snapshot?: PtvSnapshot
}

type Item = { readonly language: string; readonly value: string }
type TypedItem = Item & { readonly type: string }

/** A PTV v11 service as servicelife writes it: the fields of `V11VmOpenApiService` it maps. */
export interface PtvServiceOut {
  readonly id?: string
  readonly sourceId: string
  readonly type: 'Service' | 'PermitOrObligation'
  readonly fundingType: 'PubliclyFunded'
  readonly serviceNames: ReadonlyArray<TypedItem>
  readonly serviceDescriptions: ReadonlyArray<TypedItem>
  readonly areaType: 'LimitedType' | 'Nationwide' | 'NationwideExceptAlandIslands'
  readonly areas: ReadonlyArray<unknown>
  readonly generalDescriptionId?: string
  readonly serviceClasses: ReadonlyArray<unknown>
  readonly targetGroups: ReadonlyArray<unknown>
  readonly organizations: ReadonlyArray<{
    readonly roleType: 'Responsible' | 'Producer'
    readonly provisionType?: string
    readonly organization?: { readonly id: string }
    readonly additionalInformation?: ReadonlyArray<Item>
  }>
  readonly serviceChannels: ReadonlyArray<{
    readonly serviceChannel: { readonly id: string; readonly name?: string }
  }>
  readonly publishingStatus: 'Published' | 'Deleted'
}

export interface ExportedService {
  readonly serviceId: string
  /** The PTV id it is linked to; absent for a service PTV does not hold yet (to be POSTed). */
  readonly ptvId?: string
  readonly service: PtvServiceOut
  /** Facts of servicelife PTV cannot hold, and texts cut to PTV's limits. */
  readonly losses: ReadonlyArray<Loss>
}

export interface PtvExport {
  readonly services: ReadonlyArray<ExportedService>
  /** Services not exported, and why: internal support, or planned and never launched. */
  readonly skipped: ReadonlyArray<Loss>
}

/** PTV's `sourceId` pattern is `^[A-Za-z0-9-.]*$`: servicelife's ids, with any other character as `-`. */
export const sourceIdOf = (serviceId: string): string => serviceId.replace(/[^A-Za-z0-9.-]/g, '-')

const LANGUAGES = ['fi', 'sv', 'en'] as const

const exportService = (
  entry: CatalogEntry,
  timeline: TimelineReport,
  options: ExportOptions,
): ExportedService => {
  const losses: Loss[] = []
  const lose = (kind: LossKind, field: string, detail: string) =>
    losses.push({ recordId: entry.serviceId, kind, field, detail })
  const cut = (value: string, max: number, field: string) => {
    if (value.length > max) lose('text-shortened', field, `${value.length} characters, PTV holds ${max}`)
    return shortened(value, max)
  }
  const snapshot = options.snapshot ?? emptySnapshot
  const before = entry.ptv === undefined ? undefined : snapshot.services.get(entry.ptv)
  const kept = (
    list: ReadonlyArray<LocalizedListItem> | null | undefined,
    owned: (i: LocalizedListItem) => boolean,
  ) => (list ?? []).filter((i): i is LocalizedListItem & { value: string } => i.value !== null && !owned(i))

  const names: TypedItem[] = [
    ...LANGUAGES.flatMap((language) => {
      const value = entry.name[language]
      return value === undefined
        ? []
        : [{ language, value: cut(value, PTV_LIMITS.name, `name.${language}`), type: 'Name' }]
    }),
    ...kept(before?.serviceNames, (i) => i.type === 'Name'),
  ]
  const summaries = LANGUAGES.flatMap((language) => {
    const value = entry.description?.[language]
    return value === undefined
      ? []
      : [{ language, value: cut(value, PTV_LIMITS.summary, `description.${language}`), type: 'Summary' }]
  })
  const descriptions: TypedItem[] = [
    ...summaries,
    { language: 'fi', value: cut(entry.needs, PTV_LIMITS.description, 'needs'), type: 'Description' },
    ...kept(
      before?.serviceDescriptions,
      (i) => i.type === 'Summary' || (i.type === 'Description' && i.language === 'fi'),
    ),
  ]

  // Area: a local service is limited to the city (or the municipalities PTV already lists).
  const beforeLimited =
    before?.areaType === 'LimitedType' && (before.areas ?? []).length > 0 ? (before.areas ?? []) : undefined
  const beforeLocal = beforeLimited?.every((a) => a.type === 'Municipality') === true
  const area =
    entry.availability === 'local'
      ? {
          areaType: 'LimitedType' as const,
          areas:
            beforeLocal && beforeLimited !== undefined
              ? beforeLimited
              : [{ type: 'Municipality', municipalities: [{ code: options.municipalityCode }] }],
        }
      : beforeLimited !== undefined && !beforeLocal
        ? { areaType: 'LimitedType' as const, areas: beforeLimited }
        : { areaType: 'Nationwide' as const, areas: [] }

  // Classes and target groups: PTV's own items where the snapshot has them, else names only.
  const classOf = (c: NonNullable<PtvService['serviceClasses']>[number]) =>
    c.name?.find((n) => n.language === 'fi')?.value
  const beforeClasses = before?.serviceClasses ?? []
  const serviceClasses =
    beforeClasses.length > 0 && classOf(beforeClasses[0]!) === entry.serviceArea
      ? beforeClasses
      : (lose(
          'not-expressible',
          'serviceArea',
          `"${entry.serviceArea}" has no PTV service class: PTV needs the class's URI`,
        ),
        [{ name: [{ language: 'fi', value: entry.serviceArea }] }])
  const targetGroups = entry.targetGroups.map((group) => {
    const known = (before?.targetGroups ?? []).find((g) => g.name?.some((n) => n.value === group))
    if (known === undefined)
      lose('not-expressible', 'targetGroups', `"${group}" has no PTV target group: PTV needs its code`)
    return known ?? { name: [{ language: 'fi', value: group }] }
  })

  // Obligation: statutory authority is a permit or obligation; organizing responsibility follows a general description.
  const generalDescriptionId = before?.generalDescriptionId ?? undefined
  if (entry.obligation === 'organizing-responsibility' && !generalDescriptionId)
    lose(
      'not-expressible',
      'obligation',
      'organizing responsibility: PTV shows it by a statutory general description, which the service has none of',
    )
  if (entry.obligation === 'other' || entry.obligation === 'statutory-authority')
    if (generalDescriptionId)
      lose('not-expressible', 'obligation', `${entry.obligation} with a general description in PTV`)

  // Organizations: the city is responsible; the producer as its provision type says.
  if (entry.productionMode === 'third-sector')
    lose('not-expressible', 'productionMode', 'third sector: PTV says "Other", as for grant-enabled')
  const producer =
    entry.producer === undefined
      ? undefined
      : cut(entry.producer, PTV_LIMITS.additionalInformation, 'producer')
  const organizations: PtvServiceOut['organizations'] = [
    { roleType: 'Responsible', organization: { id: options.organizationId } },
    {
      roleType: 'Producer',
      provisionType: provisionOfProductionMode[entry.productionMode],
      ...(entry.productionMode === 'own' ? { organization: { id: options.organizationId } } : {}),
      ...(producer === undefined ? {} : { additionalInformation: [{ language: 'fi', value: producer }] }),
    },
  ]

  // Channels: PTV's channels of each open kind, as the snapshot connects them.
  const connected = (before?.serviceChannels ?? []).flatMap((c) =>
    c.serviceChannel?.id ? [c.serviceChannel.id] : [],
  )
  const serviceChannels = entry.channels.flatMap((kind) => {
    const type = ptvTypeOfChannel[kind]
    if (type === undefined) {
      lose('not-expressible', 'channels', `${kind}: PTV has no channel type for it`)
      return []
    }
    const ids = connected.filter((id) => snapshot.channels.get(id)?.type === type)
    if (ids.length === 0)
      lose('not-expressible', 'channels', `${kind}: no ${type} channel of the service in PTV to connect`)
    return ids.map((id) => {
      const name = snapshot.channels.get(id)?.name
      return { serviceChannel: name === undefined ? { id } : { id, name } }
    })
  })

  // Lifecycle facts PTV has no field for.
  if (entry.lifecycle === 'disrupted')
    lose('not-expressible', 'lifecycle', 'disrupted now: PTV has no state for it')
  const disruptions = timeline.filter((p) => p.phase === 'disruption').length
  if (disruptions > 0) lose('not-expressible', 'timeline', `${disruptions} disruption(s) in its history`)
  if (entry.lastReview !== undefined)
    lose(
      'not-expressible',
      'lastReview',
      `review of ${entry.lastReview.at.slice(0, 10)}: ${entry.lastReview.decision}`,
    )
  if (entry.critical) lose('not-expressible', 'critical', 'critical for the city (principle 6)')
  if (entry.replacedBy !== undefined) lose('not-expressible', 'replacedBy', `replaced by ${entry.replacedBy}`)
  lose(
    'not-expressible',
    'lifecycle',
    `planned ${entry.plannedAt.slice(0, 10)}${entry.launchedAt ? `, launched ${entry.launchedAt.slice(0, 10)}` : ''}`,
  )

  const service: PtvServiceOut = {
    ...(entry.ptv === undefined ? {} : { id: entry.ptv }),
    sourceId: sourceIdOf(entry.serviceId),
    type: serviceTypeOf(entry.obligation),
    fundingType: 'PubliclyFunded',
    serviceNames: names,
    serviceDescriptions: descriptions,
    ...area,
    ...(generalDescriptionId ? { generalDescriptionId } : {}),
    serviceClasses,
    targetGroups,
    organizations,
    serviceChannels,
    publishingStatus: entry.lifecycle === 'retired' ? 'Deleted' : 'Published',
  }
  return {
    serviceId: entry.serviceId,
    ...(entry.ptv === undefined ? {} : { ptvId: entry.ptv }),
    service,
    losses,
  }
}

/**
 * Every service of the catalogue PTV should show: launched ones as Published, retired ones as
 * Deleted. Internal support and services planned but never launched are not exported.
 */
export const exportCatalog = (
  catalog: ReadonlyArray<CatalogEntry>,
  timelines: Readonly<Record<string, TimelineReport>>,
  options: ExportOptions,
): PtvExport => {
  const skipped: Loss[] = []
  const services: ExportedService[] = []
  for (const entry of catalog) {
    if (entry.obligation === 'internal-support')
      skipped.push({
        recordId: entry.serviceId,
        kind: 'not-expressible',
        field: 'obligation',
        detail: 'internal support: not published to residents',
      })
    else if (entry.lifecycle === 'planned')
      skipped.push({
        recordId: entry.serviceId,
        kind: 'not-expressible',
        field: 'lifecycle',
        detail: 'planned, not launched: PTV gets it when it launches',
      })
    else services.push(exportService(entry, timelines[entry.serviceId] ?? [], options))
  }
  return { services, skipped }
}

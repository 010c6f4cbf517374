/**
 * PTV records in, servicelife commands out: each PTV service becomes the commands that plan it,
 * link it to its PTV id and, when published, launch it on its channels (and retire it when PTV
 * has deleted it). Pure: records and the import's time in, commands and the losses out.
 */
import type { LocalizedText, ServiceChannel, ServiceCommand } from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import { PathReporter } from 'io-ts/lib/PathReporter.js'
import type { Loss, LossKind } from './mapping-report.js'
import { type LocalizedListItem, PtvService, PtvServiceChannel } from './ptv-records.js'
import {
  availabilityOf,
  channelOfPtvType,
  obligationOf,
  productionModeOfProvision,
} from './vocabulary-map.js'

/** The longest texts servicelife's codecs hold. */
export const SHORT_TEXT = 500
export const LONG_TEXT = 4000

/** What an import reads: PTV service and service channel records as parsed JSON. */
export interface PtvRecords {
  readonly services: ReadonlyArray<unknown>
  readonly channels: ReadonlyArray<unknown>
}

export interface ImportOptions {
  /** The business time the services are planned, linked and launched at (ISO-8601 with offset). */
  readonly at: string
}

export interface ImportedService {
  readonly ptvId: string
  readonly serviceId: string
  /** In order: PlanService, LinkService, then LaunchService or RetireService as PTV has it. */
  readonly commands: ReadonlyArray<ServiceCommand>
}

export interface PtvImport {
  readonly services: ReadonlyArray<ImportedService>
  readonly losses: ReadonlyArray<Loss>
}

/** The servicelife id of a service imported from PTV: its PTV id, prefixed. */
export const serviceIdOfPtv = (ptvId: string): string => `ptv-${ptvId}`

/** The fields of a PTV service the import reads; `modified` and `versionId` are PTV's bookkeeping. */
const READ = new Set([
  'id',
  'type',
  'serviceNames',
  'serviceDescriptions',
  'generalDescriptionId',
  'legislation',
  'areaType',
  'areas',
  'serviceClasses',
  'targetGroups',
  'organizations',
  'serviceVouchersInUse',
  'serviceChannels',
  'publishingStatus',
  'modified',
  'versionId',
])

const hasValue = (v: unknown): boolean =>
  v !== null &&
  v !== undefined &&
  v !== false &&
  v !== '' &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((x) => !hasValue(x)))

/** Text cut to `max` characters, ending in an ellipsis when cut. */
export const shortened = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`

const LANGUAGES = ['fi', 'sv', 'en'] as const

/** Reads one PTV service with the channels it may refer to. */
const importService = (
  raw: unknown,
  channelKinds: ReadonlyMap<string, ServiceChannel>,
  at: string,
): { readonly imported?: ImportedService; readonly losses: ReadonlyArray<Loss> } => {
  const decoded = PtvService.decode(raw)
  const rawId = typeof raw === 'object' && raw !== null ? String((raw as { id?: unknown }).id ?? '?') : '?'
  if (E.isLeft(decoded))
    return {
      losses: [
        {
          recordId: rawId,
          kind: 'record-unreadable',
          field: '',
          detail: PathReporter.report(decoded).slice(0, 3).join('; '),
        },
      ],
    }
  const ptv = decoded.right
  const losses: Loss[] = []
  const lose = (kind: LossKind, field: string, detail: string) =>
    losses.push({ recordId: ptv.id, kind, field, detail })
  const text = (value: string, max: number, field: string): string => {
    if (value.length > max) lose('text-shortened', field, `${value.length} characters, kept ${max}`)
    return shortened(value, max)
  }

  for (const [field, value] of Object.entries(raw as Record<string, unknown>))
    if (!READ.has(field) && hasValue(value))
      lose('field-not-modelled', field, 'no place for it in servicelife')

  const items = (list: ReadonlyArray<LocalizedListItem> | null | undefined, type: string) =>
    (list ?? []).filter((i) => i.type === type && i.value !== null && i.value.trim() !== '') as Array<
      LocalizedListItem & { value: string }
    >
  const localized = (list: ReadonlyArray<LocalizedListItem & { value: string }>, field: string) => {
    const texts: Partial<Record<(typeof LANGUAGES)[number], string>> = {}
    for (const i of list)
      if ((LANGUAGES as ReadonlyArray<string>).includes(i.language))
        texts[i.language as (typeof LANGUAGES)[number]] ??= text(
          i.value,
          SHORT_TEXT,
          `${field}.${i.language}`,
        )
      else
        lose(
          'description-language-dropped',
          `${field}.${i.language}`,
          'servicelife names services in fi, sv and en',
        )
    return texts
  }

  // Names: one per language; alternative names have no place.
  const names = localized(items(ptv.serviceNames, 'Name'), 'serviceNames')
  for (const alt of items(ptv.serviceNames, 'AlternativeName'))
    lose('alternative-name-dropped', `serviceNames.${alt.language}`, alt.value)
  const firstName = names.fi ?? names.sv ?? names.en
  if (names.fi === undefined)
    lose(
      'defaulted',
      'serviceNames.fi',
      firstName === undefined
        ? 'no name: the PTV id is the name'
        : 'no Finnish name: another language stands in',
    )
  const name: LocalizedText = { ...names, fi: firstName ?? ptv.id }

  // The needs the service meets: its Finnish description; the summary describes it in every language.
  const descriptions = items(ptv.serviceDescriptions, 'Description')
  const summaries = items(ptv.serviceDescriptions, 'Summary')
  const fiDescription = descriptions.find((d) => d.language === 'fi')
  for (const d of descriptions)
    if (d !== fiDescription)
      lose(
        'description-language-dropped',
        `serviceDescriptions.Description.${d.language}`,
        'the needs are kept in Finnish',
      )
  const needsSource = fiDescription ?? summaries.find((s) => s.language === 'fi')
  if (needsSource === undefined)
    lose(
      'defaulted',
      'serviceDescriptions.Description.fi',
      'no Finnish description: the name stands for the needs',
    )
  const needs = text(needsSource?.value ?? name.fi, LONG_TEXT, 'serviceDescriptions.Description.fi')
  const summary = localized(summaries, 'serviceDescriptions.Summary')
  for (const d of ptv.serviceDescriptions ?? [])
    if (d.type !== 'Description' && d.type !== 'Summary' && d.value !== null && d.value.trim() !== '')
      lose(
        'field-not-modelled',
        `serviceDescriptions.${d.type}.${d.language}`,
        'no place for it in servicelife',
      )

  // Service area: the first service class; target groups by name.
  const classes = ptv.serviceClasses ?? []
  const className = (c: (typeof classes)[number]) =>
    c.name?.find((n) => n.language === 'fi')?.value ??
    c.name?.find((n) => n.value !== null)?.value ??
    c.code ??
    undefined
  const area = classes.length > 0 ? className(classes[0]!) : undefined
  if (area === undefined || area === null)
    lose('defaulted', 'serviceClasses', 'no service class: the service area is "PTV"')
  for (const c of classes.slice(1))
    lose('service-class-dropped', 'serviceClasses', `${className(c) ?? '?'} (${c.code ?? c.uri ?? ''})`)
  const targetGroups = (ptv.targetGroups ?? []).flatMap((g) => {
    const groupName =
      g.name?.find((n) => n.language === 'fi')?.value ?? g.name?.find((n) => n.value !== null)?.value
    if (g.code || g.uri)
      lose('target-group-code-dropped', 'targetGroups', `${g.code ?? ''} ${g.uri ?? ''}`.trim())
    return groupName ? [text(groupName, SHORT_TEXT, 'targetGroups')] : []
  })

  // Obligation and availability.
  const { obligation, defaulted } = obligationOf(ptv.type, ptv.generalDescriptionId)
  if (defaulted)
    lose('defaulted', 'type', `${ptv.type ?? 'no type'} without a general description: obligation "other"`)
  if ((ptv.legislation ?? []).length > 0) lose('field-not-modelled', 'legislation', 'laws stay in PTV')
  const areaTypes = (ptv.areas ?? []).map((a) => a.type ?? '')
  const availability = availabilityOf(ptv.areaType, areaTypes)
  if (availability === undefined)
    lose('defaulted', 'areaType', `${ptv.areaType ?? 'none'}: availability "centralized"`)
  if (ptv.areaType === 'LimitedType' && (ptv.areas ?? []).length > 0)
    lose(
      'field-not-modelled',
      'areas',
      `${(ptv.areas ?? []).length} area(s): servicelife keeps local or centralized`,
    )

  // Production: the producer's provision type.
  const producers = (ptv.organizations ?? []).filter((o) => o.roleType === 'Producer')
  const first = producers[0]
  if (producers.length > 1) lose('producers-beyond-first', 'organizations', `${producers.length} producers`)
  const productionMode = (first?.provisionType && productionModeOfProvision[first.provisionType]) || 'own'
  if (
    first === undefined ||
    !first.provisionType ||
    productionModeOfProvision[first.provisionType] === undefined
  )
    lose('defaulted', 'organizations', `producer ${first?.provisionType ?? 'not given'}: production "own"`)
  if (first?.provisionType === 'Other')
    lose('production-mode-ambiguous', 'organizations.provisionType', 'Other: third sector or grant-enabled')
  const producerName =
    first?.additionalInformation?.find((a) => a.language === 'fi' && a.value)?.value ??
    first?.organization?.name ??
    first?.organization?.id ??
    undefined
  const producer =
    productionMode === 'own'
      ? undefined
      : text(producerName ?? 'producer named in PTV', SHORT_TEXT, 'organizations.producer')
  if (productionMode !== 'own' && producerName === undefined)
    lose('defaulted', 'organizations.producer', 'no producer name in PTV')
  if (ptv.serviceVouchersInUse === true)
    lose('vouchers-not-a-production-mode', 'serviceVouchersInUse', 'service vouchers stay in PTV')

  // Channels: their kinds; the channels' own records stay in PTV.
  const connections = (ptv.serviceChannels ?? []).flatMap((c) =>
    c.serviceChannel?.id ? [c.serviceChannel.id] : [],
  )
  const kinds: ServiceChannel[] = []
  for (const id of connections) {
    const kind = channelKinds.get(id)
    if (kind === undefined)
      lose('channel-not-found', 'serviceChannels', `channel ${id}: no record of a known type`)
    else if (!kinds.includes(kind)) kinds.push(kind)
  }
  if (connections.length > 0)
    lose(
      'channel-details-dropped',
      'serviceChannels',
      `${connections.length} channel(s) kept as ${kinds.length} kind(s)`,
    )
  lose('defaulted', 'critical', 'PTV does not say whether a service is critical: not critical')

  const serviceId = serviceIdOfPtv(ptv.id)
  const plan: ServiceCommand = {
    type: 'PlanService',
    data: {
      serviceId,
      at,
      name,
      needs,
      serviceArea: text(area ?? 'PTV', SHORT_TEXT, 'serviceClasses'),
      obligation,
      availability: availability ?? 'centralized',
      productionMode,
      critical: false,
      targetGroups,
      channels: kinds,
      ...(summary.fi === undefined ? {} : { description: { ...summary, fi: summary.fi } }),
      ...(producer === undefined ? {} : { producer }),
    },
  }
  const link: ServiceCommand = { type: 'LinkService', data: { serviceId, at, ptv: ptv.id } }
  const status = ptv.publishingStatus ?? 'Published'
  const launch: ServiceCommand[] =
    status === 'Draft'
      ? []
      : kinds.length === 0
        ? (lose('defaulted', 'serviceChannels', 'published without a known channel: left planned'), [])
        : [{ type: 'LaunchService', data: { serviceId, at, channels: kinds } }]
  const retire: ServiceCommand[] =
    status === 'Deleted' ? [{ type: 'RetireService', data: { serviceId, at, reason: 'Deleted in PTV' } }] : []
  return { imported: { ptvId: ptv.id, serviceId, commands: [plan, link, ...launch, ...retire] }, losses }
}

/** The commands that bring PTV's services into servicelife, and what could not come along. */
export const importPtv = (records: PtvRecords, options: ImportOptions): PtvImport => {
  const losses: Loss[] = []
  const kinds = new Map<string, ServiceChannel>()
  for (const raw of records.channels) {
    const decoded = PtvServiceChannel.decode(raw)
    if (E.isLeft(decoded)) {
      const id = typeof raw === 'object' && raw !== null ? String((raw as { id?: unknown }).id ?? '?') : '?'
      losses.push({
        recordId: id,
        kind: 'record-unreadable',
        field: '',
        detail: PathReporter.report(decoded).slice(0, 3).join('; '),
      })
      continue
    }
    const kind = channelOfPtvType[decoded.right.serviceChannelType]
    if (kind === undefined)
      losses.push({
        recordId: decoded.right.id,
        kind: 'channel-not-found',
        field: 'serviceChannelType',
        detail: `${decoded.right.serviceChannelType}: not a channel type servicelife knows`,
      })
    else kinds.set(decoded.right.id, kind)
  }
  const services: ImportedService[] = []
  for (const raw of records.services) {
    const { imported, losses: lost } = importService(raw, kinds, options.at)
    if (imported !== undefined) services.push(imported)
    losses.push(...lost)
  }
  return { services, losses }
}

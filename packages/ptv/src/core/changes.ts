/**
 * What to send to PTV: an exported service against the PTV record it is linked to. A service
 * PTV does not hold is POSTed; one whose mapped fields differ is PUT; its connections are
 * replaced when the set of channels differs. Pure: compares, sends nothing.
 */
import type { ExportedService, PtvServiceOut, PtvSnapshot } from './export.js'
import type { PtvService } from './ptv-records.js'

export interface ServiceChanges {
  readonly serviceId: string
  readonly ptvId?: string
  /** POST: PTV does not hold it; PUT: a mapped field differs; none: PTV has it as servicelife does. */
  readonly action: 'POST' | 'PUT' | 'none'
  /** The mapped fields that differ (for a PUT). */
  readonly fields: ReadonlyArray<string>
  /** Channels to connect and disconnect: `PUT /Connection/serviceId/{id}` replaces them all. */
  readonly connections: { readonly add: ReadonlyArray<string>; readonly remove: ReadonlyArray<string> }
  readonly warnings: ReadonlyArray<string>
}

type Texts = ReadonlyArray<{
  readonly language: string
  readonly value: string | null
  readonly type: string
}>

const textsOf = (list: Texts | null | undefined, keep: (i: Texts[number]) => boolean): string =>
  JSON.stringify(
    (list ?? [])
      .filter((i) => i.value !== null && keep(i))
      .map((i) => `${i.type}/${i.language}/${i.value}`)
      .sort(),
  )

const targetGroupNames = (groups: ReadonlyArray<unknown> | null | undefined): string =>
  JSON.stringify(
    (groups ?? [])
      .map(
        (g) =>
          (g as { name?: Array<{ language: string; value: string | null }> | null }).name?.find(
            (n) => n.language === 'fi',
          )?.value ?? '',
      )
      .sort(),
  )

const producerOf = (organizations: ReadonlyArray<unknown> | null | undefined): string => {
  const producer = (organizations ?? []).find((o) => (o as { roleType?: string }).roleType === 'Producer') as
    | {
        provisionType?: string | null
        additionalInformation?: Array<{ language: string; value: string | null }> | null
      }
    | undefined
  return JSON.stringify([
    producer?.provisionType ?? null,
    producer?.additionalInformation?.find((a) => a.language === 'fi')?.value ?? null,
  ])
}

const connectionsOf = (service: PtvService | PtvServiceOut): string[] =>
  (
    (service.serviceChannels ?? []) as ReadonlyArray<{ serviceChannel?: { id?: string | null } | null }>
  ).flatMap((c) => (c.serviceChannel?.id ? [c.serviceChannel.id] : []))

/** The mapped fields of a service, each as a comparable text. */
const mapped = (s: PtvService | PtvServiceOut): Readonly<Record<string, string>> => ({
  serviceNames: textsOf(s.serviceNames, (i) => i.type === 'Name'),
  summary: textsOf(s.serviceDescriptions, (i) => i.type === 'Summary'),
  description: textsOf(s.serviceDescriptions, (i) => i.type === 'Description' && i.language === 'fi'),
  type: JSON.stringify(s.type ?? null),
  areaType: JSON.stringify(s.areaType ?? null),
  targetGroups: targetGroupNames(s.targetGroups),
  producer: producerOf(s.organizations),
  publishingStatus: JSON.stringify(s.publishingStatus ?? null),
})

/** What to send to PTV for one exported service, compared with the snapshot. */
export const changesAgainst = (exported: ExportedService, snapshot: PtvSnapshot): ServiceChanges => {
  const ours = connectionsOf(exported.service)
  const before = exported.ptvId === undefined ? undefined : snapshot.services.get(exported.ptvId)
  if (before === undefined)
    return {
      serviceId: exported.serviceId,
      ...(exported.ptvId === undefined ? {} : { ptvId: exported.ptvId }),
      action: exported.ptvId === undefined ? 'POST' : 'PUT',
      fields: exported.ptvId === undefined ? [] : Object.keys(mapped(exported.service)),
      connections: { add: ours, remove: [] },
      warnings:
        exported.ptvId === undefined
          ? []
          : [`PTV service ${exported.ptvId} is not in the snapshot: every mapped field is sent`],
    }
  const a = mapped(exported.service)
  const b = mapped(before)
  const fields = Object.keys(a).filter((k) => a[k] !== b[k])
  const theirs = connectionsOf(before)
  const warnings =
    before.publishingStatus === 'Modified'
      ? [
          'PTV holds unpublished edits of this service (Modified): publish or discard them in PTV first, or the PUT fails',
        ]
      : []
  return {
    serviceId: exported.serviceId,
    ptvId: exported.ptvId!,
    action: fields.length === 0 ? 'none' : 'PUT',
    fields,
    connections: {
      add: ours.filter((id) => !theirs.includes(id)),
      remove: theirs.filter((id) => !ours.includes(id)),
    },
    warnings,
  }
}

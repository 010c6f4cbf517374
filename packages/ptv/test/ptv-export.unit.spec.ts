/**
 * Export of the catalogue to PTV v11: every exported service validates against the v11 schema
 * subset (schemas/), export then import gives back every mapped field, the 75 real records
 * imported and exported again differ from PTV only where the mapping report says, and what PTV
 * cannot express is listed per service.
 */
import { test } from '@fast-check/vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type ServiceChannel,
  type ServiceCommand,
  serviceDecider,
  type ServiceEvent,
  type ServicePlannedData,
  type ServiceState,
  serviceStreamId,
} from '@servicelife/domain'
import {
  applyEvents,
  catalogReport,
  serviceCatalog,
  serviceTimeline,
  timelineReport,
} from '@servicelife/projections'
import { asRecorded } from '@servicelife/spec'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { changesAgainst, exportCatalog, importPtv, type PtvExport, snapshotOf } from '../src/index.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const schema = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'schemas', 'v11-service.schema.json'), 'utf8'),
) as object
const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(schema)
const valid = (service: unknown) =>
  validate(service) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)

const FIXTURES = join(import.meta.dirname, 'fixtures', 'ptv')
const read = (dir: string): unknown[] =>
  readdirSync(join(FIXTURES, dir)).map(
    (f) => JSON.parse(readFileSync(join(FIXTURES, dir, f), 'utf8')) as unknown,
  )
const real = { services: read('services'), channels: read('servicechannels') }
const NAANTALI = '3d1759a2-e47a-4947-9a31-cab1c1e2512b'
const AT = '2026-01-05T09:00:00+02:00'

/** Commands decided in turn, per service; the recorded events of them all. */
const recorded = (commandsByService: ReadonlyArray<ReadonlyArray<ServiceCommand>>) => {
  const entries: Array<{ streamId: string; event: ServiceEvent }> = []
  for (const commands of commandsByService) {
    let state: ServiceState = serviceDecider.initialState
    for (const command of commands) {
      const decided = serviceDecider.decide(command, state)
      if (E.isLeft(decided)) throw new Error(`${command.type}: ${decided.left.message}`)
      for (const event of decided.right) {
        state = serviceDecider.evolve(state, event)
        entries.push({ streamId: serviceStreamId(command.data.serviceId), event })
      }
    }
  }
  return asRecorded(entries)
}

const catalogOf = (commandsByService: ReadonlyArray<ReadonlyArray<ServiceCommand>>) => {
  const events = recorded(commandsByService)
  const catalog = catalogReport(applyEvents(serviceCatalog, serviceCatalog.initial, events))
  const timelines = applyEvents(serviceTimeline, serviceTimeline.initial, events)
  return {
    catalog,
    timelines: Object.fromEntries(catalog.map((e) => [e.serviceId, timelineReport(timelines, e.serviceId)])),
  }
}

// Each test makes its export inside it, not at collection: a mutant is active only while tests run.
describe('the 75 real records: import, export, compare with PTV', () => {
  const { snapshot } = snapshotOf(real)
  const exportReal = (): PtvExport => {
    const imported = importPtv(real, { at: AT })
    const { catalog, timelines } = catalogOf(imported.services.map((s) => s.commands))
    return exportCatalog(catalog, timelines, { organizationId: NAANTALI, municipalityCode: '529', snapshot })
  }

  it('exports the 29 launched services; the one never launched is skipped and says why', () => {
    const exported = exportReal()
    expect(exported.services).toHaveLength(29)
    expect(exported.skipped).toEqual([
      expect.objectContaining({ recordId: 'ptv-610325e0-f485-4caa-bd3b-5bf74d5480c5', field: 'lifecycle' }),
    ])
  })

  it('every exported service validates against the PTV v11 schema', () => {
    for (const s of exportReal().services) expect(valid(s.service), s.serviceId).toEqual([])
  })

  it('compared with the records they came from, only the documented losses differ', () => {
    const exported = exportReal()
    const changes = exported.services.map((s) => changesAgainst(s, snapshot))
    const fields: Record<string, number> = {}
    for (const c of changes) for (const f of c.fields) fields[f] = (fields[f] ?? 0) + 1
    // The one producer with provision type Other has its name written as additional information.
    expect(fields).toEqual({ producer: 1 })
    expect(changes.filter((c) => c.action === 'none')).toHaveLength(28)
    // Every channel PTV connects stays connected: a kind servicelife keeps brings all PTV's channels of it.
    for (const c of changes) expect(c.connections).toEqual({ add: [], remove: [] })
    // Texts servicelife does not model are carried over from PTV, not erased by the PUT.
    const withInstructions = exported.services.filter((s) =>
      s.service.serviceDescriptions.some((d) => d.type === 'UserInstruction'),
    )
    expect(withInstructions.length).toBeGreaterThan(20)
  })
})

describe('what PTV cannot express is listed per service', () => {
  const plan: ServicePlannedData = {
    serviceId: 'schools-a',
    at: '2025-01-01T08:00:00+02:00',
    name: { fi: 'Koulu A', sv: 'Skola A' },
    needs: 'Perusopetus lähellä kotia.',
    serviceArea: 'Perusopetus',
    obligation: 'organizing-responsibility',
    availability: 'local',
    productionMode: 'own',
    critical: true,
    targetGroups: ['Lapset 7-15'],
    channels: ['service-location', 'chat'],
  }
  const commands: ServiceCommand[] = [
    { type: 'PlanService', data: plan },
    {
      type: 'LaunchService',
      data: {
        serviceId: 'schools-a',
        at: '2025-02-01T08:00:00+02:00',
        channels: ['service-location', 'chat'],
      },
    },
    {
      type: 'DisruptService',
      data: {
        serviceId: 'schools-a',
        at: '2025-03-01T08:00:00+02:00',
        reason: 'Water damage',
        continuity: 'Temporary premises',
      },
    },
  ]
  const exportSchool = () => {
    const { catalog, timelines } = catalogOf([commands])
    return exportCatalog(catalog, timelines, { organizationId: NAANTALI, municipalityCode: '529' })
      .services[0]
  }

  it('a disrupted, critical school on a chat channel, without a PTV record yet', () => {
    const service = exportSchool()
    const notExpressible = service!.losses.filter((l) => l.kind === 'not-expressible').map((l) => l.field)
    expect(notExpressible.sort()).toEqual(
      [
        'channels',
        'channels',
        'critical',
        'lifecycle',
        'lifecycle',
        'obligation',
        'serviceArea',
        'targetGroups',
        'timeline',
      ].sort(),
    )
    expect(service!.service.publishingStatus).toBe('Published')
    expect(service!.service).not.toHaveProperty('id')
    expect(valid(service!.service)).toEqual([])
  })

  it('a service PTV does not hold is to be POSTed', () => {
    expect(changesAgainst(exportSchool()!, snapshotOf({ services: [], channels: [] }).snapshot).action).toBe(
      'POST',
    )
  })

  it('internal support is never exported', () => {
    const internal = catalogOf([
      [
        { type: 'PlanService', data: { ...plan, serviceId: 'it', obligation: 'internal-support' } },
        {
          type: 'LaunchService',
          data: { serviceId: 'it', at: '2025-02-01T08:00:00+02:00', channels: ['phone'] },
        },
      ],
    ])
    const result = exportCatalog(internal.catalog, internal.timelines, {
      organizationId: NAANTALI,
      municipalityCode: '529',
    })
    expect(result.services).toEqual([])
    expect(result.skipped).toEqual([expect.objectContaining({ recordId: 'it', field: 'obligation' })])
  })
})

/** One PTV channel per kind, for the generated services to be connected to. */
const PTV_KINDS: ReadonlyArray<readonly [ServiceChannel, string, string]> = [
  ['service-location', 'ServiceLocation', '00000000-0000-4000-8000-000000000001'],
  ['phone', 'Phone', '00000000-0000-4000-8000-000000000002'],
  ['web-page', 'WebPage', '00000000-0000-4000-8000-000000000003'],
  ['e-service', 'EChannel', '00000000-0000-4000-8000-000000000004'],
  ['printable-form', 'PrintableForm', '00000000-0000-4000-8000-000000000005'],
]
const text = (max: number) =>
  fc
    .string({ minLength: 1, maxLength: max, unit: 'grapheme' })
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= max)

const generatedService = fc.record({
  id: fc.uuid({ version: 4 }),
  generalDescriptionId: fc.uuid({ version: 4 }),
  name: fc.record({ fi: text(100), sv: text(100), en: text(100) }, { requiredKeys: ['fi'] }),
  description: fc.option(fc.record({ fi: text(150), sv: text(150) }, { requiredKeys: ['fi'] }), {
    nil: undefined,
  }),
  needs: text(4000),
  serviceArea: text(200),
  obligation: fc.constantFrom(
    'statutory-authority' as const,
    'organizing-responsibility' as const,
    'other' as const,
  ),
  availability: fc.constantFrom('local' as const, 'centralized' as const),
  production: fc.oneof(
    fc.constant({ productionMode: 'own' as const }),
    fc.record({
      productionMode: fc.constantFrom('purchased' as const, 'grant-enabled' as const),
      producer: text(150),
    }),
  ),
  targetGroups: fc.uniqueArray(text(60), { maxLength: 3 }),
  channels: fc.subarray(
    PTV_KINDS.map(([kind]) => kind),
    { minLength: 1 },
  ),
})

describe('round trip', () => {
  test.prop([fc.uniqueArray(generatedService, { minLength: 1, maxLength: 4, selector: (s) => s.id })], {
    numRuns: 60,
  })('export then import gives back every mapped field of every service, and its PTV link', (services) => {
    const at = '2025-03-01T10:00:00+02:00'
    const commands = services.map((s): ServiceCommand[] => {
      const serviceId = `svc-${s.id}`
      return [
        {
          type: 'PlanService',
          data: {
            serviceId,
            at,
            name: s.name,
            needs: s.needs,
            serviceArea: s.serviceArea,
            obligation: s.obligation,
            availability: s.availability,
            critical: false,
            targetGroups: s.targetGroups,
            channels: s.channels,
            ...s.production,
            ...(s.description === undefined ? {} : { description: s.description }),
          },
        },
        { type: 'LinkService', data: { serviceId, at, ptv: s.id } },
        { type: 'LaunchService', data: { serviceId, at, channels: s.channels } },
      ]
    })
    // PTV as it stands: each service with its general description and one channel of every kind.
    const channels = PTV_KINDS.map(([, type, id]) => ({ id, serviceChannelType: type }))
    const ptvServices = services.map((s) => ({
      id: s.id,
      serviceNames: [{ language: 'fi', value: s.name.fi, type: 'Name' }],
      ...(s.obligation === 'organizing-responsibility'
        ? { generalDescriptionId: s.generalDescriptionId }
        : {}),
      serviceChannels: PTV_KINDS.map(([, , id]) => ({ serviceChannel: { id } })),
    }))
    const { catalog, timelines } = catalogOf(commands)
    const exported = exportCatalog(catalog, timelines, {
      organizationId: NAANTALI,
      municipalityCode: '529',
      snapshot: snapshotOf({ services: ptvServices, channels }).snapshot,
    })
    for (const s of exported.services) expect(valid(s.service)).toEqual([])
    const back = importPtv({ services: exported.services.map((s) => s.service), channels }, { at })
    expect(back.services.map((s) => s.ptvId).sort()).toEqual(services.map((s) => s.id).sort())
    back.services.forEach((imported) => {
      const original = commands[services.findIndex((s) => s.id === imported.ptvId)]!
      const plan = (c: ReadonlyArray<ServiceCommand>) => {
        const { serviceId: _, channels, ...data } = c[0]!.data as ServicePlannedData
        return { ...data, channels: [...channels].sort() }
      }
      expect(plan(imported.commands)).toEqual(plan(original))
      expect(imported.commands.map((c) => c.type)).toEqual(['PlanService', 'LinkService', 'LaunchService'])
      const launched = (c: ReadonlyArray<ServiceCommand>) =>
        [...(c[2]!.data as unknown as { channels: string[] }).channels].sort()
      expect(launched(imported.commands)).toEqual(launched(original))
    })
  })
})

describe('each export rule, on a service made for it', () => {
  const ptvId = '22222222-3333-4444-8555-666666666666'
  const plan: ServicePlannedData = {
    serviceId: 'library_main',
    at: '2025-01-01T08:00:00+02:00',
    name: { fi: 'Pääkirjasto' },
    needs: 'Kirjoja lähellä.',
    serviceArea: 'Kulttuuri',
    obligation: 'other',
    availability: 'centralized',
    productionMode: 'own',
    critical: false,
    targetGroups: ['Kansalaiset'],
    channels: ['phone'],
  }
  const inPtv = {
    id: ptvId,
    serviceNames: [
      { language: 'fi', value: 'Pääkirjasto', type: 'Name' },
      { language: 'fi', value: 'Kirjasto', type: 'AlternativeName' },
    ],
    serviceDescriptions: [{ language: 'fi', value: 'Tuo kortti.', type: 'UserInstruction' }],
    serviceClasses: [{ name: [{ language: 'fi', value: 'Kulttuuri' }], code: 'P1', uri: 'http://urn.fi/p1' }],
    targetGroups: [
      { name: [{ language: 'fi', value: 'Kansalaiset' }], code: 'KR1', uri: 'http://urn.fi/kr1' },
    ],
    areaType: 'LimitedType',
    areas: [{ type: 'Region', code: '02' }],
    generalDescriptionId: '33333333-4444-4555-8666-777777777777',
    serviceChannels: [{ serviceChannel: { id: '00000000-0000-4000-8000-000000000002' } }],
  }
  /** The board's review of the library on 1 June 2025, with no evidence. */
  const reviewed = (decision: 'continue' | 'retire', rationale: string): ServiceCommand => ({
    type: 'ReviewService',
    data: {
      serviceId: 'library_main',
      at: '2025-06-01T08:00:00+03:00',
      reviewer: 'Board',
      evidence: {},
      decision,
      rationale,
    },
  })
  const phoneChannel = { id: '00000000-0000-4000-8000-000000000002', serviceChannelType: 'Phone' }
  const exported = (
    changes: Partial<ServicePlannedData>,
    more: ServiceCommand[] = [],
    ptv: Record<string, unknown> = inPtv,
    ptvChannels: ReadonlyArray<Record<string, unknown>> = [phoneChannel],
  ) => {
    const commands: ServiceCommand[] = [
      { type: 'PlanService', data: { ...plan, ...changes } },
      { type: 'LinkService', data: { serviceId: 'library_main', at: plan.at, ptv: ptvId } },
      {
        type: 'LaunchService',
        data: {
          serviceId: 'library_main',
          at: plan.at,
          channels: (changes.channels ?? plan.channels) as ServiceChannel[],
        },
      },
      ...more,
    ]
    const { catalog, timelines } = catalogOf([commands])
    const snapshot = snapshotOf({ services: [ptv], channels: ptvChannels }).snapshot
    const [service] = exportCatalog(catalog, timelines, {
      organizationId: NAANTALI,
      municipalityCode: '529',
      snapshot,
    }).services
    expect(valid(service!.service)).toEqual([])
    return { ...service!, notExpressible: service!.losses.map((l) => `${l.kind} ${l.field}`) }
  }

  it('PTV’s own items are kept: alternative names, user instructions, class and target group codes, regional areas, the general description', () => {
    const { service, notExpressible } = exported({})
    expect(service.serviceNames).toContainEqual({
      language: 'fi',
      value: 'Kirjasto',
      type: 'AlternativeName',
    })
    expect(service.serviceDescriptions).toContainEqual({
      language: 'fi',
      value: 'Tuo kortti.',
      type: 'UserInstruction',
    })
    expect(service.serviceClasses).toEqual(inPtv.serviceClasses)
    expect(service.targetGroups).toEqual(inPtv.targetGroups)
    expect(service).toMatchObject({
      areaType: 'LimitedType',
      areas: inPtv.areas,
      generalDescriptionId: inPtv.generalDescriptionId,
      sourceId: 'library-main',
    })
    // "other" with a general description in PTV: the obligation is not PTV's to say.
    expect(notExpressible).toContain('not-expressible obligation')
  })

  it('a local service is limited to the city’s municipality', () =>
    expect(exported({ availability: 'local' }).service).toMatchObject({
      areaType: 'LimitedType',
      areas: [{ type: 'Municipality', municipalities: [{ code: '529' }] }],
    }))

  it('a name longer than PTV holds is cut at 100, and reported', () => {
    const { service, notExpressible } = exported({ name: { fi: 'N'.repeat(140) } })
    expect(service.serviceNames.find((n) => n.type === 'Name')!.value).toHaveLength(100)
    expect(notExpressible).toContain('text-shortened name.fi')
  })

  it('third sector is "Other", as grant-enabled is: reported', () => {
    const { service, notExpressible } = exported({ productionMode: 'third-sector', producer: 'Yhdistys ry' })
    expect(service.organizations[1]).toMatchObject({
      provisionType: 'Other',
      additionalInformation: [{ language: 'fi', value: 'Yhdistys ry' }],
    })
    expect(notExpressible).toContain('not-expressible productionMode')
    expect(service.organizations).toHaveLength(2)
    expect(
      exported({ productionMode: 'third-sector', producer: 'Yhdistys ry' }).losses.find(
        (l) => l.field === 'productionMode',
      )?.detail,
    ).toBe('third sector: PTV says "Other", as for grant-enabled')
  })

  it('a retired service is Deleted; its replacement and latest review are not expressible', () => {
    const { service, notExpressible } = exported({}, [
      reviewed('retire', 'Merged.'),
      {
        type: 'RetireService',
        data: {
          serviceId: 'library_main',
          at: '2025-07-01T08:00:00+03:00',
          reason: 'Merged',
          replacedBy: 'library-new',
        },
      },
    ])
    expect(service.publishingStatus).toBe('Deleted')
    expect(notExpressible).toEqual(
      expect.arrayContaining(['not-expressible replacedBy', 'not-expressible lastReview']),
    )
  })

  it('a channel kind PTV has no channel of for the service is reported, and none is invented', () => {
    const { service, losses } = exported({ channels: ['phone', 'web-page'] })
    expect(service.serviceChannels).toStrictEqual([
      { serviceChannel: { id: '00000000-0000-4000-8000-000000000002' } },
    ])
    expect(losses.filter((l) => l.field === 'channels').map((l) => l.detail)).toEqual([
      'web-page: no WebPage channel of the service in PTV to connect',
    ])
  })

  it('the city is responsible; a service it produces itself names it as the producer too', () => {
    expect(exported({}).service.organizations).toEqual([
      { roleType: 'Responsible', organization: { id: NAANTALI } },
      { roleType: 'Producer', provisionType: 'SelfProducedServices', organization: { id: NAANTALI } },
    ])
    expect(
      exported({ productionMode: 'purchased', producer: 'Kirjapalvelu Oy' }).service.organizations,
    ).toEqual([
      { roleType: 'Responsible', organization: { id: NAANTALI } },
      {
        roleType: 'Producer',
        provisionType: 'ProcuredServices',
        additionalInformation: [{ language: 'fi', value: 'Kirjapalvelu Oy' }],
      },
    ])
  })

  describe('the area', () => {
    const area = (availability: 'local' | 'centralized', ptv: Record<string, unknown>) => {
      const { areaType, areas } = exported({ availability }, [], { ...inPtv, ...ptv }).service
      return { areaType, areas }
    }
    const municipalities = [
      { type: 'Municipality', code: '529' },
      { type: 'Municipality', code: '202' },
    ]

    it('a local service keeps the municipalities PTV lists for it', () =>
      expect(area('local', { areaType: 'LimitedType', areas: municipalities })).toEqual({
        areaType: 'LimitedType',
        areas: municipalities,
      }))

    it('a local service that PTV limits to no area at all is limited to the city', () =>
      expect(area('local', { areaType: 'LimitedType', areas: [] })).toEqual({
        areaType: 'LimitedType',
        areas: [{ type: 'Municipality', municipalities: [{ code: '529' }] }],
      }))

    it('a local service that PTV limits to a region is limited to the city instead', () =>
      expect(
        area('local', {
          areaType: 'LimitedType',
          areas: [{ type: 'Region', code: '02' }, municipalities[0]],
        }),
      ).toEqual({
        areaType: 'LimitedType',
        areas: [{ type: 'Municipality', municipalities: [{ code: '529' }] }],
      }))

    it('a centralized service is nationwide, unless PTV limits it to a region', () => {
      for (const ptv of [
        { areaType: 'Nationwide', areas: [] },
        { areaType: 'LimitedType', areas: [] },
        { areaType: 'LimitedType', areas: municipalities },
        { areaType: 'Nationwide', areas: [{ type: 'Region', code: '02' }] },
        { areaType: 'LimitedType', areas: null },
      ])
        expect(area('centralized', ptv)).toEqual({ areaType: 'Nationwide', areas: [] })
    })
  })

  it('a PTV channel is connected with its Finnish name, where PTV gives one', () =>
    expect(
      exported({}, [], inPtv, [
        {
          ...phoneChannel,
          serviceChannelNames: [{ language: 'fi', value: 'Kirjaston puhelin', type: 'Name' }],
        },
      ]).service.serviceChannels,
    ).toEqual([{ serviceChannel: { id: phoneChannel.id, name: 'Kirjaston puhelin' } }]))

  it('a PTV connection without a channel id, or to a channel not in the snapshot, connects nothing', () =>
    expect(
      exported({}, [], {
        ...inPtv,
        serviceChannels: [{ serviceChannel: null }, { serviceChannel: { id: 'not-in-snapshot' } }],
      }).service.serviceChannels,
    ).toEqual([]))

  describe('the obligation', () => {
    const obligationLosses = (obligation: ServicePlannedData['obligation'], general: string | undefined) =>
      exported({ obligation }, [], { ...inPtv, generalDescriptionId: general ?? null })
        .losses.filter((l) => l.field === 'obligation')
        .map((l) => l.detail)

    it('organizing responsibility is shown by a general description: without one, a loss', () => {
      expect(obligationLosses('organizing-responsibility', inPtv.generalDescriptionId)).toEqual([])
      expect(obligationLosses('organizing-responsibility', undefined)).toEqual([
        'organizing responsibility: PTV shows it by a statutory general description, which the service has none of',
      ])
    })

    it('statutory authority or other with a general description in PTV: a loss; without one, none', () => {
      expect(obligationLosses('statutory-authority', inPtv.generalDescriptionId)).toEqual([
        'statutory-authority with a general description in PTV',
      ])
      expect(obligationLosses('other', inPtv.generalDescriptionId)).toEqual([
        'other with a general description in PTV',
      ])
      expect(obligationLosses('statutory-authority', undefined)).toEqual([])
      expect(obligationLosses('other', undefined)).toEqual([])
    })

    it('a general description is written only where PTV has one', () =>
      expect(exported({}, [], { ...inPtv, generalDescriptionId: null }).service).not.toHaveProperty(
        'generalDescriptionId',
      ))
  })

  it('a service class or target group PTV does not hold goes by its name, each reported', () => {
    const { service, losses } = exported(
      { serviceArea: 'Liikunta', targetGroups: ['Kansalaiset', 'Nuoret'] },
      [],
      {
        ...inPtv,
        serviceClasses: [{ name: [{ language: 'sv', value: 'Liikunta' }] }, ...inPtv.serviceClasses],
      },
    )
    expect(service.serviceClasses).toEqual([{ name: [{ language: 'fi', value: 'Liikunta' }] }])
    expect(service.targetGroups).toEqual([
      inPtv.targetGroups[0],
      { name: [{ language: 'fi', value: 'Nuoret' }] },
    ])
    expect(losses.filter((l) => l.field === 'serviceArea' || l.field === 'targetGroups')).toEqual([
      {
        recordId: 'library_main',
        kind: 'not-expressible',
        field: 'serviceArea',
        detail: '"Liikunta" has no PTV service class: PTV needs the class\'s URI',
      },
      {
        recordId: 'library_main',
        kind: 'not-expressible',
        field: 'targetGroups',
        detail: '"Nuoret" has no PTV target group: PTV needs its code',
      },
    ])
  })

  it('a target group PTV holds under its Swedish name is PTV’s own, and PTV’s nameless groups are passed by', () =>
    expect(
      exported({ targetGroups: ['Medborgare'] }, [], {
        ...inPtv,
        targetGroups: [{ code: 'KR0' }, { name: [{ language: 'sv', value: 'Medborgare' }], code: 'KR1' }],
      }).service.targetGroups,
    ).toEqual([{ name: [{ language: 'sv', value: 'Medborgare' }], code: 'KR1' }]))

  it('texts are cut at PTV’s limits and each cut is reported by its field; PTV’s own texts of null are dropped', () => {
    const { service, losses } = exported(
      {
        name: { fi: 'N'.repeat(100), sv: 'S'.repeat(101) },
        description: { fi: 'D'.repeat(151), sv: 'K'.repeat(150) },
        needs: 'T'.repeat(4000),
        productionMode: 'purchased',
        producer: 'P'.repeat(151),
      },
      [],
      {
        ...inPtv,
        serviceNames: [...inPtv.serviceNames, { language: 'en', value: null, type: 'AlternativeName' }],
        serviceDescriptions: [
          { language: 'sv', value: 'Bok.', type: 'Description' },
          { language: 'fi', value: 'Vanha.', type: 'Description' },
          { language: 'fi', value: 'Vanha tiivistelmä.', type: 'Summary' },
        ],
      },
    )
    expect(losses.filter((l) => l.kind === 'text-shortened')).toEqual([
      {
        recordId: 'library_main',
        kind: 'text-shortened',
        field: 'name.sv',
        detail: '101 characters, PTV holds 100',
      },
      {
        recordId: 'library_main',
        kind: 'text-shortened',
        field: 'description.fi',
        detail: '151 characters, PTV holds 150',
      },
      {
        recordId: 'library_main',
        kind: 'text-shortened',
        field: 'producer',
        detail: '151 characters, PTV holds 150',
      },
    ])
    expect(service.serviceNames.map((n) => `${n.type}/${n.language}/${n.value.length}`)).toEqual([
      'Name/fi/100',
      'Name/sv/100',
      'AlternativeName/fi/8',
    ])
    // The Swedish description is PTV's own and kept; the Finnish one and the summary are servicelife's.
    expect(service.serviceDescriptions.map((d) => `${d.type}/${d.language}/${d.value.length}`)).toEqual([
      'Summary/fi/150',
      'Summary/sv/150',
      'Description/fi/4000',
      'Description/sv/4',
    ])
  })

  it('a service running as planned loses only what PTV never holds: every loss, in its words', () =>
    expect(exported({}).losses).toEqual([
      {
        recordId: 'library_main',
        kind: 'not-expressible',
        field: 'obligation',
        detail: 'other with a general description in PTV',
      },
      {
        recordId: 'library_main',
        kind: 'not-expressible',
        field: 'lifecycle',
        detail: 'planned 2025-01-01, launched 2025-01-01',
      },
    ]))

  it('a chat channel has no PTV channel type: reported, and nothing connected for it', () => {
    const { service, losses } = exported({ channels: ['phone', 'chat'] })
    expect(service.serviceChannels).toHaveLength(1)
    expect(losses.filter((l) => l.field === 'channels').map((l) => l.detail)).toEqual([
      'chat: PTV has no channel type for it',
    ])
  })

  it('PTV’s first service class without a name is not the service area', () => {
    const { service, losses } = exported({}, [], { ...inPtv, serviceClasses: [{ code: 'P1' }] })
    expect(service.serviceClasses).toEqual([{ name: [{ language: 'fi', value: 'Kulttuuri' }] }])
    expect(losses.map((l) => l.field)).toContain('serviceArea')
  })

  it('a target group PTV names in two languages is PTV’s own by either name', () =>
    expect(
      exported({ targetGroups: ['Kansalaiset'] }, [], {
        ...inPtv,
        targetGroups: [
          {
            name: [
              { language: 'sv', value: 'Medborgare' },
              { language: 'fi', value: 'Kansalaiset' },
            ],
            code: 'KR1',
          },
        ],
      }).service.targetGroups,
    ).toEqual([
      {
        name: [
          { language: 'sv', value: 'Medborgare' },
          { language: 'fi', value: 'Kansalaiset' },
        ],
        code: 'KR1',
      },
    ]))

  it('what PTV has no field for is reported, each in its words', () => {
    const { losses } = exported({ critical: true }, [
      {
        type: 'DisruptService',
        data: {
          serviceId: 'library_main',
          at: '2025-03-01T08:00:00+02:00',
          reason: 'Flood',
          continuity: 'Branch',
        },
      },
      reviewed('continue', 'Used.'),
    ])
    const notExpressible = losses
      .filter((l) => l.kind === 'not-expressible')
      .map((l) => `${l.field}: ${l.detail}`)
    expect(notExpressible).toEqual([
      'obligation: other with a general description in PTV',
      'lifecycle: disrupted now: PTV has no state for it',
      'timeline: 1 disruption(s) in its history',
      'lastReview: review of 2025-06-01: continue',
      'critical: critical for the city (principle 6)',
      'lifecycle: planned 2025-01-01, launched 2025-01-01',
    ])
  })

  it('a retired service names its replacement; a service without a timeline has no disruptions to report', () => {
    const commands: ServiceCommand[] = [
      { type: 'PlanService', data: plan },
      { type: 'LaunchService', data: { serviceId: 'library_main', at: plan.at, channels: ['phone'] } },
      {
        type: 'RetireService',
        data: {
          serviceId: 'library_main',
          at: '2025-07-01T08:00:00+03:00',
          reason: 'Merged',
          replacedBy: 'library-new',
        },
      },
    ]
    const { catalog } = catalogOf([commands])
    const [service] = exportCatalog(
      catalog,
      {},
      { organizationId: NAANTALI, municipalityCode: '529' },
    ).services
    expect(service!.losses.filter((l) => l.field === 'replacedBy' || l.field === 'timeline')).toEqual([
      {
        recordId: 'library_main',
        kind: 'not-expressible',
        field: 'replacedBy',
        detail: 'replaced by library-new',
      },
    ])
    expect(service).not.toHaveProperty('ptvId')
  })

  it('planned and never launched, or internal support: skipped, each saying why', () => {
    const { catalog, timelines } = catalogOf([
      [{ type: 'PlanService', data: plan }],
      [{ type: 'PlanService', data: { ...plan, serviceId: 'payroll', obligation: 'internal-support' } }],
    ])
    expect(exportCatalog(catalog, timelines, { organizationId: NAANTALI, municipalityCode: '529' })).toEqual({
      services: [],
      skipped: [
        {
          recordId: 'library_main',
          kind: 'not-expressible',
          field: 'lifecycle',
          detail: 'planned, not launched: PTV gets it when it launches',
        },
        {
          recordId: 'payroll',
          kind: 'not-expressible',
          field: 'obligation',
          detail: 'internal support: not published to residents',
        },
      ],
    })
  })
})

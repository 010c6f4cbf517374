/**
 * Import of the 75 real PTV records (test/fixtures/ptv, see PROVENANCE.md): every service becomes
 * commands the deciders accept, every field with a value is either read or reported as a loss,
 * the count of each kind of loss is pinned, and bad records are reported, never thrown.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type ServiceCommand,
  ServiceCommand as ServiceCommandCodec,
  serviceDecider,
  type ServiceEvent,
  type ServiceState,
} from '@servicelife/domain'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { importPtv, lossesByKind, serviceIdOfPtv } from '../src/index.js'
import { shortened } from '../src/core/import.js'
import { readPtvFiles } from '../src/shell/ptv-files.js'

const FIXTURES = join(import.meta.dirname, 'fixtures', 'ptv')
const read = (dir: string): unknown[] =>
  readdirSync(join(FIXTURES, dir)).map(
    (f) => JSON.parse(readFileSync(join(FIXTURES, dir, f), 'utf8')) as unknown,
  )
const services = read('services')
const channels = read('servicechannels')
const AT = '2026-01-05T09:00:00+02:00'
// Made inside each test, not at collection: a mutant is active only while tests run.
const importReal = () => importPtv({ services, channels }, { at: AT })

/** Runs a service's commands through the decider: the events, or the first rule broken. */
const decideAll = (commands: ReadonlyArray<ServiceCommand>) => {
  let state: ServiceState = serviceDecider.initialState
  const events: ServiceEvent[] = []
  for (const command of commands) {
    const decided = serviceDecider.decide(command, state)
    if (E.isLeft(decided)) return E.left(`${command.type}: ${decided.left.code}`)
    for (const event of decided.right) {
      state = serviceDecider.evolve(state, event)
      events.push(event)
    }
  }
  return E.right({ state, events })
}

describe('importing the 75 real PTV records', () => {
  it('reads 30 services, 42 channels and 3 organizations from the directory as PTV gives it', () => {
    const files = readPtvFiles(FIXTURES)
    if (E.isLeft(files)) throw new Error(files.left.message)
    expect([
      files.right.services.length,
      files.right.channels.length,
      files.right.other,
      files.right.files,
    ]).toEqual([30, 42, 3, 75])
  })

  it('every service becomes commands that decode and that the service decider accepts', () => {
    const imported = importReal()
    expect(imported.services).toHaveLength(30)
    // Published in PTV without any channel: planned and linked, not launched (a reported default).
    const channelless = '610325e0-f485-4caa-bd3b-5bf74d5480c5'
    expect(imported.losses).toContainEqual(
      expect.objectContaining({ recordId: channelless, kind: 'defaulted', field: 'serviceChannels' }),
    )
    for (const service of imported.services) {
      for (const command of service.commands)
        expect(E.isRight(ServiceCommandCodec.decode(command)), JSON.stringify(command).slice(0, 200)).toBe(
          true,
        )
      const decided = decideAll(service.commands)
      expect(decided).toEqual(E.right(expect.anything()))
      if (E.isRight(decided)) {
        expect(decided.right.state.lifecycle).toBe(
          service.ptvId === channelless ? 'planned' : 'in-production',
        )
        expect(decided.right.state.ptv).toBe(service.ptvId)
      }
    }
  })

  it('keeps the PTV id: the service id is derived from it, and a link event carries it', () => {
    const imported = importReal()
    for (const service of imported.services) {
      expect(service.serviceId).toBe(serviceIdOfPtv(service.ptvId))
      expect(service.commands[1]).toEqual({
        type: 'LinkService',
        data: { serviceId: service.serviceId, at: AT, ptv: service.ptvId },
      })
    }
  })

  it('maps the vocabulary: production from provision types, obligation, availability from areas, channels by type', () => {
    const imported = importReal()
    const plans = imported.services.map(
      (s) => s.commands[0]!.data as Extract<ServiceCommand, { type: 'PlanService' }>['data'],
    )
    const count = <K extends keyof (typeof plans)[number]>(key: K) => {
      const c: Record<string, number> = {}
      for (const p of plans) c[String(p[key])] = (c[String(p[key])] ?? 0) + 1
      return c
    }
    expect(count('productionMode')).toEqual({ own: 29, 'grant-enabled': 1 })
    expect(count('obligation')).toEqual({ other: 18, 'organizing-responsibility': 12 })
    expect(count('availability')).toEqual({ local: 20, centralized: 10 })
    const kinds: Record<string, number> = {}
    for (const p of plans) for (const c of p.channels) kinds[c] = (kinds[c] ?? 0) + 1
    // Services by the kinds of channel they are offered on (a kind counted once per service).
    expect(kinds).toEqual({
      'e-service': 23,
      phone: 12,
      'printable-form': 2,
      'service-location': 5,
      'web-page': 9,
    })
  })

  it('reports what could not come across, by kind: the figures of the mapping report', () => {
    const imported = importReal()
    expect(lossesByKind(imported.losses)).toEqual({
      'alternative-name-dropped': 12,
      'channel-details-dropped': 29,
      defaulted: 50,
      'description-language-dropped': 14,
      'field-not-modelled': 243,
      'production-mode-ambiguous': 1,
      'service-class-dropped': 17,
      'target-group-code-dropped': 47,
    })
  })

  it('drops nothing silently: every top-level field with a value is read or reported for its record', () => {
    const imported = importReal()
    const read = new Set([
      'id',
      'type',
      'serviceNames',
      'serviceDescriptions',
      'generalDescriptionId',
      'areaType',
      'serviceClasses',
      'targetGroups',
      'organizations',
      'serviceVouchersInUse',
      'serviceChannels',
      'publishingStatus',
      'modified',
      'versionId',
    ])
    for (const raw of services as Array<Record<string, unknown>>) {
      const reported = new Set(
        imported.losses.filter((l) => l.recordId === raw.id).map((l) => l.field.split('.')[0]),
      )
      for (const [field, value] of Object.entries(raw)) {
        const empty = value === null || value === false || (Array.isArray(value) && value.length === 0)
        if (!empty && !read.has(field)) expect(reported.has(field), `${String(raw.id)}: ${field}`).toBe(true)
      }
    }
  })
})

describe('bad records are reported, never thrown', () => {
  it.each([
    ['not an object', 'a string', '?'],
    ['no id', { serviceNames: [] }, '?'],
    ['names of the wrong shape', { id: 'x1', serviceNames: 'Kirjasto' }, 'x1'],
  ])('%s: record-unreadable, no commands', (_, record, id) => {
    const result = importPtv({ services: [record], channels: [] }, { at: AT })
    expect(result.services).toEqual([])
    expect(result.losses).toEqual([expect.objectContaining({ recordId: id, kind: 'record-unreadable' })])
  })

  it('a channel of a type servicelife does not know, and a connection to a channel not given', () => {
    const [service] = services as Array<Record<string, unknown>>
    const result = importPtv(
      { services: [service], channels: [{ id: 'c-1', serviceChannelType: 'Hologram' }] },
      { at: AT },
    )
    expect(lossesByKind(result.losses)['channel-not-found']).toBeGreaterThanOrEqual(2)
    // Published, but with no channel it can be launched on: planned and linked only.
    expect(result.services[0]!.commands.map((c) => c.type)).toEqual(['PlanService', 'LinkService'])
  })

  it('a PTV id that is not a UUID is imported, and the link is refused by its codec', () => {
    const result = importPtv(
      {
        services: [{ id: 'not-a-uuid', serviceNames: [{ language: 'fi', value: 'Kirjasto', type: 'Name' }] }],
        channels: [],
      },
      { at: AT },
    )
    const link = result.services[0]!.commands[1]!
    expect(E.isLeft(ServiceCommandCodec.decode(link))).toBe(true)
  })
})

describe('each mapping rule, on a record made for it', () => {
  const id = '11111111-2222-4333-8444-555555555555'
  const base = {
    id,
    serviceNames: [{ language: 'fi', value: 'Kirjasto', type: 'Name' }],
    serviceDescriptions: [{ language: 'fi', value: 'Lainaa kirjoja.', type: 'Description' }],
    serviceClasses: [{ name: [{ language: 'fi', value: 'Kulttuuri' }], code: 'P1' }],
    areaType: 'LimitedType',
    areas: [{ type: 'Municipality' }],
    organizations: [{ roleType: 'Producer', provisionType: 'SelfProducedServices' }],
    serviceChannels: [{ serviceChannel: { id: 'ch-phone' } }],
    publishingStatus: 'Published',
  }
  const phone = { id: 'ch-phone', serviceChannelType: 'Phone' }
  const run = (changes: Record<string, unknown>) => {
    const result = importPtv({ services: [{ ...base, ...changes }], channels: [phone] }, { at: AT })
    const commands = result.services[0]!.commands
    return {
      plan: commands[0]!.data as Extract<ServiceCommand, { type: 'PlanService' }>['data'],
      types: commands.map((c) => c.type),
      losses: result.losses.filter((l) => l.field !== 'critical').map((l) => `${l.kind} ${l.field}`),
    }
  }

  it('a record with everything the model needs: own, local, other, launched; only the critical default', () => {
    const { plan, types, losses } = run({})
    expect(plan).toMatchObject({
      name: { fi: 'Kirjasto' },
      needs: 'Lainaa kirjoja.',
      serviceArea: 'Kulttuuri',
      obligation: 'other',
      availability: 'local',
      productionMode: 'own',
      channels: ['phone'],
    })
    expect(types).toEqual(['PlanService', 'LinkService', 'LaunchService'])
    expect(losses).toEqual([
      'defaulted type',
      'field-not-modelled areas',
      'channel-details-dropped serviceChannels',
    ])
  })

  it.each([
    ['Draft: planned and linked only', { publishingStatus: 'Draft' }, ['PlanService', 'LinkService']],
    [
      'Deleted: launched, then retired',
      { publishingStatus: 'Deleted' },
      ['PlanService', 'LinkService', 'LaunchService', 'RetireService'],
    ],
  ])('%s', (_, changes, types) => expect(run(changes).types).toEqual(types))

  it.each([
    [
      'PermitOrObligation is statutory authority',
      { type: 'PermitOrObligation' },
      'obligation',
      'statutory-authority',
    ],
    [
      'a general description is organizing responsibility',
      { generalDescriptionId: id },
      'obligation',
      'organizing-responsibility',
    ],
    ['nationwide is centralized', { areaType: 'Nationwide', areas: [] }, 'availability', 'centralized'],
    ['limited to a region is centralized', { areas: [{ type: 'Region' }] }, 'availability', 'centralized'],
    [
      'procured services are purchased',
      {
        organizations: [
          { roleType: 'Producer', provisionType: 'ProcuredServices', organization: { name: 'Yhtiö Oy' } },
        ],
      },
      'productionMode',
      'purchased',
    ],
  ])('%s', (_, changes, field, value) => expect(run(changes).plan[field as 'obligation']).toBe(value))

  it('a producer is named by its additional information, else by its organization', () => {
    const informed = run({
      organizations: [
        {
          roleType: 'Producer',
          provisionType: 'ProcuredServices',
          organization: { name: 'Yhtiö Oy' },
          additionalInformation: [{ language: 'fi', value: 'Siivous Oy' }],
        },
      ],
    })
    expect(informed.plan.producer).toBe('Siivous Oy')
    expect(
      run({
        organizations: [
          { roleType: 'Producer', provisionType: 'ProcuredServices', organization: { name: 'Yhtiö Oy' } },
        ],
      }).plan.producer,
    ).toBe('Yhtiö Oy')
    const unnamed = run({ organizations: [{ roleType: 'Producer', provisionType: 'ProcuredServices' }] })
    expect(unnamed.losses).toContain('defaulted organizations.producer')
  })

  it('two producers: the first is kept, the second reported', () =>
    expect(
      run({
        organizations: [
          { roleType: 'Producer', provisionType: 'SelfProducedServices' },
          { roleType: 'Producer', provisionType: 'ProcuredServices' },
        ],
      }).losses,
    ).toContain('producers-beyond-first organizations'))

  it('no producer, or a provision type PTV does not list: own, reported as a default', () => {
    expect(run({ organizations: [] }).losses).toContain('defaulted organizations')
    expect(
      run({ organizations: [{ roleType: 'Producer', provisionType: 'Barter' }] }).plan.productionMode,
    ).toBe('own')
  })

  it('service vouchers are reported: not a production mode', () =>
    expect(run({ serviceVouchersInUse: true }).losses).toContain(
      'vouchers-not-a-production-mode serviceVouchersInUse',
    ))

  it('an area type PTV does not list: centralized, reported as a default', () => {
    const { plan, losses } = run({ areaType: 'Galactic', areas: [] })
    expect(plan.availability).toBe('centralized')
    expect(losses).toContain('defaulted areaType')
  })

  it('texts longer than the model holds are cut, with an ellipsis, and reported', () => {
    const { plan, losses } = run({
      serviceNames: [{ language: 'fi', value: 'K'.repeat(600), type: 'Name' }],
      serviceDescriptions: [{ language: 'fi', value: 'D'.repeat(4100), type: 'Description' }],
    })
    expect(plan.name.fi).toHaveLength(500)
    expect(plan.name.fi.endsWith('…')).toBe(true)
    expect(plan.needs).toHaveLength(4000)
    expect(losses).toEqual(
      expect.arrayContaining([
        'text-shortened serviceNames.fi',
        'text-shortened serviceDescriptions.Description.fi',
      ]),
    )
  })

  it('no Finnish name: another language stands in; no name at all: the PTV id', () => {
    expect(run({ serviceNames: [{ language: 'sv', value: 'Bibliotek', type: 'Name' }] }).plan.name).toEqual({
      fi: 'Bibliotek',
      sv: 'Bibliotek',
    })
    const nameless = run({ serviceNames: [] })
    expect(nameless.plan.name).toEqual({ fi: id })
    expect(nameless.losses).toContain('defaulted serviceNames.fi')
  })

  it('no Finnish description: the summary, else the name, stands for the needs', () => {
    expect(
      run({ serviceDescriptions: [{ language: 'fi', value: 'Lyhyesti.', type: 'Summary' }] }).plan,
    ).toMatchObject({ needs: 'Lyhyesti.', description: { fi: 'Lyhyesti.' } })
    const bare = run({ serviceDescriptions: [] })
    expect(bare.plan.needs).toBe('Kirjasto')
    expect(bare.losses).toContain('defaulted serviceDescriptions.Description.fi')
  })

  it('no service class: the service area is "PTV", reported', () => {
    const { plan, losses } = run({ serviceClasses: [] })
    expect(plan.serviceArea).toBe('PTV')
    expect(losses).toContain('defaulted serviceClasses')
  })

  it('a name or summary in a language servicelife does not name services in is reported', () =>
    expect(
      run({ serviceNames: [...base.serviceNames, { language: 'se', value: 'Girjerájus', type: 'Name' }] })
        .losses,
    ).toContain('description-language-dropped serviceNames.se'))

  it('every loss of a record with much servicelife has no place for, each in its words', () => {
    const record = {
      ...base,
      requirements: [{ language: 'fi', value: 'Kirjastokortti.' }],
      modified: '2025-01-01T00:00:00Z',
      serviceNames: [
        { language: 'fi', value: 'Kirjasto', type: 'Name' },
        { language: 'se', value: 'Girjerádju', type: 'Name' },
        { language: 'fi', value: 'Pääkirjasto', type: 'AlternativeName' },
      ],
      serviceDescriptions: [
        { language: 'fi', value: 'Lainaa kirjoja.', type: 'Description' },
        { language: 'sv', value: 'Låna böcker.', type: 'Description' },
        { language: 'fi', value: 'Tuo kortti.', type: 'UserInstruction' },
        { language: 'fi', value: ' ', type: 'ServiceUserInstruction' },
      ],
      serviceClasses: [
        ...base.serviceClasses,
        { name: [{ language: 'fi', value: 'Liikunta' }], uri: 'http://urn.fi/p2' },
      ],
      targetGroups: [
        { name: [{ language: 'fi', value: 'Kansalaiset' }], code: 'KR1', uri: 'http://urn.fi/kr1' },
      ],
      legislation: [{ names: [] }],
      areas: [{ type: 'Municipality' }, { type: 'Municipality' }],
      organizations: [
        {
          roleType: 'Producer',
          provisionType: 'Other',
          additionalInformation: [{ language: 'fi', value: 'Kirjastoyhdistys ry' }],
        },
        { roleType: 'Producer', provisionType: 'SelfProducedServices' },
        { roleType: 'Responsible', organization: { id: 'city' } },
      ],
      serviceVouchersInUse: true,
      serviceChannels: [{ serviceChannel: { id: 'ch-phone' } }, { serviceChannel: { id: 'ch-gone' } }, {}],
    }
    const result = importPtv({ services: [record], channels: [phone] }, { at: AT })
    expect(result.services[0]!.commands[0]!.data).toMatchObject({
      productionMode: 'grant-enabled',
      producer: 'Kirjastoyhdistys ry',
      targetGroups: ['Kansalaiset'],
      serviceArea: 'Kulttuuri',
      availability: 'local',
    })
    expect(result.losses.map((l) => [l.kind, l.field, l.detail])).toEqual([
      ['field-not-modelled', 'requirements', 'no place for it in servicelife'],
      ['description-language-dropped', 'serviceNames.se', 'servicelife names services in fi, sv and en'],
      ['alternative-name-dropped', 'serviceNames.fi', 'Pääkirjasto'],
      ['description-language-dropped', 'serviceDescriptions.Description.sv', 'the needs are kept in Finnish'],
      ['field-not-modelled', 'serviceDescriptions.UserInstruction.fi', 'no place for it in servicelife'],
      ['service-class-dropped', 'serviceClasses', 'Liikunta (http://urn.fi/p2)'],
      ['target-group-code-dropped', 'targetGroups', 'KR1 http://urn.fi/kr1'],
      ['defaulted', 'type', 'no type without a general description: obligation "other"'],
      ['field-not-modelled', 'legislation', 'laws stay in PTV'],
      ['field-not-modelled', 'areas', '2 area(s): servicelife keeps local or centralized'],
      ['producers-beyond-first', 'organizations', '2 producers'],
      ['production-mode-ambiguous', 'organizations.provisionType', 'Other: third sector or grant-enabled'],
      ['vouchers-not-a-production-mode', 'serviceVouchersInUse', 'service vouchers stay in PTV'],
      ['channel-not-found', 'serviceChannels', 'channel ch-gone: no record of a known type'],
      ['channel-details-dropped', 'serviceChannels', '2 channel(s) kept as 1 kind(s)'],
      ['defaulted', 'critical', 'PTV does not say whether a service is critical: not critical'],
    ])
  })

  it('every default of a record that says almost nothing, each in its words', () => {
    const result = importPtv(
      {
        services: [
          {
            id,
            type: 'Service',
            areaType: 'Galactic',
            organizations: [{ roleType: 'Producer', provisionType: 'PurchaseServices' }],
            serviceChannels: [],
          },
        ],
        channels: [],
      },
      { at: AT },
    )
    expect(result.services[0]!.commands.map((c) => c.type)).toEqual(['PlanService', 'LinkService'])
    expect(result.services[0]!.commands[0]!.data).toMatchObject({
      name: { fi: id },
      needs: id,
      serviceArea: 'PTV',
      producer: 'producer named in PTV',
    })
    expect(result.losses.map((l) => [l.kind, l.field, l.detail])).toEqual([
      ['defaulted', 'serviceNames.fi', 'no name: the PTV id is the name'],
      [
        'defaulted',
        'serviceDescriptions.Description.fi',
        'no Finnish description: the name stands for the needs',
      ],
      ['defaulted', 'serviceClasses', 'no service class: the service area is "PTV"'],
      ['defaulted', 'type', 'Service without a general description: obligation "other"'],
      ['defaulted', 'areaType', 'Galactic: availability "centralized"'],
      ['defaulted', 'organizations.producer', 'no producer name in PTV'],
      ['defaulted', 'critical', 'PTV does not say whether a service is critical: not critical'],
      ['defaulted', 'serviceChannels', 'published without a known channel: left planned'],
    ])
  })

  it('a producer named by no text of PTV, and one with no provision type at all', () => {
    const named = (organization: Record<string, unknown>) =>
      importPtv(
        {
          services: [
            {
              ...base,
              organizations: [{ roleType: 'Producer', provisionType: 'ProcuredServices', ...organization }],
            },
          ],
          channels: [phone],
        },
        { at: AT },
      ).services[0]!.commands[0]!.data
    expect(named({ organization: { id: 'org-1', name: 'Kirjapalvelu Oy' } })).toMatchObject({
      producer: 'Kirjapalvelu Oy',
    })
    expect(named({ organization: { id: 'org-1' } })).toMatchObject({ producer: 'org-1' })
    expect(
      named({
        additionalInformation: [
          { language: 'sv', value: 'Bokservice' },
          { language: 'fi', value: '' },
        ],
        organization: { id: 'org-1' },
      }),
    ).toMatchObject({ producer: 'org-1' })
    const unstated = importPtv(
      { services: [{ ...base, organizations: [{ roleType: 'Producer' }] }], channels: [phone] },
      { at: AT },
    )
    expect(unstated.services[0]!.commands[0]!.data).toMatchObject({ productionMode: 'own' })
    expect(unstated.losses.filter((l) => l.field === 'organizations').map((l) => l.detail)).toEqual([
      'producer not given: production "own"',
    ])
  })

  /** The losses of one record made for the rule, as kind, field and detail. */
  const lossesOf = (record: Record<string, unknown>, channels: ReadonlyArray<unknown> = [phone]) =>
    importPtv({ services: [record], channels }, { at: AT })
      .losses.filter((l) => l.field !== 'critical')
      .map((l) => [l.kind, l.field, l.detail])
  const planOf = (record: Record<string, unknown>) =>
    importPtv({ services: [record], channels: [phone] }, { at: AT }).services[0]!.commands[0]!.data

  it('a field servicelife does not read is reported only when it holds a value', () => {
    const reported = lossesOf({
      ...base,
      absent: undefined,
      no: false,
      blank: '',
      none: null,
      empty: [],
      emptyParts: { a: null, b: [], c: { d: '' } },
      yes: true,
      zero: 0,
      list: [0],
      parts: { a: null, b: 'x' },
    })
      .filter(([kind]) => kind === 'field-not-modelled')
      .map(([, field]) => field)
    expect(reported).toEqual(['yes', 'zero', 'list', 'parts', 'areas'])
  })

  it('a text is cut at its limit with an ellipsis, without the spaces before the cut', () => {
    expect(shortened('abc', 3)).toBe('abc')
    expect(shortened('abcd', 3)).toBe('ab…')
    expect(shortened('a  bcd', 4)).toBe('a…')
    expect(shortened(' abcd', 3)).toBe(' a…')
  })

  it('a name of exactly 500 characters is kept whole; one of 501 is cut, and the cut says so', () => {
    expect(
      lossesOf({ ...base, serviceNames: [{ language: 'fi', value: 'K'.repeat(500), type: 'Name' }] }),
    ).not.toContainEqual(expect.arrayContaining(['text-shortened']))
    expect(
      lossesOf({ ...base, serviceNames: [{ language: 'fi', value: 'K'.repeat(501), type: 'Name' }] }),
    ).toContainEqual(['text-shortened', 'serviceNames.fi', '501 characters, kept 500'])
  })

  it('each text cut is reported by the field it came from', () => {
    const long = 'L'.repeat(501)
    const fields = lossesOf({
      ...base,
      serviceDescriptions: [...base.serviceDescriptions, { language: 'sv', value: long, type: 'Summary' }],
      serviceClasses: [{ name: [{ language: 'fi', value: long }] }],
      targetGroups: [{ name: [{ language: 'fi', value: long }] }],
      organizations: [
        {
          roleType: 'Producer',
          provisionType: 'ProcuredServices',
          additionalInformation: [{ language: 'fi', value: long }],
        },
      ],
    })
      .filter(([kind]) => kind === 'text-shortened')
      .map(([, field]) => field)
    expect(fields).toEqual([
      'serviceDescriptions.Summary.sv',
      'targetGroups',
      'organizations.producer',
      'serviceClasses',
    ])
  })

  it('no Finnish name: the Swedish one stands in, and the default says so', () => {
    const record = { ...base, serviceNames: [{ language: 'sv', value: 'Bibliotek', type: 'Name' }] }
    expect(planOf(record)).toMatchObject({ name: { fi: 'Bibliotek', sv: 'Bibliotek' } })
    expect(lossesOf(record)).toContainEqual([
      'defaulted',
      'serviceNames.fi',
      'no Finnish name: another language stands in',
    ])
  })

  it('no Finnish description: the Finnish summary, not another language’s, stands for the needs', () =>
    expect(
      planOf({
        ...base,
        serviceDescriptions: [
          { language: 'sv', value: 'Låna böcker.', type: 'Summary' },
          { language: 'fi', value: 'Lainaa kirjoja.', type: 'Summary' },
        ],
      }),
    ).toMatchObject({ needs: 'Lainaa kirjoja.', description: { fi: 'Lainaa kirjoja.', sv: 'Låna böcker.' } }))

  it('the service area is the first class’s Finnish name, else any name it has, else its code', () => {
    const areaOf = (serviceClasses: ReadonlyArray<unknown>) =>
      (planOf({ ...base, serviceClasses }) as { serviceArea: string }).serviceArea
    expect(
      areaOf([
        {
          name: [
            { language: 'sv', value: 'Kultur' },
            { language: 'fi', value: 'Kulttuuri' },
          ],
        },
      ]),
    ).toBe('Kulttuuri')
    expect(
      areaOf([
        {
          name: [
            { language: 'fi', value: null },
            { language: 'sv', value: 'Kultur' },
          ],
        },
      ]),
    ).toBe('Kultur')
    expect(areaOf([{ name: [{ language: 'sv', value: 'Kultur' }] }])).toBe('Kultur')
    expect(areaOf([{ name: null, code: 'P1' }])).toBe('P1')
    expect(areaOf([{ name: [{ language: 'fi', value: null }], code: 'P1' }])).toBe('P1')
    expect(areaOf([{ code: null }])).toBe('PTV')
  })

  it('a class dropped is named as well as PTV lets it be', () =>
    expect(
      lossesOf({
        ...base,
        serviceClasses: [...base.serviceClasses, {}, { name: null, uri: 'http://urn.fi/p3' }],
      }).filter(([kind]) => kind === 'service-class-dropped'),
    ).toEqual([
      ['service-class-dropped', 'serviceClasses', '? ()'],
      ['service-class-dropped', 'serviceClasses', '? (http://urn.fi/p3)'],
    ]))

  it('a target group by its Finnish name, else any; its code or URI reported, and a group with no name left out', () => {
    const record = {
      ...base,
      targetGroups: [
        {
          name: [
            { language: 'sv', value: 'Medborgare' },
            { language: 'fi', value: 'Kansalaiset' },
          ],
        },
        {
          name: [
            { language: 'fi', value: null },
            { language: 'sv', value: 'Företag' },
          ],
          code: 'KR2',
        },
        { name: null, uri: 'http://urn.fi/kr3' },
        { name: [] },
      ],
    }
    expect(planOf(record)).toMatchObject({ targetGroups: ['Kansalaiset', 'Företag'] })
    expect(lossesOf(record).filter(([kind]) => kind === 'target-group-code-dropped')).toEqual([
      ['target-group-code-dropped', 'targetGroups', 'KR2'],
      ['target-group-code-dropped', 'targetGroups', 'http://urn.fi/kr3'],
    ])
  })

  it('no area type: centralized, and the default says so; areas are reported only for a limited area', () => {
    expect(lossesOf({ ...base, areaType: undefined, areas: [] })).toContainEqual([
      'defaulted',
      'areaType',
      'none: availability "centralized"',
    ])
    const areaLosses = (record: Record<string, unknown>) =>
      lossesOf({ ...base, ...record }).filter(([, field]) => field === 'areas')
    expect(areaLosses({ areaType: 'Nationwide', areas: [{ type: 'Country' }] })).toEqual([])
    expect(areaLosses({ areaType: 'LimitedType', areas: [] })).toEqual([])
    expect(areaLosses({ areaType: 'LimitedType', areas: null })).toEqual([])
  })

  it('a provision type PTV does not list is reported as the default it gets', () =>
    expect(
      lossesOf({ ...base, organizations: [{ roleType: 'Producer', provisionType: 'Barter' }] }),
    ).toContainEqual(['defaulted', 'organizations', 'producer Barter: production "own"']))

  it('a service the city produces itself has no producer named', () =>
    expect(planOf(base)).not.toHaveProperty('producer'))

  it('deleted in PTV: retired at the import’s time, saying so', () =>
    expect(
      importPtv({ services: [{ ...base, publishingStatus: 'Deleted' }], channels: [phone] }, { at: AT })
        .services[0]!.commands[3],
    ).toEqual({
      type: 'RetireService',
      data: { serviceId: serviceIdOfPtv(id), at: AT, reason: 'Deleted in PTV' },
    }))

  it('channel records that do not decode, or of a type servicelife does not know, are reported by id', () => {
    const result = importPtv(
      {
        services: [],
        channels: [
          null,
          'Phone',
          { serviceChannelType: 'Phone' },
          { id: 'ch-x', serviceChannelType: 6, serviceChannelNames: [{ language: 1 }] },
          { id: 'ch-fax', serviceChannelType: 'Fax' },
        ],
      },
      { at: AT },
    )
    expect(result.losses.map((l) => [l.recordId, l.kind, l.field])).toEqual([
      ['?', 'record-unreadable', ''],
      ['?', 'record-unreadable', ''],
      ['?', 'record-unreadable', ''],
      ['ch-x', 'record-unreadable', ''],
      ['ch-fax', 'channel-not-found', 'serviceChannelType'],
    ])
    expect(result.losses[4]!.detail).toBe('Fax: not a channel type servicelife knows')
    expect(result.losses[3]!.detail).toContain('serviceChannelType')
    expect(result.losses[3]!.detail.split('; ')).toHaveLength(3)
  })

  it('service records that do not decode are reported by their id where they have one, with at most three problems', () => {
    const result = importPtv(
      {
        services: [
          null,
          'Kirjasto',
          { serviceNames: [] },
          { id: 7, type: 1, areaType: 2, serviceNames: 3, publishingStatus: 4 },
        ],
        channels: [],
      },
      { at: AT },
    )
    expect(result.services).toEqual([])
    expect(result.losses.map((l) => [l.recordId, l.kind, l.field])).toEqual([
      ['?', 'record-unreadable', ''],
      ['?', 'record-unreadable', ''],
      ['?', 'record-unreadable', ''],
      ['7', 'record-unreadable', ''],
    ])
    expect(result.losses[3]!.detail.split('; ')).toHaveLength(3)
  })
})

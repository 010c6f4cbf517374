/**
 * What to send to PTV: a linked service whose mapped fields changed is PUT with the fields named,
 * a closed channel kind disconnects PTV's channels of it, a service PTV has with unpublished edits
 * (Modified) is flagged before any PUT, and one that PTV has as servicelife does needs nothing.
 */
import { describe, expect, it } from 'vitest'
import { changesAgainst, type ExportedService, snapshotOf } from '../src/index.js'

const ptvId = '0739289c-cc26-4097-b029-fa9c58c8d4e9'
const phone = '14a9874a-8b9b-488a-aec5-5321dd36678f'
const web = '2481937a-5d4d-4643-a9b9-9877be5d4d3e'
const inPtv = {
  id: ptvId,
  type: 'Service',
  serviceNames: [{ language: 'fi', value: 'Rajankäynti', type: 'Name' }],
  serviceDescriptions: [{ language: 'fi', value: 'Rajan määrittäminen.', type: 'Description' }],
  areaType: 'LimitedType',
  targetGroups: [],
  organizations: [{ roleType: 'Producer', provisionType: 'SelfProducedServices' }],
  serviceChannels: [{ serviceChannel: { id: phone } }, { serviceChannel: { id: web } }],
  publishingStatus: 'Published',
}
const snapshot = (status = 'Published') =>
  snapshotOf({
    services: [{ ...inPtv, publishingStatus: status }],
    channels: [
      { id: phone, serviceChannelType: 'Phone' },
      { id: web, serviceChannelType: 'WebPage' },
    ],
  }).snapshot
const exported = (changes: Partial<ExportedService['service']> = {}): ExportedService => ({
  serviceId: 'boundaries',
  ptvId,
  losses: [],
  service: {
    id: ptvId,
    sourceId: 'boundaries',
    type: 'Service',
    fundingType: 'PubliclyFunded',
    serviceNames: [{ language: 'fi', value: 'Rajankäynti', type: 'Name' }],
    serviceDescriptions: [{ language: 'fi', value: 'Rajan määrittäminen.', type: 'Description' }],
    areaType: 'LimitedType',
    areas: [],
    serviceClasses: [],
    targetGroups: [],
    organizations: [{ roleType: 'Producer', provisionType: 'SelfProducedServices' }],
    serviceChannels: [{ serviceChannel: { id: phone } }, { serviceChannel: { id: web } }],
    publishingStatus: 'Published',
    ...changes,
  },
})

describe('changes against PTV', () => {
  it('PTV has it as servicelife does: nothing to send', () =>
    expect(changesAgainst(exported(), snapshot())).toEqual({
      serviceId: 'boundaries',
      ptvId,
      action: 'none',
      fields: [],
      connections: { add: [], remove: [] },
      warnings: [],
    }))

  it('a renamed service is PUT, naming the field', () => {
    const renamed = exported({
      serviceNames: [{ language: 'fi', value: 'Rajankäynti asemakaava-alueella', type: 'Name' }],
    })
    expect(changesAgainst(renamed, snapshot())).toMatchObject({ action: 'PUT', fields: ['serviceNames'] })
  })

  it('a retired service is PUT as Deleted', () =>
    expect(changesAgainst(exported({ publishingStatus: 'Deleted' }), snapshot())).toMatchObject({
      action: 'PUT',
      fields: ['publishingStatus'],
    }))

  it('a closed channel kind disconnects PTV’s channels of it', () =>
    expect(
      changesAgainst(exported({ serviceChannels: [{ serviceChannel: { id: web } }] }), snapshot())
        .connections,
    ).toEqual({
      add: [],
      remove: [phone],
    }))

  it('PTV holding unpublished edits (Modified) is flagged before a PUT', () =>
    expect(changesAgainst(exported(), snapshot('Modified')).warnings).toEqual([
      expect.stringContaining('Modified'),
    ]))

  it('a linked service missing from the snapshot sends every mapped field, with a warning', () => {
    const changes = changesAgainst(exported(), snapshotOf({ services: [], channels: [] }).snapshot)
    expect(changes.action).toBe('PUT')
    expect(changes.fields.length).toBeGreaterThan(5)
    expect(changes.warnings).toEqual([expect.stringContaining('not in the snapshot')])
  })

  it('a service PTV does not hold yet is POSTed whole, with all its channels to connect', () => {
    const { ptvId: _linked, ...unlinked } = exported()
    expect(changesAgainst(unlinked, snapshot())).not.toHaveProperty('ptvId')
    expect(changesAgainst(unlinked, snapshot())).toEqual({
      serviceId: 'boundaries',
      action: 'POST',
      fields: [],
      connections: { add: [phone, web], remove: [] },
      warnings: [],
    })
  })

  it('a linked service missing from the snapshot is PUT with every mapped field and all its channels', () =>
    expect(changesAgainst(exported(), snapshotOf({ services: [], channels: [] }).snapshot)).toEqual({
      serviceId: 'boundaries',
      ptvId,
      action: 'PUT',
      fields: [
        'serviceNames',
        'summary',
        'description',
        'type',
        'areaType',
        'targetGroups',
        'producer',
        'publishingStatus',
      ],
      connections: { add: [phone, web], remove: [] },
      warnings: [`PTV service ${ptvId} is not in the snapshot: every mapped field is sent`],
    }))

  it('a newly opened channel is connected, and the connections alone need no PUT of the service', () =>
    expect(
      changesAgainst(
        exported({
          serviceChannels: [{ serviceChannel: { id: phone } }, { serviceChannel: { id: 'chat-1' } }],
        }),
        snapshot(),
      ),
    ).toMatchObject({ action: 'none', fields: [], connections: { add: ['chat-1'], remove: [web] } }))

  it('a connection PTV lists without a channel id connects nothing', () => {
    const withBlank = snapshotOf({
      services: [{ ...inPtv, serviceChannels: [...inPtv.serviceChannels, { serviceChannel: null }, {}] }],
      channels: [],
    }).snapshot
    expect(changesAgainst(exported(), withBlank).connections).toEqual({ add: [], remove: [] })
  })

  describe('each mapped field, changed alone, is the one field named', () => {
    const cases: ReadonlyArray<[string, string, Partial<ExportedService['service']>]> = [
      [
        'serviceNames',
        'the Finnish name replaced by a Swedish one',
        { serviceNames: [{ language: 'sv', value: 'Rågång', type: 'Name' }] },
      ],
      [
        'summary',
        'a summary added',
        {
          serviceDescriptions: [
            ...inPtv.serviceDescriptions,
            { language: 'fi', value: 'Rajat selviksi.', type: 'Summary' },
          ],
        },
      ],
      [
        'description',
        'the Finnish description rewritten',
        { serviceDescriptions: [{ language: 'fi', value: 'Rajat.', type: 'Description' }] },
      ],
      ['type', 'a permit or obligation now', { type: 'PermitOrObligation' }],
      ['areaType', 'nationwide now', { areaType: 'Nationwide' }],
      [
        'targetGroups',
        'a target group added',
        { targetGroups: [{ name: [{ language: 'fi', value: 'Kansalaiset' }] }] },
      ],
      [
        'producer',
        'bought instead of produced',
        { organizations: [{ roleType: 'Producer', provisionType: 'PurchaseServices' }] },
      ],
      [
        'producer',
        'a note on the producer added',
        {
          organizations: [
            {
              roleType: 'Producer',
              provisionType: 'SelfProducedServices',
              additionalInformation: [{ language: 'fi', value: 'Maanmittauslaitos' }],
            },
          ],
        },
      ],
      ['publishingStatus', 'retired', { publishingStatus: 'Deleted' }],
    ]
    for (const [field, what, change] of cases)
      it(`${field}: ${what}`, () =>
        expect(changesAgainst(exported(change), snapshot())).toMatchObject({
          action: 'PUT',
          fields: [field],
        }))
  })

  it('a target group renamed in Finnish is a change of target groups', () => {
    const ptv = snapshotOf({
      services: [{ ...inPtv, targetGroups: [{ name: [{ language: 'fi', value: 'Kansalaiset' }] }] }],
      channels: [],
    }).snapshot
    const renamed = exported({
      targetGroups: [
        {
          name: [
            { language: 'sv', value: 'Medborgare' },
            { language: 'fi', value: 'Asukkaat' },
          ],
        },
      ],
    })
    expect(changesAgainst(renamed, ptv)).toMatchObject({ action: 'PUT', fields: ['targetGroups'] })
  })

  describe('what the mapping does not compare is no change', () => {
    const cases: ReadonlyArray<[string, Partial<ExportedService['service']>]> = [
      [
        'a name that is not of type Name',
        {
          serviceNames: [
            ...inPtv.serviceNames,
            { language: 'fi', value: 'Rajankäyntipalvelu', type: 'AlternativeName' },
          ],
        },
      ],
      [
        'a description in another language',
        {
          serviceDescriptions: [
            ...inPtv.serviceDescriptions,
            { language: 'sv', value: 'Fastställande av gräns.', type: 'Description' },
          ],
        },
      ],
      [
        'names in another order',
        {
          serviceNames: [{ language: 'sv', value: 'Rågång', type: 'Name' }, ...inPtv.serviceNames],
        },
      ],
      [
        'an organization that is not the producer',
        {
          organizations: [
            { roleType: 'Responsible', organization: { id: 'city' } },
            { roleType: 'Producer', provisionType: 'SelfProducedServices' },
          ],
        },
      ],
      [
        'a producer note in another language',
        {
          organizations: [
            {
              roleType: 'Producer',
              provisionType: 'SelfProducedServices',
              additionalInformation: [{ language: 'sv', value: 'Lantmäteriverket' }],
            },
          ],
        },
      ],
    ]
    const ptvWithSwedishName = snapshotOf({
      services: [
        {
          ...inPtv,
          serviceNames: [...inPtv.serviceNames, { language: 'sv', value: 'Rågång', type: 'Name' }],
        },
      ],
      channels: [],
    }).snapshot
    for (const [what, change] of cases)
      it(what, () =>
        expect(
          changesAgainst(
            exported(change),
            what === 'names in another order' ? ptvWithSwedishName : snapshot(),
          ),
        ).toMatchObject({ action: 'none', fields: [] }),
      )

    it('target groups in another order, or without a name at all', () => {
      const groups = [
        { name: [{ language: 'fi', value: 'Kansalaiset' }] },
        { name: [{ language: 'fi', value: 'Yritykset' }] },
      ]
      const ptv = (targetGroups: ReadonlyArray<unknown>) =>
        snapshotOf({ services: [{ ...inPtv, targetGroups }], channels: [] }).snapshot
      expect(changesAgainst(exported({ targetGroups: groups }), ptv([...groups].reverse()))).toMatchObject({
        action: 'none',
      })
      expect(changesAgainst(exported({ targetGroups: [{}] }), ptv([{ code: 'KR1' }]))).toMatchObject({
        action: 'none',
      })
    })

    it('no producer on either side, and no texts or target groups where PTV holds null', () => {
      const ptv = snapshotOf({
        services: [
          {
            ...inPtv,
            organizations: null,
            serviceNames: null,
            serviceDescriptions: null,
            targetGroups: null,
          },
        ],
        channels: [],
      }).snapshot
      expect(
        changesAgainst(exported({ organizations: [], serviceNames: [], serviceDescriptions: [] }), ptv),
      ).toMatchObject({ action: 'none', fields: [] })
    })

    it('a text PTV holds as null, and a target group without a Finnish name', () => {
      const ptv = snapshotOf({
        services: [
          {
            ...inPtv,
            serviceNames: [...inPtv.serviceNames, { language: 'en', value: null, type: 'Name' }],
            targetGroups: [{ name: [{ language: 'sv', value: 'Medborgare' }] }],
          },
        ],
        channels: [],
      }).snapshot
      expect(changesAgainst(exported({ targetGroups: [{ name: [] }] }), ptv)).toMatchObject({
        action: 'none',
        fields: [],
      })
    })
  })
})

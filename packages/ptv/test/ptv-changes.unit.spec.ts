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
})

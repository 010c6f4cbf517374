/**
 * A snapshot of PTV is read as PTV gives it: services by id, channels by id with their type and
 * Finnish name, and every record that does not decode left out and counted, never thrown.
 */
import { describe, expect, it } from 'vitest'
import { snapshotOf } from '../src/index.js'

const service = { id: 's1', serviceNames: [{ language: 'fi', value: 'Rajankäynti', type: 'Name' }] }

describe('a snapshot of PTV', () => {
  it('holds each service by its id, as decoded', () => {
    const { snapshot, unreadable } = snapshotOf({ services: [service, { id: 's2' }], channels: [] })
    expect(unreadable).toBe(0)
    expect([...snapshot.services.keys()]).toEqual(['s1', 's2'])
    expect(snapshot.services.get('s1')).toEqual(service)
  })

  it('holds each channel by its id with its type, named by its Finnish name', () => {
    const { snapshot } = snapshotOf({
      services: [],
      channels: [
        {
          id: 'c1',
          serviceChannelType: 'Phone',
          serviceChannelNames: [
            { language: 'sv', value: 'Kundtjänst', type: 'Name' },
            { language: 'fi', value: 'Neuvonta', type: 'AlternativeName' },
            { language: 'fi', value: 'Asiakaspalvelu', type: 'Name' },
          ],
        },
        {
          id: 'c2',
          serviceChannelType: 'WebPage',
          serviceChannelNames: [{ language: 'sv', value: 'Webb', type: 'Name' }],
        },
        {
          id: 'c3',
          serviceChannelType: 'EChannel',
          serviceChannelNames: [{ language: 'fi', value: null, type: 'Name' }],
        },
        { id: 'c4', serviceChannelType: 'PrintableForm', serviceChannelNames: null },
      ],
    })
    expect([...snapshot.channels]).toEqual([
      ['c1', { type: 'Phone', name: 'Asiakaspalvelu' }],
      ['c2', { type: 'WebPage' }],
      ['c3', { type: 'EChannel' }],
      ['c4', { type: 'PrintableForm' }],
    ])
  })

  it('leaves out and counts the records that do not decode, services and channels alike', () => {
    const { snapshot, unreadable } = snapshotOf({
      services: [service, { serviceNames: [] }, { id: 7 }, null],
      channels: [{ id: 'c1', serviceChannelType: 'Phone' }, { id: 'c2' }, 'Phone'],
    })
    expect(unreadable).toBe(5)
    expect([...snapshot.services.keys()]).toEqual(['s1'])
    expect([...snapshot.channels.keys()]).toEqual(['c1'])
  })
})

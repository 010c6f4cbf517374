/**
 * The vocabularies of servicelife and PTV side by side, each table read both ways: what goes out
 * comes back as itself, except where PTV has one word for two of servicelife's (third sector and
 * grant-enabled are both "Other") or none at all (chat and e-mail have no PTV channel type).
 */
import { Obligation, ProductionMode, ServiceChannel } from '@servicelife/domain'
import { describe, expect, it } from 'vitest'
import {
  availabilityOf,
  channelOfPtvType,
  lossesByKind,
  obligationOf,
  productionModeOfProvision,
  provisionOfProductionMode,
  ptvTypeOfChannel,
  serviceTypeOf,
} from '../src/index.js'

const channels = ServiceChannel.values
const modes = ProductionMode.values
const obligations = Obligation.values

describe('channel kinds', () => {
  it('a kind with a PTV channel type is read back as itself; chat and e-mail have none', () => {
    for (const channel of channels) {
      const type = ptvTypeOfChannel[channel]
      if (channel === 'chat' || channel === 'email') expect(type).toBeUndefined()
      else expect(channelOfPtvType[type!]).toBe(channel)
    }
  })

  it('every PTV channel type the table reads goes back out as itself', () => {
    for (const [type, channel] of Object.entries(channelOfPtvType))
      expect(ptvTypeOfChannel[channel]).toBe(type)
  })
})

describe('production modes and provision types', () => {
  it('a mode goes out as a provision type that reads back as itself, third sector as grant-enabled', () => {
    for (const mode of modes)
      expect(productionModeOfProvision[provisionOfProductionMode[mode]]).toBe(
        mode === 'third-sector' ? 'grant-enabled' : mode,
      )
  })

  it('the older provision names still in records are read as the current ones', () => {
    expect(productionModeOfProvision['SelfProduced']).toBe('own')
    expect(productionModeOfProvision['PurchaseServices']).toBe('purchased')
    expect(productionModeOfProvision['ServiceVouchers']).toBeUndefined()
  })
})

describe('obligation classes and service types', () => {
  it('a permit or obligation is statutory authority, whatever its general description', () => {
    expect(obligationOf('PermitOrObligation', 'general-1')).toEqual({
      obligation: 'statutory-authority',
      defaulted: false,
    })
    expect(obligationOf('PermitOrObligation', null)).toEqual({
      obligation: 'statutory-authority',
      defaulted: false,
    })
  })

  it('a service following a general description is the city’s organizing responsibility', () =>
    expect(obligationOf('Service', 'general-1')).toEqual({
      obligation: 'organizing-responsibility',
      defaulted: false,
    }))

  it('for the rest PTV says nothing: other, reported as a default', () => {
    for (const [type, general] of [
      ['Service', null],
      ['Service', ''],
      [undefined, undefined],
      ['ProfessionalQualifications', null],
    ] as const)
      expect(obligationOf(type, general)).toEqual({ obligation: 'other', defaulted: true })
  })

  it('only statutory authority goes out as a permit or obligation, and reads back as itself', () => {
    for (const obligation of obligations) {
      const type = serviceTypeOf(obligation)
      expect(type).toBe(obligation === 'statutory-authority' ? 'PermitOrObligation' : 'Service')
      if (type === 'PermitOrObligation') expect(obligationOf(type, null).obligation).toBe(obligation)
    }
  })
})

describe('availability from area types', () => {
  it.each([
    ['LimitedType', ['Municipality'], 'local'],
    ['LimitedType', ['Municipality', 'Municipality'], 'local'],
    ['LimitedType', ['Municipality', 'Region'], 'centralized'],
    ['LimitedType', ['Region'], 'centralized'],
    ['LimitedType', [], 'centralized'],
    ['Nationwide', [], 'centralized'],
    ['NationwideExceptAlandIslands', ['Municipality'], 'centralized'],
    ['Regional', ['Municipality'], undefined],
    [null, [], undefined],
    [undefined, ['Municipality'], undefined],
  ] as const)('%s over %j is %s', (areaType, areaTypes, availability) =>
    expect(availabilityOf(areaType, areaTypes)).toBe(availability),
  )
})

describe('losses by kind', () => {
  const loss = (kind: Parameters<typeof lossesByKind>[0][number]['kind']) => ({
    recordId: 'r',
    kind,
    field: 'f',
    detail: 'd',
  })

  it('counts each kind present, in the order of the kinds’ names, and no kind absent', () => {
    const counts = lossesByKind([
      loss('text-shortened'),
      loss('defaulted'),
      loss('text-shortened'),
      loss('channel-not-found'),
    ])
    expect(counts).toEqual({ 'channel-not-found': 1, defaulted: 1, 'text-shortened': 2 })
    expect(Object.keys(counts)).toEqual(['channel-not-found', 'defaulted', 'text-shortened'])
  })

  it('no losses, no kinds', () => expect(lossesByKind([])).toEqual({}))
})

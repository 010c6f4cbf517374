/**
 * The record as the monitors read it: a history gathered per service and per case, as of a
 * business time or a global position (both inclusive), each service's lifecycle and channels
 * following its events, and events of no service or case left out.
 */
import { readRecord } from '@servicelife/strategy'
import { describe, expect, it } from 'vitest'
import { event, onCase, onService, plan } from './written-history.js'

const T1 = '2024-01-01T10:00:00Z'
const T2 = '2024-01-02T10:00:00Z'
const T3 = '2024-01-03T10:00:00Z'

describe('a service in the record', () => {
  it('planned: its lifecycle is planned, with no channel and no review', () => {
    const s = readRecord([plan('s', T1)]).services.get('s')
    expect(s).toMatchObject({ serviceId: 's', lifecycle: 'planned', reviews: [] })
    expect([...s!.channels]).toEqual([])
  })

  it('launched on channels, one opened and one closed: the channels open now', () => {
    const s = readRecord([
      plan('s', T1),
      onService('s', 'ServiceLaunched', T1, { channels: ['phone', 'web-page'] }),
      onService('s', 'ServiceChannelOpened', T2, { channel: 'chat' }),
      onService('s', 'ServiceChannelClosed', T3, { channel: 'phone' }),
    ]).services.get('s')!
    expect(s.lifecycle).toBe('in-production')
    expect([...s.channels].sort()).toEqual(['chat', 'web-page'])
  })

  it('disrupted, then restored: in production again, with no disruption', () => {
    const disrupted = onService('s', 'ServiceDisrupted', T2)
    const history = [plan('s', T1), onService('s', 'ServiceLaunched', T1, { channels: ['phone'] }), disrupted]
    expect(readRecord(history).services.get('s')).toMatchObject({
      lifecycle: 'disrupted',
      disruption: disrupted,
    })
    const restored = readRecord([...history, onService('s', 'ServiceRestored', T3)]).services.get('s')!
    expect(restored.lifecycle).toBe('in-production')
    expect(restored.disruption).toBeUndefined()
  })

  it('an event of a service never planned is left out', () => {
    const record = readRecord([
      onService('ghost', 'ServiceLaunched', T1, { channels: ['phone'] }),
      onService('ghost', 'ServiceRetired', T2),
    ])
    expect([...record.services.keys()]).toEqual([])
  })
})

describe('a case in the record', () => {
  it('gathers its contacts, opening, answers, feedback and closing; other case events change none of them', () => {
    const contact = onCase('c', 'ContactReceived', T1)
    const opened = onCase('c', 'CaseOpened', T1)
    const answer = onCase('c', 'CaseAnswered', T2)
    const feedback = onCase('c', 'FeedbackGiven', T3)
    const closed = onCase('c', 'CaseClosed', T3)
    const c = readRecord([
      contact,
      opened,
      onCase('c', 'CaseReferred', T2),
      answer,
      onCase('c', 'ConsentGiven', T2),
      feedback,
      closed,
    ]).cases.get('c')
    expect(c).toEqual({
      caseId: 'c',
      contacts: [contact],
      answers: [answer],
      feedback: [feedback],
      opened,
      closed,
    })
    const open = readRecord([contact, opened, onCase('c', 'CaseReferred', T2)]).cases.get('c')!
    expect(open.closed).toBeUndefined()
  })

  it('an event of neither a service nor a case makes no case', () => {
    const record = readRecord([event('record-1', 'RecordMigrated', { at: T1 })])
    expect([...record.cases.keys()]).toEqual([])
  })
})

describe('the record as of a point', () => {
  const history = [
    onCase('a', 'ContactReceived', T1),
    onCase('b', 'ContactReceived', T2),
    onCase('c', 'ContactReceived', T3),
  ]

  it('as of a business time takes the events at that time, and it is now', () => {
    const record = readRecord(history, { at: T2 })
    expect([...record.cases.keys()]).toEqual(['a', 'b'])
    expect(record.now).toBe(Date.parse(T2))
  })

  it('as of a global position takes the event at that position; now is the latest time taken', () => {
    const record = readRecord(history, { position: history[1]!.position! })
    expect([...record.cases.keys()]).toEqual(['a', 'b'])
    expect(record.now).toBe(Date.parse(T2))
  })

  it('as of a position takes an event without one (a history not read from a store)', () => {
    const { position: _none, ...unplaced } = onCase('d', 'ContactReceived', T3)
    const record = readRecord([...history, unplaced], { position: history[0]!.position! })
    expect([...record.cases.keys()]).toEqual(['a', 'd'])
  })

  it('all of it: now is the latest business time', () => expect(readRecord(history).now).toBe(Date.parse(T3)))
})

/** Principle 3: contacts by channel and month (in the city's calendar), and the digital share. */
import {
  type CityCalendar,
  type ContactChannel,
  digitalContactChannels,
  helsinki,
  instant,
} from '@servicelife/domain'
import { Map as IMap } from 'immutable'
import { domainEventOf, type Projection, sumOfParts } from './projection.js'

/** Keys `<YYYY-MM>|<channel>`. */
export type ChannelMixState = IMap<string, number>

/** The channel mix with months read in a city's calendar. */
export const channelMixIn = (calendar: CityCalendar): Projection<ChannelMixState> => ({
  name: 'channelMix',
  version: 1,
  calendar: calendar.timeZone,
  initial: IMap(),
  apply(state, recorded) {
    const event = domainEventOf(recorded)
    if (event.type !== 'ContactReceived') return state
    const key = `${calendar.monthOf(instant(event.data.at))}|${event.data.channel}`
    return state.set(key, (state.get(key) ?? 0) + 1)
  },
  merge: (a, b) => sumOfParts(a, b, (x, y) => x + y),
})

/** The channel mix in Helsinki months. */
export const channelMix: Projection<ChannelMixState> = channelMixIn(helsinki)

/** Contacts by channel over some months: counts, their total and the share of digital channels. */
export interface ChannelMixRow {
  readonly channels: Partial<Record<ContactChannel, number>>
  readonly total: number
  /** Contacts on digital channels over all contacts; null when there were none. */
  readonly digitalShare: number | null
}

/** Contacts by channel, month by month (in the city's calendar) and over the whole record. */
export interface ChannelMixReport {
  readonly byMonth: ReadonlyArray<ChannelMixRow & { readonly month: string }>
  readonly total: ChannelMixRow
}

export const channelMixReport = (state: ChannelMixState): ChannelMixReport => {
  const months = new Map<string, Partial<Record<ContactChannel, number>>>()
  for (const [key, count] of state) {
    const [month, channel] = key.split('|') as [string, ContactChannel]
    months.set(month, { ...months.get(month), [channel]: count })
  }
  const row = (channels: Partial<Record<ContactChannel, number>>): ChannelMixRow => {
    const total = Object.values(channels).reduce((a, b) => a + b, 0)
    const digital = Object.entries(channels)
      .filter(([c]) => digitalContactChannels.has(c as ContactChannel))
      .reduce((a, [, n]) => a + n, 0)
    return { channels, total, digitalShare: total === 0 ? null : digital / total }
  }
  const all: Partial<Record<ContactChannel, number>> = {}
  for (const channels of months.values())
    for (const [c, n] of Object.entries(channels))
      all[c as ContactChannel] = (all[c as ContactChannel] ?? 0) + n
  return {
    byMonth: [...months.keys()].sort().map((month) => ({ month, ...row(months.get(month)!) })),
    total: row(all),
  }
}

/** Principle 3: contacts by channel and Helsinki month, and the digital share. */
import { type ContactChannel, digitalContactChannels, helsinkiMonth } from '@servicelife/domain'
import { Map as IMap } from 'immutable'
import { domainEventOf, type Projection, sumOfParts } from './projection.js'

/** Keys `<YYYY-MM>|<channel>`. */
export type ChannelMixState = IMap<string, number>

export const channelMix: Projection<ChannelMixState> = {
  name: 'channelMix',
  version: 1,
  initial: IMap(),
  apply(state, recorded) {
    const event = domainEventOf(recorded)
    if (event.type !== 'ContactReceived') return state
    const key = `${helsinkiMonth(event.data.at)}|${event.data.channel}`
    return state.set(key, (state.get(key) ?? 0) + 1)
  },
  merge: (a, b) => sumOfParts(a, b, (x, y) => x + y),
}

export const channelMixReport = (state: ChannelMixState) => {
  const months = new Map<string, Partial<Record<ContactChannel, number>>>()
  for (const [key, count] of state) {
    const [month, channel] = key.split('|') as [string, ContactChannel]
    months.set(month, { ...months.get(month), [channel]: count })
  }
  const row = (channels: Partial<Record<ContactChannel, number>>) => {
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

/** A snapshot of PTV as the export compares with it: the linked services and their channels, decoded. */
import * as E from 'fp-ts/lib/Either.js'
import type { PtvSnapshot } from './export.js'
import type { PtvRecords } from './import.js'
import { type PtvService, PtvService as PtvServiceCodec, PtvServiceChannel } from './ptv-records.js'

/** The snapshot of PTV records; records that do not decode are left out and counted. */
export const snapshotOf = (
  records: PtvRecords,
): { readonly snapshot: PtvSnapshot; readonly unreadable: number } => {
  const services = new Map<string, PtvService>()
  const channels = new Map<string, { readonly type: string; readonly name?: string }>()
  let unreadable = 0
  for (const raw of records.services) {
    const decoded = PtvServiceCodec.decode(raw)
    if (E.isLeft(decoded)) unreadable++
    else services.set(decoded.right.id, decoded.right)
  }
  for (const raw of records.channels) {
    const decoded = PtvServiceChannel.decode(raw)
    if (E.isLeft(decoded)) {
      unreadable++
      continue
    }
    const name = decoded.right.serviceChannelNames?.find(
      (n) => n.type === 'Name' && n.language === 'fi',
    )?.value
    channels.set(decoded.right.id, { type: decoded.right.serviceChannelType, ...(name ? { name } : {}) })
  }
  return { snapshot: { services, channels }, unreadable }
}

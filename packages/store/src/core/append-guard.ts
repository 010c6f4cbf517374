/**
 * The store's last guard: an event is appended only if it will read back as what was appended.
 * The command handler decodes every command and checks every decided event before it gets here;
 * this catches a caller that appends directly (plain JavaScript, a cast) with data JSON cannot
 * hold, or a domain event its codecs refuse, before a byte is written and the record is damaged
 * for good (its hash computed over a value that no longer reads back).
 */
import { currentVersion, domainSchema, isDomainEventType, readDomainEvent } from '@servicelife/domain'
import type { EventToAppend } from '../port/event-store.js'

/** What is wrong with an event to be appended, or undefined when it may be appended. */
export type AppendGuard = (event: EventToAppend) => string | undefined

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Where a value stops being plain JSON that reads back as itself (its path), or undefined. */
export const notJson = (value: unknown, path = 'data'): string | undefined => {
  switch (typeof value) {
    case 'string':
      return LONE_SURROGATE.test(value) ? `${path}: a string with a lone surrogate` : undefined
    case 'boolean':
      return undefined
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? undefined : `${path}: the number ${value}`
    case 'object': {
      if (value === null) return undefined
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const found = notJson(value[i], `${path}[${i}]`)
          if (found !== undefined) return found
        }
        return undefined
      }
      const prototype = Object.getPrototypeOf(value) as unknown
      if (prototype !== Object.prototype && prototype !== null) return `${path}: not a plain object`
      for (const [key, v] of Object.entries(value)) {
        if (LONE_SURROGATE.test(key)) return `${path}: a key with a lone surrogate`
        const found = notJson(v, `${path}.${key}`)
        if (found !== undefined) return found
      }
      return undefined
    }
    default:
      return `${path}: a ${typeof value}, which JSON does not hold`
  }
}

/**
 * JSON that reads back as itself, and for a domain event type, an event at a version this code
 * knows that reads back through the upcasters and codecs (an import appends old versions; new
 * events are written at the current one).
 */
export const domainAppendGuard: AppendGuard = (event) => {
  if (typeof event.type !== 'string' || event.type === '') return 'an event type must be a non-empty string'
  const json = notJson(event.data)
  if (json !== undefined) return json
  if (!isDomainEventType(event.type)) return undefined
  const version = event.schemaVersion ?? 1
  if (version > currentVersion(domainSchema, event.type))
    return `${event.type} version ${version} is newer than this servicelife knows`
  const read = readDomainEvent({ type: event.type, data: event.data, schemaVersion: version })
  return read._tag === 'Left' ? read.left.message : undefined
}

/** Appends `events` only if every one passes the guard: a refused event is a bug of the caller's. */
export const guardAppend = (
  guard: AppendGuard | undefined,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
): void => {
  if (guard === undefined) return
  for (const [i, event] of events.entries()) {
    const problem = guard(event)
    if (problem !== undefined)
      throw new TypeError(`refused to append event ${i} (${String(event.type)}) to ${streamId}: ${problem}`)
  }
}

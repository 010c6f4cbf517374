/**
 * A part's replay as it crosses between threads. Structured clone carries plain objects, arrays,
 * maps and typed arrays, but no class: immutable's maps and lists go as tagged entries and come
 * back as maps and lists. An object met twice is encoded once, so what the states share they
 * still share on the other side.
 */
import { List, Map as IMap } from 'immutable'
import { type Replay, type ReplayOptions, type ReplayStates, startReplay } from './city-report.js'

/** A part's replay without its projections (functions), which the receiving side has. */
export interface PartForTransfer {
  readonly states: unknown
  readonly events: number
  readonly position: number
  readonly latestAt: number
}

const MAP = '@servicelife/immutable-map'
const LIST = '@servicelife/immutable-list'

const isPlain = (v: object): boolean => {
  const prototype = Object.getPrototypeOf(v) as unknown
  return prototype === Object.prototype || prototype === null
}

/** `value` with immutable's maps and lists tagged; throws on a class it cannot carry (a bug). */
const encode = (value: unknown, seen: Map<object, unknown>): unknown => {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value
  const known = seen.get(value)
  if (known !== undefined) return known
  let encoded: unknown
  if (IMap.isMap(value))
    encoded = { [MAP]: [...value.entries()].map(([k, v]) => [encode(k, seen), encode(v, seen)]) }
  else if (List.isList(value)) encoded = { [LIST]: value.toArray().map((v) => encode(v, seen)) }
  else if (Array.isArray(value)) encoded = value.map((v) => encode(v, seen))
  else if (value instanceof Map)
    encoded = new Map([...value.entries()].map(([k, v]) => [encode(k, seen), encode(v, seen)]))
  else if (isPlain(value))
    encoded = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v, seen)]))
  else throw new TypeError(`a projection state holds a ${value.constructor.name}, which no thread can carry`)
  seen.set(value, encoded)
  return encoded
}

const decode = (value: unknown, seen: Map<object, unknown>): unknown => {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value
  const known = seen.get(value)
  if (known !== undefined) return known
  let decoded: unknown
  if (Array.isArray(value)) decoded = value.map((v) => decode(v, seen))
  else if (value instanceof Map)
    decoded = new Map([...value.entries()].map(([k, v]) => [decode(k, seen), decode(v, seen)]))
  else if (MAP in value)
    decoded = IMap(
      (value[MAP] as Array<[unknown, unknown]>).map(([k, v]) => [decode(k, seen), decode(v, seen)]),
    )
  else if (LIST in value) decoded = List((value[LIST] as unknown[]).map((v) => decode(v, seen)))
  else decoded = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v, seen)]))
  seen.set(value, decoded)
  return decoded
}

export const partForTransfer = (r: Replay): PartForTransfer => ({
  states: encode(r.states, new Map()),
  events: r.events,
  position: r.position,
  latestAt: r.latestAt,
})

/** The part back as a replay with the receiver's projections (`options`), to merge. */
export const partFromTransfer = (t: PartForTransfer, options: ReplayOptions): Replay => ({
  ...startReplay(options),
  states: decode(t.states, new Map()) as ReplayStates,
  events: t.events,
  position: t.position,
  latestAt: t.latestAt,
})

/**
 * Projection states to JSON and back, for checkpoints: persistent maps and lists are tagged, and
 * so are numbers JSON cannot hold (the -Infinity of "nothing seen yet").
 */
import { List, Map as IMap } from 'immutable'

export const encodeState = (value: unknown): unknown => {
  if (IMap.isMap(value))
    return { $map: [...(value as IMap<unknown, unknown>).entries()].map(([k, v]) => [k, encodeState(v)]) }
  if (List.isList(value)) return { $list: (value as List<unknown>).toArray().map(encodeState) }
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) }
  if (Array.isArray(value)) return value.map(encodeState)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeState(v)]))
  }
  return value
}

export const decodeState = (json: unknown): unknown => {
  if (Array.isArray(json)) return json.map(decodeState)
  if (json !== null && typeof json === 'object') {
    const o = json as Record<string, unknown>
    if (Array.isArray(o.$map))
      return IMap((o.$map as [unknown, unknown][]).map(([k, v]) => [k, decodeState(v)]))
    if (Array.isArray(o.$list)) return List((o.$list as unknown[]).map(decodeState))
    if (typeof o.$number === 'string') return Number(o.$number)
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeState(v)]))
  }
  return json
}

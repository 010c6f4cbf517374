/**
 * Projection states to JSON and back, for checkpoints: persistent maps and lists and case tables
 * are tagged, and so are numbers JSON cannot hold (the -Infinity of "nothing seen yet").
 */
import * as E from 'fp-ts/lib/Either.js'
import { List, Map as IMap } from 'immutable'
import { type CaseTableRow, caseTableOf, caseTableRows, isCaseTable } from '../core/storage/case-table.js'

/**
 * What in a state `encodeState` cannot write so that `decodeState` reads it back (a JavaScript
 * Map or Set, a class instance, a function), or undefined when all of it round-trips.
 */
export const unencodable = (value: unknown, path = 'state'): string | undefined => {
  if (value === null || typeof value !== 'object')
    return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint'
      ? `a ${typeof value} at ${path}`
      : undefined
  if (IMap.isMap(value) || List.isList(value)) {
    for (const [k, v] of (value as IMap<unknown, unknown>).entries()) {
      const found = unencodable(v, `${path}[${String(k)}]`)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (isCaseTable(value)) return undefined
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = unencodable(v, `${path}[${i}]`)
      if (found !== undefined) return found
    }
    return undefined
  }
  const prototype = Object.getPrototypeOf(value) as unknown
  if (prototype !== Object.prototype && prototype !== null)
    return `a ${(value as object).constructor?.name ?? 'class instance'} at ${path}`
  for (const [k, v] of Object.entries(value)) {
    const found = unencodable(v, `${path}.${k}`)
    if (found !== undefined) return found
  }
  return undefined
}

export const encodeState = (value: unknown): unknown => {
  if (IMap.isMap(value))
    return { $map: [...(value as IMap<unknown, unknown>).entries()].map(([k, v]) => [k, encodeState(v)]) }
  if (List.isList(value)) return { $list: (value as List<unknown>).toArray().map(encodeState) }
  if (isCaseTable(value)) return { $cases: { ...value.layout, rows: caseTableRows(value) } }
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) }
  if (Array.isArray(value)) return value.map(encodeState)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeState(v)]))
  }
  return value
}

const decoded = (json: unknown): unknown => {
  if (Array.isArray(json)) return json.map(decoded)
  if (json !== null && typeof json === 'object') {
    const o = json as Record<string, unknown>
    if (Array.isArray(o.$map)) return IMap((o.$map as [unknown, unknown][]).map(([k, v]) => [k, decoded(v)]))
    if (Array.isArray(o.$list)) return List((o.$list as unknown[]).map(decoded))
    if (typeof o.$number === 'string') return Number(o.$number)
    if (typeof o.$cases === 'object' && o.$cases !== null)
      return caseTable(o.$cases as Record<string, unknown>)
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decoded(v)]))
  }
  return json
}

const isWidth = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 64

const caseTable = ({ numbers, integers, rows }: Record<string, unknown>) => {
  const table =
    isWidth(numbers) && isWidth(integers) && Array.isArray(rows)
      ? caseTableOf({ numbers, integers }, rows as CaseTableRow[])
      : undefined
  if (table === undefined) throw new Unfit('a case table whose rows do not fit its layout')
  return table
}

class Unfit extends Error {}

/** A stored state back from JSON; Left names what does not fit, and the runner rebuilds from zero. */
export const decodeState = (json: unknown): E.Either<string, unknown> => {
  try {
    return E.right(decoded(json))
  } catch (error) {
    if (error instanceof Unfit) return E.left(error.message)
    throw error
  }
}

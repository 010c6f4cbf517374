/**
 * Projection states to JSON and back, for checkpoints: persistent maps and lists and case tables
 * are tagged, and so are numbers JSON cannot hold (the -Infinity of "nothing seen yet").
 */
import * as E from 'fp-ts/lib/Either.js'
import { List, Map as IMap } from 'immutable'
import { type CaseTableRow, caseTableOf, caseTableRows, isCaseTable } from '../core/case-table.js'

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

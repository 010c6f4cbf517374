/**
 * The case table: per-case rows off the JS heap, persistent like the maps it replaced. Each rule
 * is checked against a model of plain maps.
 */
import { test } from '@fast-check/vitest'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { caseTableForTest as ct, decodeStateForTest, encodeStateForTest } from './projections-under-test.js'

const layout = { numbers: 2, integers: 1 }

/** Ids as entities have them, with a few that are not ASCII so that bytes and characters differ. */
const caseId = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,20}$/),
  fc.constantFrom('ä', 'case-å', 'Ω-1', 'c1', 'c2'),
)

type Op =
  | { readonly kind: 'add'; readonly id: string; readonly label: string }
  | { readonly kind: 'set'; readonly id: string; readonly n: number; readonly i: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), id: caseId, label: caseId }),
  fc.record({
    kind: fc.constant('set' as const),
    id: caseId,
    n: fc.double({ noNaN: true }),
    i: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  }),
)

interface ModelRow {
  label: string
  numbers: number[]
  integer: number
}

/** The ops through one edit of `table`, and through the model (a Map from id to row facts). */
const run = (table: ct.CaseTable, model: Map<string, ModelRow>, ops: ReadonlyArray<Op>) => {
  const edit = ct.editCaseTable(table)
  const next = new Map([...model].map(([k, v]) => [k, { ...v, numbers: [...v.numbers] }]))
  for (const o of ops) {
    const row = edit.row(o.id)
    expect(row === -1).toBe(!next.has(o.id))
    if (o.kind === 'add') {
      if (row !== -1) continue
      const added = edit.add(o.id, o.label)
      // A new row's columns are zero until written.
      expect([edit.number(added, 0), edit.number(added, 1), edit.integer(added, 0)]).toEqual([0, 0, 0])
      next.set(o.id, { label: o.label, numbers: [0, 0], integer: 0 })
    } else if (row !== -1) {
      edit.setNumber(row, 1, o.n)
      edit.setInteger(row, 0, o.i)
      const m = next.get(o.id)!
      m.numbers[1] = o.n
      m.integer = o.i
    }
  }
  return { table: edit.done(), model: next }
}

/** The table read back through the query functions, as the model holds it. */
const contents = (table: ct.CaseTable) => {
  const rows = new Map<string, ModelRow>()
  for (let row = 0; row < table.size; row++)
    rows.set(ct.caseIdAt(table, row), {
      label: ct.labelAt(table, row),
      numbers: [ct.numberAt(table, row, 0), ct.numberAt(table, row, 1)],
      integer: ct.integerAt(table, row, 0),
    })
  return rows
}

const batches = fc.array(fc.array(op, { maxLength: 40 }), { maxLength: 6 })

describe('case table', () => {
  test.prop([batches])('holds exactly what a map of the same writes holds, found by id', (ops) => {
    let table = ct.emptyCaseTable(layout)
    let model = new Map<string, ModelRow>()
    for (const batch of ops) ({ table, model } = run(table, model, batch))
    expect(contents(table)).toEqual(model)
    for (const id of model.keys()) expect(ct.caseIdAt(table, ct.caseRow(table, id))).toBe(id)
    expect(ct.caseRow(table, 'never-added-id-with-a-long-name')).toBe(-1)
  })

  test.prop([batches, fc.array(op, { maxLength: 40 })])(
    'an edit never changes the table it was made from, nor any older table',
    (ops, last) => {
      let table = ct.emptyCaseTable(layout)
      let model = new Map<string, ModelRow>()
      const seen: Array<[ct.CaseTable, Map<string, ModelRow>]> = []
      for (const batch of [...ops, last]) {
        seen.push([table, model])
        ;({ table, model } = run(table, model, batch))
      }
      for (const [older, itsModel] of seen) expect(contents(older)).toEqual(itsModel)
    },
  )

  test.prop([batches, fc.array(op, { maxLength: 40 }), fc.array(op, { maxLength: 40 })])(
    'two edits of one table make two tables that never see each other’s rows or writes',
    (ops, left, right) => {
      let table = ct.emptyCaseTable(layout)
      let model = new Map<string, ModelRow>()
      for (const batch of ops) ({ table, model } = run(table, model, batch))
      const a = run(table, model, left)
      const b = run(table, model, right)
      // And the first again after the second: the fork copied its keys, it did not take the other's.
      const a2 = run(a.table, a.model, right)
      expect(contents(a.table)).toEqual(a.model)
      expect(contents(b.table)).toEqual(b.model)
      expect(contents(a2.table)).toEqual(a2.model)
      for (const id of b.model.keys()) if (!a.model.has(id)) expect(ct.caseRow(a.table, id)).toBe(-1)
    },
  )

  test.prop([batches])('its rows as plain values make the same table again', (ops) => {
    let table = ct.emptyCaseTable(layout)
    let model = new Map<string, ModelRow>()
    for (const batch of ops) ({ table, model } = run(table, model, batch))
    const again = ct.caseTableOf(layout, ct.caseTableRows(table))
    expect(again && ct.caseTableRows(again)).toEqual(ct.caseTableRows(table))
  })

  test.prop([batches, batches, fc.integer({ min: -5, max: 5 })])(
    'appending a table holds the rows of both, the appended ones rewritten as asked, and changes neither',
    (left, right, shift) => {
      let a = { table: ct.emptyCaseTable(layout), model: new Map<string, ModelRow>() }
      let b = { table: ct.emptyCaseTable(layout), model: new Map<string, ModelRow>() }
      for (const batch of left) a = run(a.table, a.model, batch)
      // The right part's ids are its own: no case in both.
      for (const batch of right)
        b = run(
          b.table,
          b.model,
          batch.map((o) => ({ ...o, id: `r-${o.id}` })),
        )
      const before = [ct.caseTableRows(a.table), ct.caseTableRows(b.table)]
      const edit = ct.editCaseTable(a.table)
      edit.append(b.table, (integers, at) => {
        integers[at] = integers[at]! + shift
      })
      const joined = edit.done()
      const shifted = [...b.model].map(
        ([id, row]) => [id, { ...row, integer: (row.integer + shift) | 0 }] as const,
      )
      expect(contents(joined)).toEqual(new Map([...a.model, ...shifted]))
      expect([...contents(joined).keys()]).toEqual([...a.model.keys(), ...b.model.keys()])
      for (const id of b.model.keys()) expect(ct.caseIdAt(joined, ct.caseRow(joined, id))).toBe(id)
      expect([ct.caseTableRows(a.table), ct.caseTableRows(b.table)]).toEqual(before)
      // b's cases are in the joined table too: appending it to b finds them twice.
      if (b.table.size > 0) {
        const again = ct.editCaseTable(b.table)
        expect(() => again.append(joined)).toThrow(/in both parts merged/)
      }
    },
  )

  it('a table of another layout is not appended', () => {
    const edit = ct.editCaseTable(ct.emptyCaseTable(layout))
    expect(() => edit.append(ct.emptyCaseTable({ numbers: 1, integers: 1 }))).toThrow(/two layouts/)
  })

  it('an edit that writes nothing returns the same table', () => {
    const table = ct.editCaseTable(ct.emptyCaseTable(layout))
    table.add('c1')
    const before = table.done()
    const edit = ct.editCaseTable(before)
    expect(edit.row('c2')).toBe(-1)
    expect(edit.done()).toBe(before)
  })

  it('grows past many pages of keys and chunks of rows, and every id is still found', () => {
    const edit = ct.editCaseTable(ct.emptyCaseTable(layout))
    for (let n = 0; n < 200_000; n++) edit.setInteger(edit.add(`case-${n}`, `contact-${n}-1`), 0, n)
    const table = edit.done()
    expect(table.size).toBe(200_000)
    for (const n of [0, 1, 255, 256, 65_535, 65_536, 199_999]) {
      const row = ct.caseRow(table, `case-${n}`)
      expect([ct.integerAt(table, row, 0), ct.labelAt(table, row)]).toEqual([n, `contact-${n}-1`])
    }
  })

  it('rows that do not fit the layout do not make a table', () => {
    expect(ct.caseTableOf(layout, [['c1', '', 1, 2]])).toBeUndefined()
    expect(ct.caseTableOf(layout, [['c1', '', 1, 'x', 3]])).toBeUndefined()
    expect(ct.caseTableOf(layout, [['c1', '', 1, null, 1.5]])).toBeUndefined()
    expect(
      ct.caseTableOf(layout, [
        ['c1', '', 1, 2, 3],
        ['c1', '', 1, 2, 3],
      ]),
    ).toBeUndefined()
    expect(ct.caseTableOf(layout, [['c1', '', 1, null, 3]])).toBeDefined()
    // Ids no edit could have stored: refused, not thrown, since checkpoints come from outside.
    expect(ct.caseTableOf(layout, [['x'.repeat(256), '', 1, 2, 3]])).toBeUndefined()
    expect(ct.caseTableOf(layout, [['c1', 'k'.repeat(256), 1, 2, 3]])).toBeUndefined()
  })

  it('an id longer than 255 bytes is refused as a bug: events reach projections decoded', () => {
    expect(() => ct.editCaseTable(ct.emptyCaseTable(layout)).add('x'.repeat(256))).toThrow(/255 bytes/)
  })

  it('asked for an id longer than any it can hold, a table answers that it has no such case', () => {
    const edit = ct.editCaseTable(ct.emptyCaseTable(layout))
    const row = edit.add('x'.repeat(255), 'k')
    expect(edit.row('x'.repeat(300))).toBe(-1)
    expect(edit.labelIs(row, 'k'.repeat(300))).toBe(false)
    expect(ct.caseRow(edit.done(), 'x'.repeat(300))).toBe(-1)
  })
})

/** An edit of a table holding one case. */
const held = () => {
  const edit = ct.editCaseTable(ct.emptyCaseTable(layout))
  edit.add('c1', 'contact-1')
  return edit
}

describe('case tables: bugs of a caller are named', () => {
  it('an edit written after done() throws: its table is already given out', () => {
    const edit = held()
    const table = edit.done()
    const after = new Error('a case table edit written after done()')
    expect(() => edit.add('c2')).toThrow(after)
    expect(() => edit.setNumber(0, 0, 1)).toThrow(after)
    expect(() => edit.setInteger(0, 0, 1)).toThrow(after)
    expect(() => edit.append(ct.emptyCaseTable(layout))).toThrow(after)
    expect(ct.caseTableRows(table)).toEqual([['c1', 'contact-1', 0, 0, 0]])
  })
  it('a case added twice throws, naming the case', () => {
    expect(() => held().add('c1')).toThrow(new Error('case c1 already has a row'))
  })
  it('a table whose integer columns differ is not appended either', () => {
    expect(() => held().append(ct.emptyCaseTable({ numbers: 2, integers: 2 }))).toThrow(
      new Error('case tables of two layouts cannot be joined'),
    )
  })
  it('an id longer than 255 bytes is named by its first 40 characters', () => {
    expect(() => ct.editCaseTable(ct.emptyCaseTable(layout)).add('x'.repeat(300))).toThrow(
      new Error(`a case table holds ids of up to 255 bytes: ${'x'.repeat(40)}...`),
    )
  })
})

describe('case tables: lookups and labels', () => {
  it('a row added without a label has the empty label', () => {
    const edit = ct.editCaseTable(ct.emptyCaseTable(layout))
    const row = edit.add('c1')
    expect(edit.labelIs(row, '')).toBe(true)
    expect(ct.labelAt(edit.done(), row)).toBe('')
  })
  it('an id that only begins a held id, or the empty id, is not found, at every size of the table', () => {
    const edit = ct.editCaseTable(ct.emptyCaseTable(layout))
    for (let n = 0; n < 3_000; n++) {
      edit.add(`case-${n}x`)
      expect([edit.row(''), edit.row('case-'), edit.row(`case-${n}`)]).toEqual([-1, -1, -1])
    }
    expect(edit.row('case-2999x')).toBe(2_999)
  })
  it('appending to an edit of an older table keeps that table’s rows and none of the newer one’s', () => {
    const older = held().done()
    const newer = ct.editCaseTable(older)
    newer.add('c2')
    newer.done()
    const other = ct.editCaseTable(ct.emptyCaseTable(layout))
    other.add('r1')
    const edit = ct.editCaseTable(older)
    edit.append(other.done())
    const joined = edit.done()
    expect(ct.caseTableRows(joined).map(([id]) => id)).toEqual(['c1', 'r1'])
    expect([ct.caseRow(joined, 'c1'), ct.caseRow(joined, 'c2'), ct.caseRow(joined, 'r1')]).toEqual([0, -1, 1])
  })
})

describe('case tables in checkpoints', () => {
  const roundTrip = (state: unknown) => {
    const decoded = decodeStateForTest(JSON.parse(JSON.stringify(encodeStateForTest(state))))
    if (E.isLeft(decoded)) throw new Error(decoded.left)
    return decoded.right
  }
  it('an empty table, and the nulls and absent fields beside it, decode to what was encoded', () => {
    const state = { cases: ct.emptyCaseTable(layout), closedAt: null, note: undefined }
    const again = roundTrip(state) as typeof state
    expect(ct.isCaseTable(again.cases)).toBe(true)
    expect(again.cases.layout).toEqual(layout)
    expect(ct.caseTableRows(again.cases)).toEqual([])
    expect(again.closedAt).toBeNull()
    expect('note' in again).toBe(false)
  })
  it('a number column not yet known is absent (null) in the checkpoint and NaN again when read', () => {
    const table = ct.caseTableOf(layout, [['c1', '', null, 2, 3]])!
    expect(ct.numberAt(table, 0, 0)).toBeNaN()
    expect(ct.caseTableRows(roundTrip(table) as ct.CaseTable)).toEqual([['c1', '', null, 2, 3]])
  })
  it('a row longer than its layout, or with an id or label that is not text, makes no table', () => {
    expect(ct.caseTableOf(layout, [['c1', '', 1, 2, 3, 4]])).toBeUndefined()
    // One-element arrays: as text they would be a valid id or label.
    expect(ct.caseTableOf(layout, [[['c1'] as unknown as string, '', 1, 2, 3]])).toBeUndefined()
    expect(ct.caseTableOf(layout, [['c1', ['k'] as unknown as string, 1, 2, 3]])).toBeUndefined()
  })

  it('a stored case table whose rows do not fit its layout decodes to a Left that says so', () => {
    const stored = { cases: { $cases: { numbers: 2, integers: 1, rows: [['c1', '', 1, 2]] } } }
    expect(decodeStateForTest(stored)).toEqual(E.left('a case table whose rows do not fit its layout'))
    expect(decodeStateForTest({ $cases: { numbers: -1, integers: 1, rows: [] } })).toEqual(
      E.left('a case table whose rows do not fit its layout'),
    )
  })
})

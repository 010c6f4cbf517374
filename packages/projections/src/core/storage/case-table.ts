/**
 * Per-case rows kept off the JS heap. Promise compliance and satisfaction keep a few facts about
 * every case of every year replayed: a million cases for five years of a city of 200,000. As
 * objects in a persistent map that cost about 580 bytes of heap a case (docs/performance.md);
 * here a row costs its id's bytes, a few integers of index and its columns.
 *
 * - Each case id is stored once as UTF-8 in a byte arena, with an optional second string of the
 *   row (its label: the first contact's id, for promise compliance), found through an
 *   open-addressing index of row numbers.
 * - A row's facts are columns of float64 numbers and int32 integers, in chunks of `CHUNK` rows.
 *
 * A table is persistent, like the maps it replaces: once returned it never changes, and an older
 * table stays valid after newer ones are made from it.
 * - An edit copies a chunk the first time it writes to it; chunks it did not touch are shared.
 * - The keys are append-only and shared by a table and the tables made from it; a table sees only
 *   its first `size` rows. Only an edit of the newest table appends in place; an edit of any
 *   other first copies the keys of its own rows, so two tables made from one never give one row
 *   number to two ids.
 */

/** Rows per chunk: an edit copies whole chunks, and a replay's batch touches few recent ones. */
const CHUNK = 256
const SHIFT = 8

export interface CaseTableLayout {
  /** float64 columns a row holds (NaN: absent). */
  readonly numbers: number
  /** int32 columns a row holds. */
  readonly integers: number
}

interface Chunk {
  readonly numbers: Float64Array
  readonly integers: Int32Array
}

/**
 * The shared, append-only keys of a family of tables. An entry is `[id bytes][label bytes][id]
 * [label]` in an arena page; pages start small and double up to 1 MiB, and a row's entry is
 * `page << 20 | offset`. Growing copies no bytes already stored: only the index is rebuilt, at
 * three quarters full.
 */
interface Keys {
  /** Rows appended. */
  length: number
  pages: Uint8Array[]
  /** Bytes used in the last page. */
  used: number
  /** Per row, its entry; rows in pages of 65,536 (the last page grows by doubling). */
  entries: Int32Array[]
  /** Open addressing, linear probing: row + 1, 0 for an empty slot; at most three quarters full. */
  slots: Int32Array
}

export interface CaseTable {
  readonly kind: 'case-table'
  readonly layout: CaseTableLayout
  /** Rows this table holds: rows 0 to size - 1. */
  readonly size: number
  /** @internal */
  readonly keys: Keys
  /** @internal */
  readonly chunks: ReadonlyArray<Chunk>
}

const PAGE_BITS = 20
const PAGE = 1 << PAGE_BITS
const ROW_PAGE_BITS = 16
const ROW_PAGE = 1 << ROW_PAGE_BITS
/** An id and a label of at most this many UTF-8 bytes: entity ids are 1-128 ASCII characters. */
const MAX_BYTES = 255

const newKeys = (): Keys => ({
  length: 0,
  pages: [new Uint8Array(256)],
  used: 0,
  entries: [new Int32Array(16)],
  slots: new Int32Array(32),
})

export const emptyCaseTable = (layout: CaseTableLayout): CaseTable => ({
  kind: 'case-table',
  layout,
  size: 0,
  keys: newKeys(),
  chunks: [],
})

const encoder = new TextEncoder()
const decoder = new TextDecoder()
/** Two scratch buffers: an id and, while it is added, its label. */
const scratch = new Uint8Array(4 * MAX_BYTES + 8)
const labelScratch = new Uint8Array(4 * MAX_BYTES + 8)

/** A string's UTF-8 bytes in a scratch buffer: their length, or -1 when over `MAX_BYTES`. */
const encode = (text: string, into = scratch): number => {
  const { read, written } = encoder.encodeInto(text, into)
  return read !== text.length || written > MAX_BYTES ? -1 : written
}

/** The same, for text to be stored: projections are fed decoded events, so a longer id is a bug. */
const encodeToStore = (text: string, into = scratch): number => {
  const written = encode(text, into)
  if (written === -1)
    throw new Error(`a case table holds ids of up to ${MAX_BYTES} bytes: ${text.slice(0, 40)}...`)
  return written
}

// FNV-1a: short ids, no allocation.
const hashOf = (bytes: Uint8Array, from: number, length: number): number => {
  let h = 0x811c9dc5
  for (let i = from; i < from + length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  return h
}

const entryOf = (keys: Keys, row: number): number =>
  keys.entries[row >>> ROW_PAGE_BITS]![row & (ROW_PAGE - 1)]!

/** Whether `length` bytes of a page from `at` are the bytes in `scratch`. */
const sameBytes = (page: Uint8Array, at: number, length: number): boolean => {
  for (let i = 0; i < length; i++) if (page[at + i] !== scratch[i]) return false
  return true
}

/** Where a row's column lies in its chunk's array of a type of which a row holds `width`. */
const cell = (row: number, width: number, column: number): number => (row & (CHUNK - 1)) * width + column

/** The row of the id whose bytes are in `scratch`, or -1; rows at or after `size` are absent. */
const find = (keys: Keys, size: number, length: number, hash: number): number => {
  const { slots, pages } = keys
  const mask = slots.length - 1
  for (let s = hash & mask; ; s = (s + 1) & mask) {
    const slot = slots[s]!
    if (slot === 0) return -1
    const entry = entryOf(keys, slot - 1)
    const page = pages[entry >>> PAGE_BITS]!
    const at = entry & (PAGE - 1)
    if (page[at] === length && sameBytes(page, at + 2, length)) return slot - 1 < size ? slot - 1 : -1
  }
}

/** The row of a case id among the first `size` rows of some keys, or -1. */
const rowIn = (keys: Keys, size: number, caseId: string): number => {
  const length = encode(caseId)
  return length === -1 ? -1 : find(keys, size, length, hashOf(scratch, 0, length))
}

const placeIn = (slots: Int32Array, hash: number, row: number): void => {
  const mask = slots.length - 1
  let s = hash & mask
  while (slots[s] !== 0) s = (s + 1) & mask
  slots[s] = row + 1
}

/** Appends an entry: the id's bytes in `scratch`, the label's in `labelScratch`. */
const append = (keys: Keys, idLength: number, labelLength: number, hash: number): number => {
  const bytes = 2 + idLength + labelLength
  let pageIndex = keys.pages.length - 1
  let page = keys.pages[pageIndex]!
  if (keys.used + bytes > page.length) {
    page = new Uint8Array(Math.min(PAGE, page.length * 2))
    keys.pages.push(page)
    pageIndex++
    keys.used = 0
  }
  const at = keys.used
  page[at] = idLength
  page[at + 1] = labelLength
  // Byte loops, not `set` of subarrays: ids are short, and a view per entry is garbage per entry.
  for (let i = 0; i < idLength; i++) page[at + 2 + i] = scratch[i]!
  for (let i = 0; i < labelLength; i++) page[at + 2 + idLength + i] = labelScratch[i]!
  keys.used += bytes
  const row = keys.length
  const rowPage = row >>> ROW_PAGE_BITS
  let entries = keys.entries[rowPage]
  if (entries === undefined) keys.entries.push((entries = new Int32Array(16)))
  else if ((row & (ROW_PAGE - 1)) === entries.length) {
    const grown = new Int32Array(entries.length * 2)
    grown.set(entries)
    keys.entries[rowPage] = entries = grown
  }
  entries[row & (ROW_PAGE - 1)] = (pageIndex << PAGE_BITS) | at
  keys.length = row + 1
  if (keys.length * 4 > keys.slots.length * 3) {
    const slots = new Int32Array(keys.slots.length * 2)
    for (let r = 0; r < row; r++) {
      const entry = entryOf(keys, r)
      const from = keys.pages[entry >>> PAGE_BITS]!
      const idAt = entry & (PAGE - 1)
      placeIn(slots, hashOf(from, idAt + 2, from[idAt]!), r)
    }
    keys.slots = slots
  }
  placeIn(keys.slots, hash, row)
  return row
}

const entryText = (table: CaseTable, row: number, label: boolean): string => {
  const entry = entryOf(table.keys, row)
  const page = table.keys.pages[entry >>> PAGE_BITS]!
  const at = entry & (PAGE - 1)
  const from = at + 2 + (label ? page[at]! : 0)
  return decoder.decode(page.subarray(from, from + page[at + (label ? 1 : 0)]!))
}

/** The row a table holds for a case id, or -1. */
export const caseRow = (table: CaseTable, caseId: string): number => rowIn(table.keys, table.size, caseId)

export const caseIdAt = (table: CaseTable, row: number): string => entryText(table, row, false)

export const labelAt = (table: CaseTable, row: number): string => entryText(table, row, true)

export const numberAt = (table: CaseTable, row: number, column: number): number =>
  table.chunks[row >> SHIFT]!.numbers[cell(row, table.layout.numbers, column)]!

export const integerAt = (table: CaseTable, row: number, column: number): number =>
  table.chunks[row >> SHIFT]!.integers[cell(row, table.layout.integers, column)]!

/** The label length `entryToScratch` read last. */
let labelLengthInScratch = 0

/**
 * A row's entry bytes as they are (no text decoded) into the scratch buffers `append` reads: the id
 * length, with the label's in `labelLengthInScratch`.
 */
const entryToScratch = (keys: Keys, row: number): number => {
  const entry = entryOf(keys, row)
  const page = keys.pages[entry >>> PAGE_BITS]!
  const at = entry & (PAGE - 1)
  const idLength = page[at]!
  labelLengthInScratch = page[at + 1]!
  for (let i = 0; i < idLength; i++) scratch[i] = page[at + 2 + i]!
  for (let i = 0; i < labelLengthInScratch; i++) labelScratch[i] = page[at + 2 + idLength + i]!
  return idLength
}

/** The keys of a table's own rows, copied: for an edit of a table that is not the newest. */
const forked = (table: CaseTable): Keys => {
  const keys = newKeys()
  for (let row = 0; row < table.size; row++) {
    const idLength = entryToScratch(table.keys, row)
    append(keys, idLength, labelLengthInScratch, hashOf(scratch, 0, idLength))
  }
  return keys
}

/** A chunk of rows in one buffer, zeroed, or a copy of one. */
const newChunk = (layout: CaseTableLayout, from?: Chunk): Chunk => {
  const split = CHUNK * layout.numbers * 8
  const buffer =
    from === undefined ? new ArrayBuffer(split + CHUNK * layout.integers * 4) : from.numbers.buffer.slice(0)
  return {
    numbers: new Float64Array(buffer, 0, CHUNK * layout.numbers),
    integers: new Int32Array(buffer, split, CHUNK * layout.integers),
  }
}

/**
 * A transient edit of a table: the batch of a projection's `applyAll` writes through it, and
 * `done` returns the new table (the same table when nothing was written). The table edited is
 * never changed; an edit is used by one fold and dropped.
 */
export interface CaseTableEdit {
  /** The row of a case id, or -1. */
  row(caseId: string): number
  /** Appends a row for a case id not held yet, its columns zero; returns its row. */
  add(caseId: string, label?: string): number
  /** Whether a row's label is the given text. */
  labelIs(row: number, text: string): boolean
  number(row: number, column: number): number
  integer(row: number, column: number): number
  setNumber(row: number, column: number, value: number): void
  setInteger(row: number, column: number, value: number): void
  /**
   * Appends every row of a table of the same layout, as it is stored (id and label bytes, columns),
   * to merge the tables of two parts of a record; `rewrite` may change each new row's integers in
   * place (the other part's codes into this one's): `integers[at + column]`. A case both tables
   * hold is a bug of the caller's partition, and throws.
   */
  append(from: CaseTable, rewrite?: (integers: Int32Array, at: number) => void): void
  /** The table made; the edit ends here, and writing through it afterwards is a bug. */
  done(): CaseTable
}

export const editCaseTable = (table: CaseTable): CaseTableEdit => {
  const { layout } = table
  let keys = table.keys
  let size = table.size
  const chunks = table.chunks.slice()
  // Chunks this edit made (copied or new): written in place from then on.
  const own = new Set<Chunk>()
  let changed = false
  let finished = false

  const writable = (row: number): Chunk => {
    if (finished) throw new Error('a case table edit written after done()')
    const i = row >> SHIFT
    const chunk = chunks[i]!
    if (own.has(chunk)) return chunk
    const copy = newChunk(layout, chunk)
    chunks[i] = copy
    own.add(copy)
    changed = true
    return copy
  }

  /** A new row for the entry in the scratch buffers, after the caller found no row for its id. */
  const appendRow = (idLength: number, labelLength: number, hash: number): number => {
    const row = append(keys, idLength, labelLength, hash)
    size = keys.length
    if ((row & (CHUNK - 1)) === 0) {
      const chunk = newChunk(layout)
      chunks.push(chunk)
      own.add(chunk)
    }
    changed = true
    return row
  }

  return {
    row: (caseId) => rowIn(keys, size, caseId),
    add(caseId, label = '') {
      if (finished) throw new Error('a case table edit written after done()')
      if (keys.length !== size) keys = forked({ ...table, keys, size })
      const labelLength = encodeToStore(label, labelScratch)
      const idLength = encodeToStore(caseId)
      const hash = hashOf(scratch, 0, idLength)
      if (find(keys, size, idLength, hash) !== -1) throw new Error(`case ${caseId} already has a row`)
      return appendRow(idLength, labelLength, hash)
    },
    labelIs(row, text) {
      const length = encode(text)
      const entry = entryOf(keys, row)
      const page = keys.pages[entry >>> PAGE_BITS]!
      const at = entry & (PAGE - 1)
      return page[at + 1] === length && sameBytes(page, at + 2 + page[at]!, length)
    },
    number: (row, column) => chunks[row >> SHIFT]!.numbers[cell(row, layout.numbers, column)]!,
    integer: (row, column) => chunks[row >> SHIFT]!.integers[cell(row, layout.integers, column)]!,
    setNumber(row, column, value) {
      writable(row).numbers[cell(row, layout.numbers, column)] = value
    },
    setInteger(row, column, value) {
      writable(row).integers[cell(row, layout.integers, column)] = value
    },
    append(from, rewrite) {
      if (finished) throw new Error('a case table edit written after done()')
      const { numbers: nw, integers: iw } = layout
      if (from.layout.numbers !== nw || from.layout.integers !== iw)
        throw new Error('case tables of two layouts cannot be joined')
      if (from.size > 0 && keys.length !== size) keys = forked({ ...table, keys, size })
      for (let r = 0; r < from.size; r++) {
        const idLength = entryToScratch(from.keys, r)
        const hash = hashOf(scratch, 0, idLength)
        if (find(keys, size, idLength, hash) !== -1)
          throw new Error(`case ${decoder.decode(scratch.subarray(0, idLength))} is in both parts merged`)
        const row = appendRow(idLength, labelLengthInScratch, hash)
        const target = writable(row)
        const source = from.chunks[r >> SHIFT]!
        const f = r & (CHUNK - 1)
        const t = row & (CHUNK - 1)
        for (let c = 0; c < nw; c++) target.numbers[t * nw + c] = source.numbers[f * nw + c]!
        for (let c = 0; c < iw; c++) target.integers[t * iw + c] = source.integers[f * iw + c]!
        rewrite?.(target.integers, t * iw)
      }
    },
    done() {
      finished = true
      return changed ? { kind: 'case-table', layout, size, keys, chunks } : table
    },
  }
}

export const isCaseTable = (value: unknown): value is CaseTable =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'case-table'

/** A row as plain values: id, label, its numbers (null: absent) and its integers. */
export type CaseTableRow = ReadonlyArray<string | number | null>

/** Every row of a table in row order, as plain values: what a checkpoint stores. */
export const caseTableRows = (table: CaseTable): CaseTableRow[] => {
  const rows: CaseTableRow[] = []
  for (let row = 0; row < table.size; row++) {
    const values: Array<string | number | null> = [caseIdAt(table, row), labelAt(table, row)]
    for (let c = 0; c < table.layout.numbers; c++) {
      const n = numberAt(table, row, c)
      values.push(Number.isNaN(n) ? null : n)
    }
    for (let c = 0; c < table.layout.integers; c++) values.push(integerAt(table, row, c))
    rows.push(values)
  }
  return rows
}

/** A table of rows given as `caseTableRows` gives them; undefined when a row does not fit the layout. */
export const caseTableOf = (
  layout: CaseTableLayout,
  rows: ReadonlyArray<CaseTableRow>,
): CaseTable | undefined => {
  const edit = editCaseTable(emptyCaseTable(layout))
  for (const values of rows) {
    const [id, label] = values
    if (values.length !== 2 + layout.numbers + layout.integers) return undefined
    if (typeof id !== 'string' || typeof label !== 'string') return undefined
    // An id or label longer than a table holds, or an id twice, is a table no edit made.
    if (encode(label) === -1 || encode(id) === -1 || edit.row(id) !== -1) return undefined
    const row = edit.add(id, label)
    for (let c = 0; c < layout.numbers; c++) {
      const n = values[2 + c]
      if (n !== null && typeof n !== 'number') return undefined
      edit.setNumber(row, c, n === null ? Number.NaN : n)
    }
    for (let c = 0; c < layout.integers; c++) {
      const n = values[2 + layout.numbers + c]
      if (typeof n !== 'number' || !Number.isInteger(n)) return undefined
      edit.setInteger(row, c, n)
    }
  }
  return edit.done()
}

/** Aligned text tables: columns as wide as their widest cell, numbers right-aligned. */
export type Cell = string | number | null | undefined

const NUMERIC = /^-?[\d.,]+( ?%)?$/

const show = (cell: Cell): string =>
  cell === null || cell === undefined ? '-' : typeof cell === 'number' ? formatNumber(cell) : cell

/** Integers as they are, fractions with two decimals. */
export const formatNumber = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2))

export const percent = (share: number | null | undefined): string =>
  share === null || share === undefined ? '-' : `${(100 * share).toFixed(1)} %`

export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<Cell>>): string => {
  const cells = [header.map(String), ...rows.map((r) => r.map(show))]
  const widths = header.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)))
  const line = (r: ReadonlyArray<string>, isHeader: boolean) =>
    r
      .map((c, i) => {
        const pad = widths[i]! - [...c].length
        return !isHeader && NUMERIC.test(c) ? ' '.repeat(pad) + c : c + ' '.repeat(pad)
      })
      .join('  ')
      .trimEnd()
  return [
    line(cells[0]!, true),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map((r) => line(r, false)),
  ].join('\n')
}

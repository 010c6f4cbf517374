/** HTML text for the audit report: escaping, and tables of cells. Pure: strings in, strings out. */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text made safe for an element's content or a quoted attribute: the record's names are data, never markup. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

/** A cell: text, or a number shown right-aligned; null and undefined show as a dash. */
export type HtmlCell = string | number | null | undefined

const cellText = (cell: HtmlCell): string =>
  cell === null || cell === undefined ? '–' : typeof cell === 'number' ? String(cell) : cell

const td = (cell: HtmlCell, scopeRow: boolean): string => {
  const text = escapeHtml(cellText(cell))
  if (scopeRow) return `<th scope="row">${text}</th>`
  return typeof cell === 'number' ? `<td class="n">${text}</td>` : `<td>${text}</td>`
}

/** A table with a header row; the first cell of each row heads its row. */
export const htmlTable = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<HtmlCell>>,
  caption?: string,
): string =>
  '<table>' +
  (caption === undefined ? '' : `<caption>${escapeHtml(caption)}</caption>`) +
  `<thead><tr>${header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
  `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => td(c, i === 0)).join('')}</tr>`).join('')}</tbody>` +
  '</table>'

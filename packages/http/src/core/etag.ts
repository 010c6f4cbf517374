/**
 * Entity tags: a stream's revision for its commands (`If-Match` is the revision a command was
 * decided on), a global position for what is read from projections (`If-None-Match` makes an
 * unchanged read cheap). Strong tags: equal tags mean equal bytes.
 */

export const etagOf = (n: number): string => `"${n}"`

/** `'no-stream'` is written as the tag `"-1"`: the revision of a stream with no events. */
export const revisionTag = (revision: number | undefined): string => etagOf(revision ?? -1)

export type IfMatch =
  | { readonly kind: 'absent' }
  | { readonly kind: 'any' }
  | { readonly kind: 'revision'; readonly revision: number | 'no-stream' }
  | { readonly kind: 'invalid'; readonly text: string }

const TAG = /^"(-1|0|[1-9]\d{0,15})"$/

/**
 * An `If-Match` header as a command's expected revision. Only one strong tag is meaningful here:
 * a list or a weak tag (`W/"3"`) is refused, not guessed at.
 */
export const parseIfMatch = (header: string | undefined): IfMatch => {
  if (header === undefined) return { kind: 'absent' }
  const value = header.trim()
  if (value === '*') return { kind: 'any' }
  const match = TAG.exec(value)
  if (match === null) return { kind: 'invalid', text: value }
  const n = Number(match[1])
  return { kind: 'revision', revision: n === -1 ? 'no-stream' : n }
}

/** True when `If-None-Match` names the current tag (or `*`): the client's copy is current. */
export const matchesNoneMatch = (header: string | undefined, current: string): boolean => {
  if (header === undefined) return false
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === current)
}

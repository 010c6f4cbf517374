/**
 * What a mapping between PTV and servicelife could not carry: each loss names the record, the
 * field and why, so that nothing is dropped silently. Import and export report in the same terms.
 */

/** Why a field did not come across. */
export type LossKind =
  /** The record does not decode as a PTV record: nothing of it was imported. */
  | 'record-unreadable'
  /** A field with a value that servicelife has no place for. */
  | 'field-not-modelled'
  /** An alternative name: servicelife keeps one name per language. */
  | 'alternative-name-dropped'
  /** A description in Swedish or English: the service's needs are kept in Finnish. */
  | 'description-language-dropped'
  /** A text longer than the other side holds, cut at its limit. */
  | 'text-shortened'
  /** A required fact PTV did not give, set to a documented default. */
  | 'defaulted'
  /** PTV's "Other" provision type: third sector or grant-enabled, read as grant-enabled. */
  | 'production-mode-ambiguous'
  /** More than one producer: the first one's provision type and name are kept. */
  | 'producers-beyond-first'
  /** Service vouchers: not a production mode of servicelife's model. */
  | 'vouchers-not-a-production-mode'
  /** Service classes after the first: the first is the service area. */
  | 'service-class-dropped'
  /** Target group codes and URIs: servicelife keeps the group's name. */
  | 'target-group-code-dropped'
  /** A channel's own record (names, addresses, hours): servicelife keeps the channel's kind. */
  | 'channel-details-dropped'
  /** A connection to a channel whose record was not given, or of a type servicelife does not know. */
  | 'channel-not-found'
  /** A fact of servicelife that PTV cannot hold (export). */
  | 'not-expressible'

export interface Loss {
  /** The PTV id (import) or the servicelife service id (export). */
  readonly recordId: string
  readonly kind: LossKind
  readonly field: string
  readonly detail: string
}

/** Losses counted by kind, every kind present: the figure a test pins. */
export const lossesByKind = (losses: ReadonlyArray<Loss>): Readonly<Record<string, number>> => {
  const counts: Record<string, number> = {}
  for (const loss of losses) counts[loss.kind] = (counts[loss.kind] ?? 0) + 1
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)))
}

/** Arbitraries of the boundary primitives: ids, text, names in three languages, business time. */
import type { LocalizedText } from '@servicelife/domain'
import fc from 'fast-check'
import { helsinkiIso } from '@servicelife/domain'

export const entityId: fc.Arbitrary<string> = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,15}$/)

/** Non-blank text with Finnish and Swedish letters. */
export const words = (maxLength = 60): fc.Arbitrary<string> =>
  fc.stringMatching(new RegExp(`^[A-Za-zÅÄÖåäö0-9][A-Za-zÅÄÖåäö0-9 .,?!-]{0,${maxLength - 1}}$`))

export const localizedText: fc.Arbitrary<LocalizedText> = fc.record(
  { fi: words(40), sv: words(40), en: words(40) },
  { requiredKeys: ['fi'] },
)

export const MIN_INSTANT = Date.UTC(2015, 0, 1)
export const MAX_INSTANT = Date.UTC(2030, 11, 31)

export const instantMs: fc.Arbitrary<number> = fc.integer({ min: MIN_INSTANT, max: MAX_INSTANT })

/** ISO-8601 instants in UTC (`Z`) or Helsinki wall time (`+02:00`/`+03:00`), as city systems send them. */
export const isoDateTime: fc.Arbitrary<string> = fc
  .tuple(instantMs, fc.boolean())
  .map(([ms, utc]) => (utc ? new Date(ms).toISOString() : helsinkiIso(ms)))

export const isoDate: fc.Arbitrary<string> = instantMs.map((ms) => new Date(ms).toISOString().slice(0, 10))

export const score: fc.Arbitrary<1 | 2 | 3 | 4 | 5> = fc.constantFrom(1, 2, 3, 4, 5)

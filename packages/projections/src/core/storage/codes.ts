/**
 * Small vocabularies a case table's integer columns refer to by number: services, channels,
 * months. A few hundred texts at most, so the persistent form is a plain array copied when a
 * text is added, once per edit.
 */
export type Codes = ReadonlyArray<string>

export const noCodes: Codes = []

/**
 * Each vocabulary's index of numbers by text, made once per array: the arrays never change, and
 * a projection applied event by event would otherwise index its vocabularies for every event.
 */
const indexes = new WeakMap<Codes, ReadonlyMap<string, number>>()

const indexOf = (codes: Codes): ReadonlyMap<string, number> => {
  let index = indexes.get(codes)
  if (index === undefined) {
    index = new Map(codes.map((text, code) => [text, code]))
    indexes.set(codes, index)
  }
  return index
}

export interface CodesEdit {
  /** The number of a text, added when new. */
  code(text: string): number
  /** The text of a number. */
  text(code: number): string
  /** The vocabulary as it is now; an edit may go on after it, and copies again when it adds. */
  done(): Codes
}

export const editCodes = (codes: Codes): CodesEdit => {
  let base = codes
  // The copy this edit adds to, with its index; made at the first text added.
  let added: { readonly texts: string[]; readonly index: Map<string, number> } | undefined
  return {
    code(text) {
      const known = (added?.index ?? indexOf(base)).get(text)
      if (known !== undefined) return known
      added ??= { texts: base.slice(), index: new Map(indexOf(base)) }
      added.texts.push(text)
      added.index.set(text, added.texts.length - 1)
      return added.texts.length - 1
    },
    text: (code) => (added?.texts ?? base)[code]!,
    done() {
      if (added !== undefined) {
        indexes.set(added.texts, added.index)
        base = added.texts
        added = undefined
      }
      return base
    },
  }
}

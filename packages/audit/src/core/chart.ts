/**
 * Charts as SVG text, drawn by Observable Plot into a document of their own (linkedom): no browser,
 * no script in the output, and the same options always give the same text.
 */
import * as Plot from '@observablehq/plot'
import { parseHTML } from 'linkedom'

/** A chart drawn: its SVG, and the legend of its colours when it has one. */
export interface DrawnChart {
  readonly svg: string
  readonly legend?: string
}

interface Element {
  readonly outerHTML: string
  setAttribute(name: string, value: string): void
}

/** Plot's chart as SVG text, an image with an accessible name; `legend` adds the colour legend. */
export const drawChart = (
  options: Omit<Plot.PlotOptions, 'document'>,
  accessible: { readonly title: string; readonly description: string },
  legend = false,
): DrawnChart => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>')
  const chart = Plot.plot({
    ...options,
    ariaLabel: accessible.title,
    ariaDescription: accessible.description,
    document: document as unknown as NonNullable<Plot.PlotOptions['document']>,
  })
  const svg = chart as unknown as Element
  svg.setAttribute('role', 'img')
  const swatches = legend ? (chart.legend('color') as unknown as Element | undefined) : undefined
  return swatches === undefined ? { svg: svg.outerHTML } : { svg: svg.outerHTML, legend: swatches.outerHTML }
}

/** Every `step`-th of a band's values: at most about a dozen tick labels, however many months. */
export const someTicks = <A>(values: ReadonlyArray<A>, most = 12): A[] => {
  const step = Math.max(1, Math.ceil(values.length / most))
  return values.filter((_, i) => i % step === 0)
}

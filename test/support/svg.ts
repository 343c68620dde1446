/** The d of every data path (curves, regions) in an SVG string: what a chart drew for its data. */
export const dataPaths = (svg: string) => [...svg.matchAll(/<path d="([^"]+)"[^>]*class="data/g)].map((m) => m[1]!);

/** The y axis' tick labels of a chart (right-aligned texts left of the plot), top to bottom. */
export const yTickLabels = (svg: string) => [...svg.matchAll(/<text [^>]*text-anchor="end"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

/** The x axis' tick labels of a chart (centred 11px texts: also marker labels, where there are any). */
export const xTickLabels = (svg: string) => [...svg.matchAll(/<text [^>]*text-anchor="middle" font-size="11"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

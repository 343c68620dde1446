/** The d of every data path (curves, regions) in an SVG string: what a chart drew for its data. */
export const dataPaths = (svg: string) => [...svg.matchAll(/<path d="([^"]+)"[^>]*class="data/g)].map((m) => m[1]!);

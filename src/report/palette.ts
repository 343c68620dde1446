/**
 * Okabe-Ito colours: distinguishable with the common colour-vision deficiencies, and printable. Train
 * is blue and dev is vermillion everywhere, so a reader learns it once.
 */
export const COLORS = {
  train: "#0072B2",
  dev: "#D55E00",
  full: "#009E73",
  regularization: "#CC79A7",
  marker: "#444",
  /** The best-epoch marker: a colour no series uses. */
  best: "#6A3D9A",
  grid: "#e6e6e6",
  axis: "#555",
  text: "#222",
} as const;

/** Series colours in order; they repeat past eight. */
export const SERIES = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

/** Class colours for decision boundaries: class 0 blue, class 1 vermillion (matching the binary scale), ... */
export const CLASS_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B", "#7F7F7F"];

export function seriesColor(i: number): string {
  return SERIES[i % SERIES.length]!;
}

export function classColor(i: number): string {
  return CLASS_COLORS[((i % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length]!;
}

import { type Dataset, generate, split, type SplitSizes, Standardization, type Tensor } from "../../src/index.js";
import type { Settings } from "./settings.js";

/** The data of one run, split, with the inputs as the first layer sees them. */
export interface PreparedData {
  train: Dataset;
  dev: Dataset;
  test: Dataset | null;
  sizes: SplitSizes;
  /** Fitted on the training split only (the notes' rule), or null with normalization off. */
  normalization: Standardization | null;
  /** Normalized inputs of train and dev (the raw ones when normalization is off). */
  trainX: Tensor;
  devX: Tensor;
  /** [xMin, xMax, yMin, yMax] of the raw inputs with a margin, for the boundary; null unless 2 features. */
  extent: [number, number, number, number] | null;
}

/** Bounding box of 2-feature inputs, 10% wider on each side so points do not sit on the edge. */
function extentOf(x: Tensor): [number, number, number, number] {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < x.rows; i++) {
    const a = x.data[2 * i]!;
    const b = x.data[2 * i + 1]!;
    x0 = Math.min(x0, a);
    x1 = Math.max(x1, a);
    y0 = Math.min(y0, b);
    y1 = Math.max(y1, b);
  }
  const padX = 0.1 * (x1 - x0 || 1);
  const padY = 0.1 * (y1 - y0 || 1);
  return [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
}

/**
 * Generates (or takes the dropped-in CSV), splits with the settings' ratios or the notes' "auto" rule,
 * and fits the normalization on the training split. One seed drives the generator and the split.
 */
export function prepareData(s: Settings, csv: Dataset | null): PreparedData {
  let data: Dataset;
  if (s.dataset === "csv") {
    if (!csv) throw new Error("no CSV loaded: drop a CSV file on the data panel (or choose it with the file button)");
    data = csv;
  } else {
    data = generate(s.dataset, { n: s.size, noise: s.noise, seed: s.seed });
  }
  if (data.x.rows < 10) throw new Error(`the data has ${data.x.rows} examples; the playground needs at least 10 to split`);
  // Shares typed as percentages may miss 100 by a rounding; the library wants fractions summing to 1.
  const total = s.split === "auto" ? 1 : s.split[0] + s.split[1] + s.split[2];
  const parts = split(data, s.split === "auto" ? "auto" : s.split.map((p) => p / total), { seed: s.seed });
  if (!parts.dev || parts.train.x.rows === 0) throw new Error("the split left no dev set: give the dev set a larger share");
  const normalization = s.normalize ? Standardization.fit(parts.train) : null;
  return {
    train: parts.train,
    dev: parts.dev,
    test: parts.test.x.rows > 0 ? parts.test : null,
    sizes: parts.sizes,
    normalization,
    trainX: normalization ? normalization.transform(parts.train.x) : parts.train.x,
    devX: normalization ? normalization.transform(parts.dev.x) : parts.dev.x,
    extent: data.x.cols === 2 ? extentOf(data.x) : null,
  };
}

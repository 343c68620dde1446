import type { Dataset, Experiment, SplitSizes, Standardization, Tensor } from "../../src/index.js";

/** The data of one run as the views read it: the experiment's split, with the inputs as the first layer sees them. */
export interface ViewData {
  train: Dataset;
  dev: Dataset;
  test: Dataset | null;
  sizes: SplitSizes;
  /** The experiment's, fitted on the training split only (the notes' rule), or null with normalization off. */
  normalization: Standardization | null;
  /** Normalized inputs of train and dev (the raw ones when normalization is off), for evaluations. */
  trainX: Tensor;
  devX: Tensor;
  /** [xMin, xMax, yMin, yMax] of the raw inputs with a margin, for the boundary; null unless 2 features. */
  extent: [number, number, number, number] | null;
}

/** Bounding box of 2-feature inputs, 10% wider on each side so points do not sit on the edge. */
export function extentOf(x: Tensor): [number, number, number, number] | null {
  if (x.cols !== 2) return null;
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
 * What the views need from a built experiment. The page draws its curves and verdict from the dev set,
 * so a spec whose split has none is refused here, in words.
 */
export function viewData(experiment: Experiment, extent: ViewData["extent"]): ViewData {
  const { train, dev, split } = experiment;
  if (!dev || train.x.rows === 0) throw new Error("the split left no dev set: the page draws its curves and verdict from the dev set, so give it a share");
  const normalization = experiment.model.normalization;
  return {
    train,
    dev,
    test: split.test.x.rows > 0 ? split.test : null,
    sizes: split.sizes,
    normalization,
    trainX: normalization ? normalization.transform(train.x) : train.x,
    devX: normalization ? normalization.transform(dev.x) : dev.x,
    extent,
  };
}

import type { BiasVarianceDiagnosis } from "../diagnose/bias-variance.js";
import type { Diagnosis } from "../diagnose/doctor/types.js";
import type { FlowFinding, FlowSnapshot } from "../diagnose/gradient-flow.js";
import type { Metrics } from "../metrics/index.js";
import type { EarlyStoppingRecord, StopRecord } from "../train/history.js";

/** Series of values against x: validation and learning curves, costs per epoch, a range test. */
export interface CurveChart {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Plot x on a log scale (e.g. lambda); a symmetric log, which keeps 0, when some x is 0. */
  logX?: boolean;
  /** The x of every series that has no `x` of its own. */
  x?: number[];
  /** Each series' own `x`, when given, lets series of different lengths share a chart (runs stopped early). */
  series: Array<{ name: string; values: number[]; x?: number[] }>;
  /**
   * The y axis covers at least this range, whatever the data: give charts meant to be compared side by
   * side the same one. The data's own extent is always included.
   */
  yDomain?: [number, number];
  /** What the report's caption says about reading it; default from `kind`, else none. */
  caption?: string;
  /** Vertical lines with a label (e.g. the suggested learning rate). */
  markers?: Array<{ x: number; label: string }>;
  /** Ticks on x at these values (default: the scale's own; on log x, the x values when there are at most 12). */
  xTicks?: number[];
  /** x counts whole steps (epochs): ticks at whole numbers within the x values only. Default: for kind "cost". */
  xIntegers?: boolean;
  /** The chart's height in px (default 340): a chart with many labelled markers needs room for their rows. */
  height?: number;
  /**
   * Chooses the default caption: a validation curve (a hyperparameter on x), a learning curve
   * (training-set size) or costs per epoch (train vs dev).
   */
  kind?: "validation" | "learning" | "cost";
}

/** A table, e.g. a sweep's trials sorted by dev error. */
export interface TableSection {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

/** The decision function of a 2-D classifier on a grid, with the examples on top. */
export interface DecisionBoundary {
  xRange: [number, number];
  yRange: [number, number];
  /** Grid points per side. */
  resolution: number;
  /**
   * resolution * resolution values, row-major, row 0 at yRange[0]: P(class 1) for a binary model, or
   * the predicted class index for several classes. The ranges' ends are sample points: value
   * [r * resolution + c] is the model at (xRange[0] + c * dx, yRange[0] + r * dy) with
   * dx = (xRange[1] - xRange[0]) / (resolution - 1), likewise dy (what decisionBoundaryGrid makes).
   */
  values: number[];
  classes: number;
  featureNames: [string, string];
  /** Which model the plane shows, when the report is about several (said in the figure's title). */
  model?: string;
  /** Names of the classes for the legend (e.g. ["blue team", "red team"]); default "class 0", ... */
  classNames?: string[];
  points: Array<{ x: number; y: number; label: number; set: "train" | "dev" }>;
}

/** Examples of image data the model got wrong, shown as the images themselves (most confidently wrong first). */
export interface MisclassifiedImages {
  set: string;
  height: number;
  width: number;
  /** 1 (grey) or 3 (RGB). */
  channels: number;
  /** How many of the set's examples were misclassified, of how many. */
  wrong: number;
  examples: number;
  shown: Array<{ pixels: number[]; label: string; predicted: string; confidence: number; row: number }>;
}

/** Everything a run's HTML report shows; every part but the title is optional. */
export interface RunReport {
  title: string;
  /** ISO time the run finished. */
  createdAt?: string;
  /** Key facts shown at the top (data, architecture, regularization, final costs, ...). */
  facts?: Array<[string, string]>;
  /** The experiment spec, shown as JSON. */
  spec?: unknown;
  /** Per-epoch values (History.values): loss, dataLoss, regularizationLoss, valLoss, fullLoss, accuracy, ... */
  history?: { epochs: number[]; values: Record<string, number[]> };
  stop?: StopRecord;
  earlyStopping?: EarlyStoppingRecord | null;
  biasVariance?: BiasVarianceDiagnosis;
  /** The doctor's causes, ranked; shown first, with the bias/variance figures under it. */
  diagnosis?: Diagnosis;
  flow?: FlowSnapshot[];
  findings?: FlowFinding[];
  boundary?: DecisionBoundary;
  curves?: CurveChart[];
  /**
   * The model's metrics on each set ("train", "dev", "test"): per class (confusion matrix, precision,
   * recall, F1, support, averages) or MSE, MAE and R^2. The last set's confusion matrix is drawn.
   */
  metrics?: Array<{ set: string; metrics: Metrics }>;
  /** For image data: a few misclassified examples of the last evaluated set. */
  misclassified?: MisclassifiedImages;
  tables?: TableSection[];
  /** Free sentences (warnings, notes). */
  notes?: string[];
}

import type { BiasVarianceDiagnosis } from "../diagnose/bias-variance.js";
import type { Diagnosis } from "../diagnose/doctor/types.js";
import type { FlowFinding, FlowSnapshot } from "../diagnose/gradient-flow.js";
import type { EarlyStoppingRecord, StopRecord } from "../train/history.js";

/** A curve of values against x, for validation and learning curves. */
export interface CurveChart {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Plot x on a log scale (e.g. lambda). */
  logX?: boolean;
  x: number[];
  series: Array<{ name: string; values: number[] }>;
  /** What the report's caption says about reading it; default from `kind`, else a general sentence. */
  caption?: string;
  /** Vertical lines with a label (e.g. the suggested learning rate). */
  markers?: Array<{ x: number; label: string }>;
  /** Chooses the default caption: a validation curve (a hyperparameter on x) or a learning curve (training-set size). */
  kind?: "validation" | "learning";
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
  /** Names of the classes for the legend (e.g. ["blue team", "red team"]); default "class 0", ... */
  classNames?: string[];
  points: Array<{ x: number; y: number; label: number; set: "train" | "dev" }>;
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
  tables?: TableSection[];
  /** Free sentences (warnings, notes). */
  notes?: string[];
}

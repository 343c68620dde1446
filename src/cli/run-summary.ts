import type { ExperimentResult } from "../index.js";
import type { KernelPath } from "../node/native.js";

/** The commands whose runs keep a summary.json (a trained model with its evaluation). */
export type TrainedRunKind = "train" | "doctor" | "demo";

/** What `nnlab runs` and `nnlab diagnose` read back: the facts of a finished run. */
export interface RunSummary {
  id: string;
  /** The command that made it; absent in runs saved before nnlab recorded it. */
  kind?: TrainedRunKind;
  name: string;
  createdAt: string;
  dataSource: string;
  model: string;
  epochsTrained: number;
  stop: ExperimentResult["history"]["stop"];
  earlyStopping: ExperimentResult["history"]["earlyStopping"];
  interrupted: boolean;
  train: ExperimentResult["train"];
  dev: ExperimentResult["dev"];
  test: ExperimentResult["test"];
  /** Per-class metrics (confusion matrix, precision, recall, F1, support, averages) or MSE/MAE/R^2 per set; absent in older runs. */
  metrics?: ExperimentResult["metrics"];
  biasVariance: ExperimentResult["biasVariance"];
  dropoutCheck: ExperimentResult["dropoutCheck"];
  findings: ExperimentResult["findings"];
  /** The doctor's measurements (so `nnlab diagnose` can diagnose again) and its answer. */
  evidence?: ExperimentResult["evidence"];
  diagnosis?: ExperimentResult["diagnosis"];
  warnings: string[];
  elapsedMs: number;
  /** The kernels that computed (`nnlab train` runs; absent in others and in runs saved before it was kept). */
  kernels?: KernelPath;
}

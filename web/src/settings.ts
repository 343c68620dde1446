import type { GeneratorName } from "../../src/index.js";

/** Where the examples come from: a built-in generator, or a CSV the person dropped in. */
export type DatasetChoice = GeneratorName | "csv";
export type ActivationChoice = "relu" | "leakyRelu" | "tanh" | "sigmoid";
/** The notes' initializations; "random" is N(0, 1) times `initScale`. */
export type InitChoice = "zeros" | "random" | "he" | "lecun" | "glorot";
export type OptimizerChoice = "sgd" | "momentum" | "adam";

/** Every knob of the playground; the URL holds exactly these, so a URL reproduces a run. */
export interface Settings {
  dataset: DatasetChoice;
  /** Standard deviation of the generator's noise. */
  noise: number;
  /** Number of generated examples (ignored for a CSV). */
  size: number;
  /** Train/dev/test shares in percent, or "auto" (autoSplitSizes: the notes' rule for the data's size). */
  split: "auto" | [number, number, number];
  /** Standardize inputs with the training split's mean and std. */
  normalize: boolean;
  /** Units of each hidden layer, first to last (may be empty: logistic regression). */
  hidden: number[];
  activation: ActivationChoice;
  init: InitChoice;
  /** Scale of the "random" initialization (the course's 10 shows saturation, 0.01 slow learning). */
  initScale: number;
  /** L2 lambda (cost += lambda/(2m) sum w^2). */
  l2: number;
  /** L1 lambda (cost += lambda/m sum |w|). */
  l1: number;
  /** Dropout rate after each hidden layer (keep_prob = 1 - rate); same length as `hidden`. */
  dropout: number[];
  learningRate: number;
  optimizer: OptimizerChoice;
  /** Examples per gradient step, or "full" for full-batch gradient descent. */
  batchSize: number | "full";
  earlyStopping: boolean;
  /** Epochs without a better dev cost before early stopping ends the run. */
  patience: number;
  /** Seeds the data, the split, the initial weights, the shuffling and the dropout masks. */
  seed: number;
}

export const DATASETS: readonly DatasetChoice[] = ["circles", "moons", "xor", "spirals", "flower", "blobs", "csv"];
export const ACTIVATIONS: readonly ActivationChoice[] = ["relu", "leakyRelu", "tanh", "sigmoid"];
export const INITS: readonly InitChoice[] = ["zeros", "random", "he", "lecun", "glorot"];
export const OPTIMIZERS: readonly OptimizerChoice[] = ["sgd", "momentum", "adam"];
export const MAX_HIDDEN_LAYERS = 6;
export const MAX_UNITS = 256;
export const MAX_SIZE = 5000;

export const DEFAULTS: Readonly<Settings> = Object.freeze({
  dataset: "circles",
  noise: 0.1,
  size: 400,
  split: "auto",
  normalize: true,
  hidden: [8, 8],
  activation: "tanh",
  init: "lecun",
  initScale: 0.01,
  l2: 0,
  l1: 0,
  dropout: [0, 0],
  learningRate: 0.01,
  optimizer: "adam",
  batchSize: 32,
  earlyStopping: false,
  patience: 20,
  seed: 1,
} satisfies Settings);

export function copySettings(s: Readonly<Settings>): Settings {
  return { ...s, hidden: [...s.hidden], dropout: [...s.dropout], split: s.split === "auto" ? "auto" : [...s.split] };
}

/** `dropout` resized to `hidden` (new layers start without dropout). */
export function withLayerCount(s: Settings, count: number): Settings {
  const hidden = Array.from({ length: count }, (_, i) => s.hidden[i] ?? s.hidden.at(-1) ?? 8);
  const dropout = Array.from({ length: count }, (_, i) => s.dropout[i] ?? 0);
  return { ...s, hidden, dropout };
}

/** The problems with a settings object, in words a person can act on; [] when it can train. */
export function settingsProblems(s: Settings): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  check(DATASETS.includes(s.dataset), `dataset must be one of ${DATASETS.join(", ")}`);
  check(Number.isFinite(s.noise) && s.noise >= 0 && s.noise <= 2, "noise must be between 0 and 2");
  check(Number.isInteger(s.size) && s.size >= 20 && s.size <= MAX_SIZE, `size must be a whole number from 20 to ${MAX_SIZE}`);
  if (s.split !== "auto") {
    const [train, dev, test] = s.split;
    const sum = train + dev + test;
    check(s.split.every((p) => Number.isFinite(p) && p >= 0), "split shares must be numbers >= 0");
    check(Math.abs(sum - 100) < 0.05, `train + dev + test must be 100%; they add up to ${+sum.toFixed(2)}%`);
    check(train > 0 && dev > 0, "the split needs a train set and a dev set (dev > 0%): the dev set drives the curves and the verdict");
  }
  check(s.hidden.length <= MAX_HIDDEN_LAYERS, `at most ${MAX_HIDDEN_LAYERS} hidden layers`);
  check(s.hidden.every((u) => Number.isInteger(u) && u >= 1 && u <= MAX_UNITS), `units must be whole numbers from 1 to ${MAX_UNITS}`);
  check(s.dropout.length === s.hidden.length, "one dropout rate per hidden layer");
  check(s.dropout.every((r) => Number.isFinite(r) && r >= 0 && r < 1), "dropout rates must be in [0, 1) (keep_prob in (0, 1])");
  check(ACTIVATIONS.includes(s.activation), `activation must be one of ${ACTIVATIONS.join(", ")}`);
  check(INITS.includes(s.init), `initialization must be one of ${INITS.join(", ")}`);
  check(Number.isFinite(s.initScale) && s.initScale > 0, "the random initialization's scale must be > 0");
  check(Number.isFinite(s.l2) && s.l2 >= 0, "L2 lambda must be >= 0");
  check(Number.isFinite(s.l1) && s.l1 >= 0, "L1 lambda must be >= 0");
  check(Number.isFinite(s.learningRate) && s.learningRate > 0 && s.learningRate <= 10, "learning rate must be in (0, 10]");
  check(OPTIMIZERS.includes(s.optimizer), `optimizer must be one of ${OPTIMIZERS.join(", ")}`);
  check(s.batchSize === "full" || (Number.isInteger(s.batchSize) && s.batchSize >= 1), 'batch size must be a whole number >= 1 or "full"');
  check(Number.isInteger(s.patience) && s.patience >= 0, "patience must be a whole number >= 0");
  check(Number.isInteger(s.seed) && s.seed >= 0 && s.seed < 2 ** 31, "seed must be a whole number from 0 to 2147483647");
  return problems;
}

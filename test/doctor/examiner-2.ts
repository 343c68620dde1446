/**
 * A third set of planted-fault scenarios for the doctor (same shape as test/doctor/scenarios.ts), written
 * by a second independent examiner without reading the doctor's rules or the other two sets. Each planted
 * fault has a control in EXAMINER_2_CONTROLS (the same spec with the fault removed), so that
 * `npm run doctor:eval -- --set examiner-2 --controls` shows that the fault really harms. A plant that did not
 * harm is labelled "healthy". The CSV files come from test/doctor/examiner-2-data/make.ts.
 */
import type { Scenario } from "./scenarios.js";

const dataDir = new URL("./examiner-2-data/", import.meta.url).pathname;
const csv = (file: string, label: string) => ({ source: `${dataDir}${file}`, label });
const layers = (units: number[], activation = "relu", extra: Record<string, unknown> = {}) => units.map((u) => ({ units: u, activation, ...extra }));

export const EXAMINER_2: Scenario[] = [
  // ---------------------------------------------------------------- learning rate too high
  { name: "e2-blobs7-sgd-lr12", expect: "learning-rate-too-high", planted: "7 blobs, softmax, plain SGD at rate 12", spec: { data: { source: "blobs", n: 420, classes: 7, noise: 0.5 }, model: { hidden: layers([16]) }, optimizer: { name: "sgd", learningRate: 12 }, training: { epochs: 200 } } },
  { name: "e2-sine-sgd-lr0.3", expect: "learning-rate-too-high", planted: "regression y = sin(x1) + x2^2/2, SGD at 0.3: already past the edge (0.1 trains well)", spec: { data: csv("sine-bowl.csv", "y"), model: { hidden: layers([32], "tanh") }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 300 } } },
  { name: "e2-moons-adam-lr1", expect: "learning-rate-too-high", planted: "Adam at 1: too high for Adam (the same rate is fine for SGD, see e2-moons-sgd-lr1-healthy)", spec: { data: { source: "moons", n: 300, noise: 0.15 }, model: { hidden: layers([16, 16]) }, optimizer: { name: "adam", learningRate: 1 }, training: { epochs: 300 } } },
  { name: "e2-flower-momentum-lr2-f32-mb16", expect: "learning-rate-too-high", planted: "momentum 0.9 at rate 2, float32, minibatch 16, leakyRelu 16-16 (train error 19% vs 8% at rate 0.5)", spec: { data: { source: "flower" }, model: { dtype: "float32", hidden: layers([16, 16], "leakyRelu") }, optimizer: { name: "momentum", learningRate: 2, momentum: 0.9 }, training: { epochs: 60, batchSize: 16 } } },

  // ---------------------------------------------------------------- learning rate too low
  { name: "e2-xor-sgd-lr1e-3", expect: "learning-rate-too-low", planted: "SGD at 1e-3 on xor, 400 epochs", spec: { seed: 3, data: { source: "xor", n: 300 }, model: { hidden: layers([16, 16]) }, optimizer: { name: "sgd", learningRate: 1e-3 }, training: { epochs: 400 } } },
  { name: "e2-sine-adam-lr1e-5", expect: "learning-rate-too-low", planted: "regression, Adam at 1e-5, minibatch 32", spec: { data: csv("sine-bowl.csv", "y"), model: { hidden: layers([32, 16], "tanh") }, optimizer: { name: "adam", learningRate: 1e-5 }, training: { epochs: 150, batchSize: 32 } } },
  { name: "e2-rare-ring-sgd-lr2e-3", expect: "learning-rate-too-low", planted: "90/10 classes, SGD at 2e-3: stuck near the constant predictor's 90% (the rate 1 control reaches ~99%)", spec: { data: csv("rare-ring.csv", "flag"), model: { hidden: layers([16, 16]) }, optimizer: { name: "sgd", learningRate: 2e-3 }, training: { epochs: 400 } } },
  { name: "e2-moons-sgd-lr3e-3-sigmoid", expect: "learning-rate-too-low", planted: "sigmoid hidden layer, SGD at 3e-3", spec: { data: { source: "moons", n: 300, noise: 0.15 }, model: { hidden: layers([16], "sigmoid") }, optimizer: { name: "sgd", learningRate: 3e-3 }, training: { epochs: 500 } } },

  // ---------------------------------------------------------------- undertrained
  { name: "e2-flower-30-epochs", expect: "undertrained", planted: "a good rate (1.2) but only 30 epochs on flower", spec: { data: { source: "flower" }, model: { hidden: layers([20], "tanh") }, optimizer: { name: "sgd", learningRate: 1.2 }, training: { epochs: 30 } } },
  { name: "e2-blobs8-adam-3-epochs", expect: "undertrained", planted: "8 overlapping blobs, Adam 0.003 minibatch 32, only 3 epochs (train error 40% vs 3% at 60 epochs)", spec: { data: { source: "blobs", n: 480, classes: 8, noise: 0.5 }, model: { hidden: layers([24]) }, optimizer: { name: "adam", learningRate: 0.003 }, training: { epochs: 3, batchSize: 32 } } },
  { name: "e2-sine-momentum-40-epochs", expect: "undertrained", planted: "regression, momentum 0.1 full batch, 40 epochs", spec: { data: csv("sine-bowl.csv", "y"), model: { hidden: layers([32], "tanh") }, optimizer: { name: "momentum", learningRate: 0.1 }, training: { epochs: 40 } } },

  // ---------------------------------------------------------------- symmetric initialization
  { name: "e2-blobs6-zeros-tanh-2layers", expect: "symmetric-init", planted: "both tanh hidden layers initialized to zeros, 6 blobs", spec: { data: { source: "blobs", n: 360, classes: 6, noise: 0.5 }, model: { hidden: layers([16, 16], "tanh", { init: "zeros" }) }, optimizer: { name: "sgd", learningRate: 0.5 }, training: { epochs: 300 } } },
  { name: "e2-moons-zeros-leaky-adam", expect: "symmetric-init", planted: "leakyRelu 16-16 hidden layers at zeros, Adam 0.01", spec: { data: { source: "moons", n: 300, noise: 0.15 }, model: { hidden: layers([16, 16], "leakyRelu", { init: "zeros" }) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300 } } },
  { name: "e2-sine-zeros-relu", expect: "symmetric-init", planted: "regression, ReLU 32-16 at zeros", spec: { data: csv("sine-bowl.csv", "y"), model: { hidden: layers([32, 16], "relu", { init: "zeros" }) }, optimizer: { name: "sgd", learningRate: 0.05 }, training: { epochs: 300 } } },

  // ---------------------------------------------------------------- initial weights too small
  { name: "e2-flower-tiny-init-3tanh", expect: "init-too-small", planted: "3 tanh layers at std 1e-3 on flower, SGD 0.5", spec: { data: { source: "flower" }, model: { hidden: layers([32, 32, 32], "tanh", { init: "randomNormal", initScale: 1e-3 }) }, optimizer: { name: "sgd", learningRate: 0.5 }, training: { epochs: 300 } } },
  { name: "e2-sine-tiny-init-relu", expect: "init-too-small", planted: "regression, 3 ReLU layers at std 1e-3, SGD 0.05", spec: { data: csv("sine-bowl.csv", "y"), model: { hidden: layers([32, 32, 32], "relu", { init: "randomNormal", initScale: 1e-3 }) }, optimizer: { name: "sgd", learningRate: 0.05 }, training: { epochs: 300 } } },
  { name: "e2-blobs6-tiny-init-relu3", expect: "init-too-small", planted: "3 ReLU layers at std 1e-3 on 6 blobs, SGD 0.3 (the cost never leaves the constant's)", spec: { seed: 4, data: { source: "blobs", n: 360, classes: 6, noise: 0.5 }, model: { hidden: layers([32, 32, 32], "relu", { init: "randomNormal", initScale: 1e-3 }) }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 300 } } },

  // ---------------------------------------------------------------- initial weights too large
  { name: "e2-moons-init10-relu", expect: "init-too-large", planted: "ReLU 32-32 at std 10 (the course's large init), SGD 0.1", spec: { data: { source: "moons", n: 300, noise: 0.15 }, model: { hidden: layers([32, 32], "relu", { init: "randomNormal", initScale: 10 }) }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 300 } } },
  { name: "e2-circles-init5-tanh-sgd", expect: "init-too-large", planted: "tanh 32-32 at std 5 on circles, SGD 0.1: saturated (train error 24% vs 0% with LeCun)", spec: { data: { source: "circles", n: 300 }, model: { hidden: layers([32, 32], "tanh", { init: "randomNormal", initScale: 5 }) }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 300 } } },
  { name: "e2-sine-init8-sigmoid", expect: "init-too-large", planted: "regression, sigmoid 32-32 at std 8, SGD 0.1: diverges (LeCun trains, though slowly)", spec: { data: csv("sine-bowl.csv", "y"), model: { hidden: layers([32, 32], "sigmoid", { init: "randomNormal", initScale: 8 }) }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 300 } } },

  // ---------------------------------------------------------------- inputs not normalized
  { name: "e2-customers-raw-sgd", expect: "inputs-not-normalized", planted: "income in dollars next to a 0-1 score, normalize off, SGD 0.01", spec: { data: csv("customers.csv", "churn"), normalize: false, model: { hidden: layers([16]) }, optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 300 } } },
  { name: "e2-prices-raw-adam", expect: "inputs-not-normalized", planted: "regression on area/year/distance in raw units, normalize off, Adam 0.01", spec: { data: csv("prices.csv", "price"), normalize: false, model: { hidden: layers([16], "tanh") }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300 } } },
  { name: "e2-grades-raw-momentum", expect: "inputs-not-normalized", planted: "4 text-labelled grades, sulphur ~100 next to density ~1, normalize off, momentum 0.05", spec: { data: csv("grades.csv", "grade"), normalize: false, model: { hidden: layers([16], "tanh") }, optimizer: { name: "momentum", learningRate: 0.05 }, training: { epochs: 300 } } },
  { name: "e2-salaries-raw-target-momentum", expect: "target-not-normalized", planted: "salaries in dollars (~62,000) learned raw (normalizeTarget: false), momentum 0.01", spec: { seed: 3, data: csv("salaries.csv", "salary"), normalizeTarget: false, model: { hidden: layers([16], "tanh") }, optimizer: { name: "momentum", learningRate: 0.01 }, training: { epochs: 200, batchSize: 32 } } },
  { name: "e2-salaries-raw-target-adam", expect: "target-not-normalized", planted: "salaries in dollars learned raw, Adam 0.03, full batch", spec: { seed: 3, data: csv("salaries.csv", "salary"), normalizeTarget: false, model: { hidden: layers([32]) }, optimizer: { name: "adam", learningRate: 0.03 }, training: { epochs: 200 } } },

  // ---------------------------------------------------------------- over-regularized
  { name: "e2-moons-l2-20-early-stopping", expect: "over-regularized", planted: "L2 lambda 20 on moons (train error 15% vs 2% at lambda 3), early stopping on", spec: { data: { source: "moons", n: 300, noise: 0.15 }, l2: 20, model: { hidden: layers([16, 16]) }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 400, earlyStopping: { patience: 20 } } } },
  { name: "e2-flower-dropout-0.7-per-layer", expect: "over-regularized", planted: "dropout 0.7 on both hidden layers of flower (keep_prob 0.3)", spec: { data: { source: "flower" }, model: { hidden: layers([16, 16], "relu", { dropout: 0.7 }) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300, batchSize: 32 } } },
  { name: "e2-sine-l2-first-layer", expect: "over-regularized", planted: "regression, L2 150 on the first hidden layer only (1-R^2 0.58 vs 0.03 without)", spec: { data: csv("sine-bowl.csv", "y"), model: { hidden: [{ units: 32, activation: "tanh", l2: 150 }, { units: 16, activation: "tanh" }] }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 400 } } },

  // ---------------------------------------------------------------- high bias
  { name: "e2-spirals3-3-units", expect: "high-bias", planted: "a 3-unit hidden layer for 3-class spirals, trained to convergence (32-32 reaches 2%)", spec: { data: { source: "spirals", n: 600, classes: 3, noise: 0.02 }, model: { hidden: layers([3]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400 } } },
  { name: "e2-rare-ring-linear", expect: "high-bias", planted: "90/10 classes with a ring-shaped minority, a linear model: stuck at the constant predictor's 90% (16-16 ReLU reaches ~100%)", spec: { seed: 2, data: csv("rare-ring.csv", "flag"), model: { hidden: layers([4], "linear") }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300 } } },
  { name: "e2-sine-linear-hidden", expect: "high-bias", planted: "regression with a linear hidden layer (the model is linear)", spec: { data: csv("sine-bowl.csv", "y"), model: { hidden: layers([16], "linear") }, optimizer: { name: "sgd", learningRate: 0.05 }, training: { epochs: 400 } } },
  { name: "e2-flower-2-units", expect: "high-bias", planted: "flower with 2 tanh hidden units, long run", spec: { data: { source: "flower" }, model: { hidden: layers([2], "tanh") }, optimizer: { name: "sgd", learningRate: 1.2 }, training: { epochs: 1500 } } },

  // ---------------------------------------------------------------- high variance
  { name: "e2-moons-small-train-big-net", expect: "high-variance", planted: "noisy moons with only 20% for training (60 rows), a 64-64 net, Adam 0.01, 800 epochs; baseline at the Bayes error (10.5%)", spec: { data: { source: "moons", n: 300, noise: 0.35 }, split: [0.2, 0.4, 0.4], model: { hidden: layers([64, 64]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 800 }, baselineError: 0.105 } },
  { name: "e2-noisy-sine-small-train-overfit", expect: "high-variance", planted: "regression with noise std 0.4, 45 training rows, 64-64 ReLU, Adam 0.01, 1500 epochs: train R^2 1, dev cost at a constant's", spec: { data: csv("sine-bowl-noisy.csv", "y"), split: [0.15, 0.425, 0.425], model: { hidden: layers([64, 64]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 1500 } } },
  { name: "e2-blobs6-overlap-dev-cost-rise", expect: "high-variance", planted: "overlapping 6 blobs, 25% train (90 rows), 64-64 net, long Adam run: train 1%, dev 40%, dev cost up 3x from its minimum", spec: { data: { source: "blobs", n: 360, classes: 6, noise: 1.2 }, split: [0.25, 0.375, 0.375], model: { hidden: layers([64, 64]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 500 } } },

  // ---------------------------------------------------------------- data problem
  { name: "e2-rare-noise-90-10", expect: "data-problem", planted: "90/10 labels drawn independently of the features: the model stays at the constant predictor's 90%", spec: { data: csv("rare-noise.csv", "flag"), model: { hidden: layers([16, 16]) }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 300 } } },
  { name: "e2-coin-flip-labels", expect: "data-problem", planted: "binary labels that are coin flips", spec: { data: csv("coin-flips.csv", "label"), model: { hidden: layers([16]) }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 300 } } },
  { name: "e2-noise-target-regression", expect: "data-problem", planted: "regression whose target is independent noise", spec: { data: csv("noise-target.csv", "target"), model: { hidden: layers([16], "tanh") }, optimizer: { name: "sgd", learningRate: 0.05 }, training: { epochs: 300 } } },

  // ---------------------------------------------------------------- healthy
  { name: "e2-moons-sgd-lr1-healthy", expect: "healthy", planted: "nothing: SGD at 1 (the rate that is too high for Adam)", spec: { data: { source: "moons", n: 300, noise: 0.15 }, model: { hidden: layers([16, 16]) }, optimizer: { name: "sgd", learningRate: 1 }, training: { epochs: 300 } } },
  { name: "e2-blobs8-healthy", expect: "healthy", planted: "nothing: 8 blobs, softmax, Adam 0.01 minibatch 16", spec: { seed: 3, data: { source: "blobs", n: 480, classes: 8, noise: 0.3 }, model: { hidden: layers([24]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 60, batchSize: 16 } } },
  { name: "e2-football-l2-0.7-healthy", expect: "healthy", planted: "nothing: the notes' L2 lambda 0.7 on football, baseline 8% (the README's)", spec: { data: { source: "football" }, l2: 0.7, model: { hidden: [{ units: 20, activation: "relu" }, { units: 3, activation: "relu" }] }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 2000 }, baselineError: 0.08 } },
  { name: "e2-blobs8-adam-8-epochs-enough", expect: "healthy", planted: "8 separable blobs, Adam 0.01, only 8 epochs: already at 0% train error (the 60-epoch control has the same errors)", spec: { data: { source: "blobs", n: 480, classes: 8, noise: 0.3 }, model: { hidden: layers([24]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 8, batchSize: 32 } } },
  { name: "e2-blobs6-init5-tanh-adam-harmless", expect: "healthy", planted: "tanh 32-32 at std 5 with Adam 0.01: the large init does no harm here (same 0% errors as LeCun)", spec: { data: { source: "blobs", n: 360, classes: 6, noise: 0.5 }, model: { hidden: layers([32, 32], "tanh", { init: "randomNormal", initScale: 5 }) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 200 } } },
  { name: "e2-blobs6-l2-30-harmless", expect: "healthy", planted: "L2 lambda 30 on 6 well-separated blobs: the cost is higher but the errors are the control's (0%)", spec: { data: { source: "blobs", n: 360, classes: 6, noise: 0.5 }, l2: 30, model: { hidden: layers([32]) }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 400 } } },
  { name: "e2-sine-f32-mb8-healthy", expect: "healthy", planted: "nothing: regression with noise std 0.1, float32, minibatch 8", spec: { seed: 4, data: csv("sine-bowl.csv", "y"), model: { dtype: "float32", hidden: layers([32, 32], "tanh") }, optimizer: { name: "adam", learningRate: 0.005 }, training: { epochs: 150, batchSize: 8 } } },
  { name: "e2-rare-ring-healthy", expect: "healthy", planted: "nothing: 90/10 with a learnable minority, trained well", spec: { data: csv("rare-ring.csv", "flag"), model: { hidden: layers([16, 16]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300 } } },
  { name: "e2-circles-long-run-healthy", expect: "healthy", planted: "nothing: a right-sized model trained very long (3000 epochs) on clean circles", spec: { seed: 5, data: { source: "circles", n: 300, noise: 0.05 }, model: { hidden: layers([8], "tanh") }, optimizer: { name: "sgd", learningRate: 0.5 }, training: { epochs: 3000 } } },
  { name: "e2-moons-early-stopping-rescue", expect: "healthy", planted: "the overfitting setup of e2-moons-small-train-big-net with early stopping (patience 20), baseline at the Bayes error 10.5%", spec: { data: { source: "moons", n: 300, noise: 0.35 }, split: [0.2, 0.4, 0.4], model: { hidden: layers([64, 64]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 800, earlyStopping: { patience: 20 } }, baselineError: 0.105 } },
  { name: "e2-noisy-sine-early-stopping-rescue", expect: "high-variance", planted: "the overfitting regression of e2-noisy-sine-small-train-overfit with early stopping (patience 20). First labelled healthy; relabelled on review: the noise (std 0.4) leaves 13% of the targets' variance unexplainable, yet the early-stopped dev cost is 58% of a constant prediction's against 13% on train: 45 training rows are too few, early stopping only limits the damage", spec: { data: csv("sine-bowl-noisy.csv", "y"), split: [0.15, 0.425, 0.425], model: { hidden: layers([64, 64]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 1500, earlyStopping: { patience: 20 } } } },
  { name: "e2-customers-normalized-healthy", expect: "healthy", planted: "nothing: the mixed-scale table normalized, baseline error at its label noise", spec: { data: csv("customers.csv", "churn"), model: { hidden: layers([16]) }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 300 }, baselineError: 0.12 } },
  { name: "e2-moons-tiny-dev-split", expect: "data-problem", planted: "split [0.96, 0.02, 0.02]: a 6-example dev set, too coarse to judge anything (baseline at the Bayes error 4.5%)", spec: { seed: 2, data: { source: "moons", n: 300, noise: 0.25 }, split: [0.96, 0.02, 0.02], model: { hidden: layers([16, 16]) }, optimizer: { name: "sgd", learningRate: 0.5 }, training: { epochs: 400 }, baselineError: 0.045 } },
];

/**
 * The control of each planted fault: fields that replace the planted spec's (objects merged, arrays and
 * values replaced), removing the fault. Training the control should give a clearly better run.
 */
export const EXAMINER_2_CONTROLS: Record<string, Record<string, unknown>> = {
  "e2-blobs7-sgd-lr12": { optimizer: { learningRate: 0.3 } },
  "e2-sine-sgd-lr0.3": { optimizer: { learningRate: 0.1 } },
  "e2-moons-adam-lr1": { optimizer: { learningRate: 0.01 } },
  "e2-flower-momentum-lr2-f32-mb16": { optimizer: { learningRate: 0.5 } },
  "e2-xor-sgd-lr1e-3": { optimizer: { learningRate: 1 } },
  "e2-sine-adam-lr1e-5": { optimizer: { learningRate: 0.01 } },
  "e2-rare-ring-sgd-lr2e-3": { optimizer: { learningRate: 1 } },
  "e2-moons-sgd-lr3e-3-sigmoid": { optimizer: { learningRate: 3 } },
  "e2-flower-30-epochs": { training: { epochs: 2000 } },
  "e2-blobs8-adam-3-epochs": { training: { epochs: 60 } },
  "e2-blobs8-adam-8-epochs-enough": { training: { epochs: 60 } },
  "e2-sine-momentum-40-epochs": { training: { epochs: 2000 } },
  "e2-blobs6-zeros-tanh-2layers": { model: { hidden: layers([16, 16], "tanh") } },
  "e2-moons-zeros-leaky-adam": { model: { hidden: layers([16, 16], "leakyRelu") } },
  "e2-sine-zeros-relu": { model: { hidden: layers([32, 16], "relu") } },
  "e2-flower-tiny-init-3tanh": { model: { hidden: layers([32, 32, 32], "tanh") } },
  "e2-sine-tiny-init-relu": { model: { hidden: layers([32, 32, 32], "relu") } },
  "e2-blobs6-tiny-init-relu3": { model: { hidden: layers([32, 32, 32]) } },
  "e2-moons-init10-relu": { model: { hidden: layers([32, 32], "relu") } },
  "e2-circles-init5-tanh-sgd": { model: { hidden: layers([32, 32], "tanh") } },
  "e2-blobs6-init5-tanh-adam-harmless": { model: { hidden: layers([32, 32], "tanh") } },
  "e2-sine-init8-sigmoid": { model: { hidden: layers([32, 32], "sigmoid") } },
  "e2-customers-raw-sgd": { normalize: true },
  "e2-prices-raw-adam": { normalize: true },
  "e2-grades-raw-momentum": { normalize: true },
  "e2-salaries-raw-target-momentum": { normalizeTarget: true },
  "e2-salaries-raw-target-adam": { normalizeTarget: true },
  "e2-blobs6-l2-30-harmless": { l2: 0 },
  "e2-moons-l2-20-early-stopping": { l2: 3 },
  "e2-flower-dropout-0.7-per-layer": { model: { hidden: layers([16, 16], "relu") } },
  "e2-sine-l2-first-layer": { model: { hidden: layers([32, 16], "tanh") } },
  "e2-spirals3-3-units": { model: { hidden: layers([32, 32]) } },
  "e2-rare-ring-linear": { model: { hidden: layers([16, 16]) } },
  "e2-sine-linear-hidden": { model: { hidden: layers([16], "tanh") } },
  "e2-flower-2-units": { model: { hidden: layers([20], "tanh") } },
  "e2-moons-small-train-big-net": { training: { earlyStopping: { patience: 20 } } },
  "e2-noisy-sine-small-train-overfit": { training: { earlyStopping: { patience: 20 } } },
  "e2-noisy-sine-early-stopping-rescue": { training: { earlyStopping: false } },
  "e2-moons-early-stopping-rescue": { training: { earlyStopping: false } },
  "e2-football-l2-0.7-healthy": { l2: 0 },
  "e2-blobs6-overlap-dev-cost-rise": { training: { earlyStopping: { patience: 20 } } },
  "e2-rare-noise-90-10": { optimizer: { name: "adam", learningRate: 0.01 } },
  "e2-coin-flip-labels": { optimizer: { name: "adam", learningRate: 0.01 } },
  "e2-noise-target-regression": { optimizer: { name: "adam", learningRate: 0.01 } },
  "e2-moons-tiny-dev-split": { split: "auto" },
};

/**
 * A fourth set of planted-fault scenarios for the doctor (same shape as test/doctor/scenarios.ts), written
 * by a third independent examiner without reading the doctor's rules or the other sets. Each planted fault
 * has a control in EXAMINER_3_CONTROLS (top-level spec fields that replace the fault's), and a plant whose
 * control did not show harm is labelled "healthy". The CSV files come from test/doctor/examiner-3-data/make.ts.
 * `npm run doctor:eval -- --set examiner-3 [--controls] [--verbose]` (first sight: 21/30, 2 false alarms in 5).
 */
import type { Scenario } from "./scenarios.js";

const dataDir = new URL("./examiner-3-data/", import.meta.url).pathname;
const csv = (file: string, label: string) => ({ source: `${dataDir}${file}`, label });
const layers = (units: number[], activation = "relu", extra: Record<string, unknown> = {}) => units.map((u) => ({ units: u, activation, ...extra }));

export const EXAMINER_3: Scenario[] = [
  // ---------------------------------------------------------------- learning rate too high
  { name: "e3-blobs4-sigmoid-sgd-lr40", expect: "learning-rate-too-high", planted: "plain SGD at rate 40 on a sigmoid 12-unit net, 4 blobs (at 12 it did no harm; control: 0.5)", spec: { seed: 31, data: { source: "blobs", n: 400, classes: 4, noise: 0.8 }, model: { hidden: layers([12], "sigmoid") }, optimizer: { name: "sgd", learningRate: 40 }, training: { epochs: 400 } } },
  { name: "e3-ripple-adam-lr0.3-mb16", expect: "learning-rate-too-high", planted: "Adam at 0.3 with minibatch 16 on a regression CSV (control: 0.01)", spec: { seed: 32, data: csv("ripple.csv", "target"), model: { hidden: layers([24, 12]) }, optimizer: { name: "adam", learningRate: 0.3 }, training: { epochs: 60, batchSize: 16 } } },
  // ---------------------------------------------------------------- learning rate too low
  { name: "e3-moons-sgd-lr0.003", expect: "learning-rate-too-low", planted: "SGD at 0.003 for 1500 epochs on moons, relu 16-8 (control: 0.3)", spec: { seed: 34, data: { source: "moons", n: 300, noise: 0.15 }, model: { hidden: layers([16, 8]) }, optimizer: { name: "sgd", learningRate: 0.003 }, training: { epochs: 1500 } } },
  { name: "e3-tri-adam-lr1e-5", expect: "learning-rate-too-low", planted: "Adam at 1e-5 for 400 epochs, minibatch 64, on a 3-class CSV (control: 0.01)", spec: { seed: 35, data: csv("tri.csv", "kind"), model: { hidden: layers([16], "leakyRelu") }, optimizer: { name: "adam", learningRate: 0.00001 }, training: { epochs: 400, batchSize: 64 } } },
  // ---------------------------------------------------------------- undertrained
  { name: "e3-spirals3-30-epochs", expect: "undertrained", planted: "Adam 0.01 stopped after 30 epochs on 3-arm spirals (control: 600 epochs)", spec: { seed: 36, data: { source: "spirals", n: 450, classes: 3, noise: 0.03 }, model: { hidden: layers([32, 32]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 30 } } },
  { name: "e3-circles-sgd-40-epochs", expect: "undertrained", planted: "SGD 0.5 on circles, tanh 12, stopped at 40 epochs (control: 2000)", spec: { seed: 37, data: { source: "circles", n: 400, noise: 0.05 }, model: { hidden: layers([12], "tanh") }, optimizer: { name: "sgd", learningRate: 0.5 }, training: { epochs: 40 } } },
  // ---------------------------------------------------------------- symmetric init
  { name: "e3-blobs3-zeros-tanh", expect: "symmetric-init", planted: "every hidden layer zero-initialized, tanh 8-8, 3 blobs (control: LeCun)", spec: { seed: 38, data: { source: "blobs", n: 300, classes: 3, noise: 1.2 }, model: { hidden: layers([8, 8], "tanh", { init: "zeros" }) }, optimizer: { name: "momentum", learningRate: 0.1 }, training: { epochs: 500 } } },
  { name: "e3-ring-zeros-leaky", expect: "symmetric-init", planted: "zero init, leakyRelu 20-10, adam on a ring CSV (control: He)", spec: { seed: 39, data: csv("ring.csv", "inside"), model: { hidden: layers([20, 10], "leakyRelu", { init: "zeros" }) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400 } } },
  // ---------------------------------------------------------------- init too small
  { name: "e3-circles-deep-tiny-init", expect: "init-too-small", planted: "randomNormal std 0.01 in a 6-layer tanh net on circles (control: LeCun)", spec: { seed: 40, data: { source: "circles", n: 300, noise: 0.08 }, model: { hidden: layers([16, 16, 16, 16, 16, 16], "tanh", { init: "randomNormal", initScale: 0.01 }) }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 600 } } },
  { name: "e3-moons-relu-std0.02", expect: "init-too-small", planted: "randomNormal std 0.02 in a 4-layer ReLU 24-wide net on moons, momentum (control: He)", spec: { seed: 41, data: { source: "moons", n: 300, noise: 0.2 }, model: { hidden: layers([24, 24, 24, 24], "relu", { init: "randomNormal", initScale: 0.02 }) }, optimizer: { name: "momentum", learningRate: 0.05 }, training: { epochs: 500 } } },
  // ---------------------------------------------------------------- init too large
  { name: "e3-flower-sigmoid-std30", expect: "init-too-large", planted: "randomNormal std 30 in a sigmoid 16-8 net on flower: saturated from the start (std 8 did no harm; control: LeCun)", spec: { seed: 42, data: { source: "flower", n: 400 }, model: { hidden: layers([16, 8], "sigmoid", { init: "randomNormal", initScale: 30 }) }, optimizer: { name: "sgd", learningRate: 0.5 }, training: { epochs: 1200 } } },
  { name: "e3-tri-relu-std5", expect: "init-too-large", planted: "randomNormal std 5 in a ReLU 32-32 net, 3-class CSV, adam 0.003 (control: He)", spec: { seed: 43, data: csv("tri.csv", "kind"), model: { hidden: layers([32, 32], "relu", { init: "randomNormal", initScale: 5 }) }, optimizer: { name: "adam", learningRate: 0.003 }, training: { epochs: 300 } } },
  // ---------------------------------------------------------------- inputs not normalized
  { name: "e3-loans-raw", expect: "inputs-not-normalized", planted: "income in tens of thousands, age in years, a ratio in 0..0.01, fed raw (control: normalize on)", spec: { seed: 44, data: csv("loans.csv", "approved"), normalize: false, model: { hidden: layers([12], "tanh") }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400 } } },
  { name: "e3-houses-raw", expect: "inputs-not-normalized", planted: "regression on raw area (30..300) and year (1900..2020), adam 0.01 (control: normalized)", spec: { seed: 45, data: csv("houses.csv", "price"), normalize: false, model: { hidden: layers([16]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 800 } } },
  // ---------------------------------------------------------------- over-regularized
  { name: "e3-moons-l2-8", expect: "over-regularized", planted: "L2 lambda 8 (3 did no harm) on a relu 32-16 net on moons (control: L2 0)", spec: { seed: 46, data: { source: "moons", n: 400, noise: 0.2 }, model: { hidden: layers([32, 16]) }, l2: 8, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 500 } } },
  { name: "e3-spirals-dropout0.6", expect: "over-regularized", planted: "dropout 0.6 on every layer of a 48-48 net on 2-arm spirals, plus L2 0.3 (control: none)", spec: { seed: 47, data: { source: "spirals", n: 400, noise: 0.05 }, model: { hidden: layers([48, 48]) }, dropout: 0.6, l2: 0.3, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 600 } } },
  { name: "e3-ripple-weightdecay", expect: "over-regularized", planted: "L2 30 on a regression CSV, relu 32-16 (0.8 and 4 helped; control: L2 0)", spec: { seed: 48, data: csv("ripple.csv", "target"), model: { hidden: layers([32, 16]) }, l2: 30, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400 } } },
  // ---------------------------------------------------------------- high bias
  { name: "e3-spirals3-two-units", expect: "high-bias", planted: "a 2-unit hidden layer for 3-arm spirals (control: 32-32)", spec: { seed: 49, data: { source: "spirals", n: 450, classes: 3, noise: 0.03 }, model: { hidden: layers([2]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 600 } } },
  { name: "e3-xor-linear", expect: "high-bias", planted: "linear activations only (a linear model) on xor (control: tanh)", spec: { seed: 50, data: { source: "xor", n: 300 }, model: { hidden: layers([16, 16], "linear") }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400 } } },
  { name: "e3-ripple-one-unit", expect: "high-bias", planted: "one tanh unit for a regression with a product term (control: 32-16 relu)", spec: { seed: 51, data: csv("ripple.csv", "target"), model: { hidden: layers([1], "tanh") }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 500 } } },
  // ---------------------------------------------------------------- high variance
  { name: "e3-sparse-signal-big-net", expect: "high-variance", planted: "128-64 relu on 70 rows with 10 noise features, no regularization (control: L2 2 and dropout 0.3)", spec: { seed: 52, data: csv("sparse-signal.csv", "y"), model: { hidden: layers([128, 64]) }, optimizer: { name: "adam", learningRate: 0.005 }, training: { epochs: 800 } } },
  { name: "e3-flower120-big-net", expect: "high-variance", planted: "120 flower points, a 128-64 relu net trained 1500 epochs by adam, no regularization (control: L2 1)", spec: { seed: 53, data: { source: "flower", n: 120 }, model: { hidden: layers([128, 64]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 1500 } } },
  // ---------------------------------------------------------------- data problem
  { name: "e3-tri-random-labels", expect: "data-problem", planted: "the 3-class CSV with its label column replaced by random classes (control: true labels)", spec: { seed: 54, data: csv("tri-random.csv", "kind"), model: { hidden: layers([16], "leakyRelu") }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300 } } },
  { name: "e3-ripple-noise-target", expect: "data-problem", planted: "regression on a target that is pure noise (control: the real target)", spec: { seed: 55, data: csv("ripple-shuffled.csv", "target"), model: { hidden: layers([24, 12]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300 } } },
  { name: "e3-ring-flipped-45", expect: "data-problem", planted: "45% of the ring labels flipped at random (control: clean labels)", spec: { seed: 56, data: csv("ring-flipped.csv", "inside"), model: { hidden: layers([16, 8]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400 } } },
  // ---------------------------------------------------------------- healthy
  { name: "e3-healthy-xor-dropout-es", expect: "healthy", planted: "nothing: xor, relu 24-12 with dropout 0.1, adam, early stopping", spec: { seed: 57, data: { source: "xor", n: 400 }, model: { hidden: layers([24, 12]) }, dropout: 0.1, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 800, earlyStopping: { patience: 80 } } } },
  { name: "e3-healthy-blobs5-mb", expect: "healthy", planted: "nothing: 5 separable blobs, sigmoid 16, momentum, minibatch 32", spec: { seed: 58, data: { source: "blobs", n: 500, classes: 5, noise: 0.4 }, model: { hidden: layers([16], "sigmoid") }, optimizer: { name: "momentum", learningRate: 0.1 }, training: { epochs: 150, batchSize: 32 } } },
  { name: "e3-healthy-houses-l2", expect: "healthy", planted: "nothing: the houses regression normalized, relu 24-12 with a small L2 (0.01), adam", spec: { seed: 59, data: csv("houses.csv", "price"), model: { hidden: layers([24, 12]) }, l2: 0.01, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 500 } } },
  { name: "e3-healthy-spirals-leaky", expect: "healthy", planted: "nothing: 2-arm spirals, leakyRelu 48-24, adam, early stopping", spec: { seed: 60, data: { source: "spirals", n: 400, noise: 0.05 }, model: { hidden: layers([48, 24], "leakyRelu") }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 1500, earlyStopping: { patience: 150 } } } },
  { name: "e3-healthy-loans-normalized", expect: "healthy", planted: "nothing: the loans CSV normalized, tanh 12, adam", spec: { seed: 61, data: csv("loans.csv", "approved"), model: { hidden: layers([12], "tanh") }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400 } } },
];

/** For each planted fault: the top-level spec fields that remove it (the control run). */
export const EXAMINER_3_CONTROLS: Record<string, Record<string, unknown>> = {
  "e3-blobs4-sigmoid-sgd-lr40": { optimizer: { name: "sgd", learningRate: 0.5 } },
  "e3-ripple-adam-lr0.3-mb16": { optimizer: { name: "adam", learningRate: 0.01 } },
  "e3-moons-sgd-lr0.003": { optimizer: { name: "sgd", learningRate: 0.3 } },
  "e3-tri-adam-lr1e-5": { optimizer: { name: "adam", learningRate: 0.01 } },
  "e3-spirals3-30-epochs": { training: { epochs: 600 } },
  "e3-circles-sgd-40-epochs": { training: { epochs: 2000 } },
  "e3-blobs3-zeros-tanh": { model: { hidden: layers([8, 8], "tanh") } },
  "e3-ring-zeros-leaky": { model: { hidden: layers([20, 10], "leakyRelu") } },
  "e3-circles-deep-tiny-init": { model: { hidden: layers([16, 16, 16, 16, 16, 16], "tanh") } },
  "e3-moons-relu-std0.02": { model: { hidden: layers([24, 24, 24, 24]) } },
  "e3-flower-sigmoid-std30": { model: { hidden: layers([16, 8], "sigmoid") } },
  "e3-tri-relu-std5": { model: { hidden: layers([32, 32]) } },
  "e3-loans-raw": { normalize: true },
  "e3-houses-raw": { normalize: true },
  "e3-moons-l2-8": { l2: 0 },
  "e3-spirals-dropout0.6": { dropout: 0, l2: 0 },
  "e3-ripple-weightdecay": { l2: 0 },
  "e3-spirals3-two-units": { model: { hidden: layers([32, 32]) } },
  "e3-xor-linear": { model: { hidden: layers([16, 16], "tanh") } },
  "e3-ripple-one-unit": { model: { hidden: layers([32, 16]) } },
  "e3-sparse-signal-big-net": { l2: 2, dropout: 0.3 },
  "e3-flower120-big-net": { l2: 1 },
  "e3-tri-random-labels": { data: csv("tri.csv", "kind") },
  "e3-ripple-noise-target": { data: csv("ripple.csv", "target") },
  "e3-ring-flipped-45": { data: csv("ring.csv", "inside") },
};

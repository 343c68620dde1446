/**
 * The doctor's corpus: runs whose cause we planted, each with the first cause a good diagnosis names
 * ("healthy" for runs with nothing wrong). Every scenario is an ordinary experiment spec, so `nnlab
 * train` reproduces it; `npm run doctor:eval` scores the doctor on all of them.
 */
import type { CauseId } from "../../src/diagnose/doctor/index.js";

export interface Scenario {
  name: string;
  expect: CauseId | "healthy";
  /** What was planted, in words. */
  planted: string;
  spec: Record<string, unknown>;
}

const dataDir = new URL("./data/", import.meta.url).pathname;
const csv = (file: string, label: string) => ({ source: `${dataDir}${file}`, label });
const hidden = (units: number[], activation = "relu", extra: Record<string, unknown> = {}) => units.map((u) => ({ units: u, activation, ...extra }));

export const SCENARIOS: Scenario[] = [
  // learning rate too high
  { name: "football-relu-lr50", expect: "learning-rate-too-high", planted: "the README's football spec at learning rate 50", spec: { data: { source: "football" }, optimizer: { name: "sgd", learningRate: 50 }, training: { epochs: 1500 } } },
  { name: "football-tanh-lr50", expect: "learning-rate-too-high", planted: "tanh at learning rate 50", spec: { data: { source: "football" }, model: { hidden: hidden([20, 3], "tanh") }, optimizer: { name: "sgd", learningRate: 50 }, training: { epochs: 1500 } } },
  { name: "football-lr1e6", expect: "learning-rate-too-high", planted: "learning rate 1e6 (NaN)", spec: { data: { source: "football" }, optimizer: { name: "sgd", learningRate: 1e6 }, training: { epochs: 500 } } },
  { name: "circles-sgd-lr10-f32", expect: "learning-rate-too-high", planted: "the playground's default network with SGD at rate 10", spec: { data: { source: "circles", n: 400, noise: 0.1 }, model: { dtype: "float32", hidden: hidden([8, 8], "tanh", { init: "lecun" }) }, optimizer: { name: "sgd", learningRate: 10 }, training: { epochs: 150, batchSize: 32 } } },
  { name: "moons-adam-lr1-f32", expect: "learning-rate-too-high", planted: "Adam at rate 1", spec: { data: { source: "moons", n: 400, noise: 0.15 }, model: { dtype: "float32", hidden: hidden([16, 16]) }, optimizer: { name: "adam", learningRate: 1 }, training: { epochs: 100, batchSize: 32 } } },

  // learning rate too low
  { name: "moons-sgd-lr1e-4", expect: "learning-rate-too-low", planted: "plain gradient descent at 1e-4", spec: { data: { source: "moons", n: 400, noise: 0.15 }, model: { hidden: hidden([16, 8]) }, optimizer: { name: "sgd", learningRate: 1e-4 }, training: { epochs: 600 } } },
  { name: "blobs-adam-lr1e-5-f32", expect: "learning-rate-too-low", planted: "Adam at 1e-5, minibatches", spec: { data: { source: "blobs", n: 600, classes: 4, noise: 0.6 }, model: { dtype: "float32", hidden: hidden([16]) }, optimizer: { name: "adam", learningRate: 1e-5 }, training: { epochs: 60, batchSize: 32 } } },
  { name: "loans-sgd-lr3e-4", expect: "learning-rate-too-low", planted: "a CSV, normalized, at 3e-4", spec: { data: csv("loans.csv", "outcome"), model: { hidden: hidden([12]) }, optimizer: { name: "sgd", learningRate: 3e-4 }, training: { epochs: 400 } } },

  // undertrained
  { name: "spirals-adam-40-epochs", expect: "undertrained", planted: "a good network and rate stopped after 40 epochs", spec: { data: { source: "spirals", n: 600, noise: 0.05 }, model: { hidden: hidden([32, 32]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 40, batchSize: 64 } } },
  { name: "flower-sgd-300-epochs-f32", expect: "undertrained", planted: "the planar flower, full batch, 300 epochs", spec: { data: { source: "flower" }, model: { dtype: "float32", hidden: hidden([16], "tanh") }, optimizer: { name: "sgd", learningRate: 1.2 }, training: { epochs: 300 } } },

  // symmetric initialization
  { name: "circles-zeros-relu", expect: "symmetric-init", planted: "zeros initialization (the course)", spec: { data: { source: "circles" }, model: { hidden: hidden([10, 5], "relu", { init: "zeros" }) }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 800 } } },
  { name: "moons-zeros-tanh-f32", expect: "symmetric-init", planted: "zeros initialization of two tanh layers, Adam", spec: { data: { source: "moons" }, model: { dtype: "float32", hidden: hidden([8, 8], "tanh", { init: "zeros" }) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 200, batchSize: 32 } } },

  // initialization too small
  { name: "moons-6-tanh-x0.01", expect: "init-too-small", planted: "six tanh layers at N(0,1) x 0.01", spec: { data: { source: "moons" }, model: { hidden: hidden([16, 16, 16, 16, 16, 16], "tanh", { init: "randomNormal", initScale: 0.01 }) }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 400 } } },
  { name: "circles-5-relu-x0.01-f32", expect: "init-too-small", planted: "five ReLU layers at x 0.01, Adam", spec: { data: { source: "circles" }, model: { dtype: "float32", hidden: hidden([20, 20, 20, 20, 20], "relu", { init: "randomNormal", initScale: 0.01 }) }, optimizer: { name: "momentum", learningRate: 0.05 }, training: { epochs: 60, batchSize: 32 } } },

  // initialization too large
  { name: "circles-relu-x10", expect: "init-too-large", planted: "the course's random x 10", spec: { data: { source: "circles" }, model: { hidden: hidden([10, 5], "relu", { init: "randomNormal", initScale: 10 }) }, optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 2000 } } },
  { name: "moons-tanh-x10-f32", expect: "init-too-large", planted: "tanh at x 10", spec: { data: { source: "moons" }, model: { dtype: "float32", hidden: hidden([16, 16], "tanh", { init: "randomNormal", initScale: 10 }) }, optimizer: { name: "sgd", learningRate: 0.05 }, training: { epochs: 600 } } },

  // inputs not normalized
  { name: "loans-raw", expect: "inputs-not-normalized", planted: "income in dollars, normalization off", spec: { data: csv("loans.csv", "outcome"), normalize: false, model: { hidden: hidden([12]) }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 300 } } },
  { name: "sensors-raw-adam-f32", expect: "inputs-not-normalized", planted: "pascals and strains side by side, normalization off, Adam", spec: { data: csv("sensors.csv", "state"), normalize: false, model: { dtype: "float32", hidden: hidden([16]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 100, batchSize: 32 } } },

  // regression target not normalized
  { name: "rents-raw-target-sgd", expect: "target-not-normalized", planted: "rents in dollars (~1500) learned raw (normalizeTarget: false), SGD 0.01", spec: { seed: 3, data: csv("rents.csv", "rent"), normalizeTarget: false, model: { hidden: hidden([16]) }, optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 200, batchSize: 32 } } },
  { name: "rents-raw-target-adam-f32", expect: "target-not-normalized", planted: "rents in dollars learned raw, Adam 1e-3 (steps of 1e-3 toward a mean of 1500)", spec: { seed: 3, data: csv("rents.csv", "rent"), normalizeTarget: false, model: { dtype: "float32", hidden: hidden([16, 8]) }, optimizer: { name: "adam", learningRate: 0.001 }, training: { epochs: 150, batchSize: 32 } } },

  // over-regularized
  { name: "football-l2-50", expect: "over-regularized", planted: "L2 lambda 50", spec: { data: { source: "football" }, l2: 50, training: { epochs: 1500 } } },
  { name: "circles-l1-30-f32", expect: "over-regularized", planted: "L1 lambda 30 (kills ReLU units)", spec: { data: { source: "circles" }, l1: 30, model: { dtype: "float32", hidden: hidden([16, 16]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300, batchSize: 64 } } },
  { name: "moons-dropout-0.8", expect: "over-regularized", planted: "dropout rate 0.8 on a small network", spec: { data: { source: "moons" }, dropout: 0.8, model: { hidden: hidden([8, 8]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300, batchSize: 32 } } },

  // high bias
  { name: "spirals-2-units", expect: "high-bias", planted: "two tanh units for two spirals", spec: { data: { source: "spirals" }, model: { hidden: hidden([2], "tanh") }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 400, batchSize: 64 } } },
  { name: "flower-1-unit-f32", expect: "high-bias", planted: "one tanh unit for the flower", spec: { data: { source: "flower" }, model: { dtype: "float32", hidden: hidden([1], "tanh") }, optimizer: { name: "adam", learningRate: 0.05 }, training: { epochs: 300, batchSize: 64 } } },

  // high variance
  { name: "moons-small-big-net", expect: "high-variance", planted: "200 noisy examples, two layers of 100, long Adam", spec: { data: { source: "moons", n: 200, noise: 0.35 }, model: { hidden: hidden([100, 100]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 1500, batchSize: "full" } } },
  { name: "blobs-noisy-big-net-f32", expect: "high-variance", planted: "overlapping blobs, a wide network trained to memorize", spec: { data: { source: "blobs", n: 300, classes: 5, noise: 1.2 }, model: { dtype: "float32", hidden: hidden([128, 128]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 1000, batchSize: "full" } } },

  // data problems
  // (one-class.csv, every row labelled the same, is no scenario any more: the CLI refuses it before training, exit 2.)
  { name: "scaled-csv-tiny-dev", expect: "data-problem", planted: "split [0.96, 0.02, 0.02] of a 500-row CSV: a dev set of 10", spec: { data: csv("scaled.csv", "label"), split: [0.96, 0.02, 0.02], model: { hidden: hidden([16, 16]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 200 } } },
  { name: "circles-tiny-dev", expect: "data-problem", planted: "60 examples: a dev set of 12", spec: { data: { source: "circles", n: 60 }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300 } } },

  // healthy
  { name: "football-l2-0.7", expect: "healthy", planted: "the course's L2 0.7 (football's baseline error is about 8%)", spec: { data: { source: "football" }, l2: 0.7, baselineError: 0.08, training: { epochs: 3000 } } },
  { name: "moons-he-adam", expect: "healthy", planted: "a sound network on clean moons", spec: { data: { source: "moons", n: 600, noise: 0.1 }, model: { hidden: hidden([16, 16]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 150, batchSize: 32 } } },
  { name: "circles-tanh-f32", expect: "healthy", planted: "the playground's default, trained", spec: { data: { source: "circles", n: 400, noise: 0.1 }, model: { dtype: "float32", hidden: hidden([8, 8], "tanh", { init: "lecun" }) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 150, batchSize: 32 } } },
  { name: "scaled-csv", expect: "healthy", planted: "a well-scaled CSV, normalized", spec: { data: csv("scaled.csv", "label"), model: { hidden: hidden([16, 16]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 200, batchSize: 32 }, baselineError: 0.02 } },
  { name: "blobs-f32", expect: "healthy", planted: "separable blobs, a small network", spec: { data: { source: "blobs", n: 600, classes: 3, noise: 0.5 }, model: { dtype: "float32", hidden: hidden([16]) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 100, batchSize: 32 } } },
];

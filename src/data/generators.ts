import { checkInRange, checkNonNegative, checkOptions, checkPositive, checkPositiveInteger, fail, failReceived } from "../errors.js";
import { portableCos, portableSin } from "../tensor/portable-math.js";
import { Rng } from "../tensor/rng.js";
import { Tensor } from "../tensor/tensor.js";
import type { Dataset } from "./dataset.js";

export interface GeneratorOptions {
  /** Number of examples. */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (the spread, for blobs). */
  noise?: number;
  /** Seed of the generator. Default 0. */
  seed?: number;
  /** Shuffle the examples (else they come class by class). Default true. */
  shuffle?: boolean;
}

export interface ClassesOptions extends GeneratorOptions {
  /** Number of classes. */
  classes?: number;
}

type Point = (i: number, rng: Rng) => [number, number, number];

const COMMON_OPTIONS = ["n", "noise", "seed", "shuffle"];

/** The generator's options, every field known and the common ones of the right type. */
function checkGeneratorOptions<T extends GeneratorOptions>(name: string, options: T, extra: readonly string[] = []): T {
  checkOptions(name, options, [...COMMON_OPTIONS, ...extra], "{ n: 300, noise: 0.1, seed: 0 }");
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) fail(name, "seed must be a whole number", options.seed);
  if (options.shuffle !== undefined && typeof options.shuffle !== "boolean") fail(name, "shuffle must be true or false", options.shuffle);
  return options;
}

/** `classCount` 0: a regression set (the point's third value is the target). */
function build(name: string, options: GeneratorOptions, defaults: { n: number; noise: number }, point: Point, classCount: number): Dataset {
  const n = checkPositiveInteger(name, "n", options.n ?? defaults.n);
  const noise = checkNonNegative(name, "noise", options.noise ?? defaults.noise);
  const rng = new Rng(options.seed ?? 0);
  const x = Tensor.zeros(n, 2, "float64");
  const y = Tensor.zeros(n, 1, "float64");
  for (let i = 0; i < n; i++) {
    const [a, b, label] = point(i, rng);
    x.data[2 * i] = a + noise * rng.normal();
    x.data[2 * i + 1] = b + noise * rng.normal();
    y.data[i] = label;
  }
  const ids = Int32Array.from({ length: n }, (_, i) => i);
  let data: Dataset = {
    x,
    y,
    featureNames: ["x1", "x2"],
    labelName: "y",
    task: classCount === 0 ? "regression" : classCount === 2 ? "binary" : "multiclass",
    classes: classCount === 0 ? null : Array.from({ length: classCount }, (_, i) => i),
    ids,
  };
  if (options.shuffle ?? true) {
    const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    data = { ...data, x: x.gatherRows(order), y: y.gatherRows(order) };
  }
  return data;
}

/** Two concentric circles; label 1 is the inner one (radius `factor` of the outer), as in the course. */
export function circles(options: GeneratorOptions & { factor?: number } = {}): Dataset {
  checkGeneratorOptions("circles", options, ["factor"]);
  const factor = checkInRange("circles", "factor", options.factor ?? 0.5, 0, 1);
  const n = options.n ?? 300;
  return build("circles", options, { n: 300, noise: 0.05 }, (i) => {
    const half = Math.floor(n / 2);
    const inner = i >= half ? 1 : 0;
    const t = (2 * Math.PI * (inner ? i - half : i)) / Math.max(1, inner ? n - half : half);
    const r = inner ? factor : 1;
    return [r * portableCos(t), r * portableSin(t), inner];
  }, 2);
}

/** Two interleaving half circles. */
export function moons(options: GeneratorOptions = {}): Dataset {
  checkGeneratorOptions("moons", options);
  const n = options.n ?? 300;
  const half = Math.floor(n / 2);
  return build("moons", options, { n: 300, noise: 0.1 }, (i) => {
    if (i < half) {
      const t = (Math.PI * i) / Math.max(1, half - 1);
      return [portableCos(t), portableSin(t), 0];
    }
    const t = (Math.PI * (i - half)) / Math.max(1, n - half - 1);
    return [1 - portableCos(t), 0.5 - portableSin(t), 1];
  }, 2);
}

/** Interleaved spiral arms, one per class (hard for a small network). */
export function spirals(options: ClassesOptions & { turns?: number } = {}): Dataset {
  checkGeneratorOptions("spirals", options, ["classes", "turns"]);
  const k = checkPositiveInteger("spirals", "classes", options.classes ?? 2);
  if (k < 2) fail("spirals", "classes must be at least 2", k);
  const turns = checkPositive("spirals", "turns", options.turns ?? 1.75);
  const n = options.n ?? 300;
  return build("spirals", options, { n: 300, noise: 0.05 }, (i) => {
    const label = i % k;
    const t = Math.floor(i / k) / Math.max(1, Math.ceil(n / k) - 1); // 0..1 along the arm
    const angle = 2 * Math.PI * (turns * t + label / k);
    return [t * portableCos(angle), t * portableSin(angle), label];
  }, k);
}

/**
 * The course's planar "flower": petals of r = 4 sin(4t) alternating between two classes. Its own
 * jitter (0.2 on t and on r) is built in; `noise` adds to it.
 */
export function flower(options: GeneratorOptions = {}): Dataset {
  checkGeneratorOptions("flower", options);
  const n = options.n ?? 400;
  const half = Math.floor(n / 2);
  return build("flower", options, { n: 400, noise: 0 }, (i, rng) => {
    const label = i < half ? 0 : 1;
    const j = label === 0 ? i : i - half;
    const count = label === 0 ? half : n - half;
    const t = label * 3.12 + (3.12 * j) / Math.max(1, count - 1) + 0.2 * rng.normal();
    const r = 4 * portableSin(4 * t) + 0.2 * rng.normal();
    return [r * portableSin(t), r * portableCos(t), label];
  }, 2);
}

/** XOR: label 1 where x1 and x2 have the same sign, points uniform in [-1, 1]^2, classes alternating. */
export function xor(options: GeneratorOptions = {}): Dataset {
  checkGeneratorOptions("xor", options);
  return build("xor", options, { n: 300, noise: 0.05 }, (i, rng) => {
    const label = i % 2;
    const a = rng.uniformIn(-1, 1);
    const b = rng.uniform() * (label === 1 ? Math.sign(a) || 1 : -(Math.sign(a) || 1));
    return [a, b, label];
  }, 2);
}

/** k Gaussian blobs with centres evenly on a circle of radius 2.5; `noise` is each blob's std. */
export function blobs(options: ClassesOptions = {}): Dataset {
  checkGeneratorOptions("blobs", options, ["classes"]);
  const k = checkPositiveInteger("blobs", "classes", options.classes ?? 3);
  if (k < 2) fail("blobs", "classes must be at least 2", k);
  return build("blobs", options, { n: 300, noise: 0.6 }, (i) => {
    const label = i % k;
    const angle = (2 * Math.PI * label) / k;
    return [2.5 * portableCos(angle), 2.5 * portableSin(angle), label];
  }, k);
}

/**
 * A stand-in for the course's "French football" data (which nnlab does not ship): where on the field the
 * goalkeeper's kick was headed by the own team (1) or the opponent (0), two classes split by a wavy
 * boundary with 8% of the points on the wrong side, so an unregularized network overfits them.
 */
export function football(options: GeneratorOptions = {}): Dataset {
  checkGeneratorOptions("football", options);
  return build("football", options, { n: 211, noise: 0 }, (i, rng) => {
    const label = i % 2;
    const wrongSide = rng.uniform() < 0.08;
    for (;;) {
      const a = rng.uniformIn(-0.8, 0.8);
      const b = rng.uniformIn(-0.8, 0.8);
      const side = b > 0.25 * portableSin(4 * a) ? 1 : 0;
      if ((side === label) !== wrongSide) return [a, b, label];
    }
  }, 2);
}

/**
 * TensorFlow Playground's "Gaussian" set: two round clusters, class 1 around (2, 2) and class 0 around
 * (-2, -2); `noise` is each cluster's std (default 1: they touch but hardly overlap).
 */
export function gauss(options: GeneratorOptions = {}): Dataset {
  checkGeneratorOptions("gauss", options);
  return build("gauss", options, { n: 300, noise: 1 }, (i) => (i % 2 ? [2, 2, 1] : [-2, -2, 0]), 2);
}

/**
 * Regression (TensorFlow Playground's "plane"): inputs uniform in [-6, 6]^2, target (x1 + x2) / 10 of the
 * point before `noise` moves it (so noise blurs which input gave which target).
 */
export function plane(options: GeneratorOptions = {}): Dataset {
  checkGeneratorOptions("plane", options);
  return build("plane", options, { n: 300, noise: 0 }, (_i, rng) => {
    const a = rng.uniformIn(-6, 6);
    const b = rng.uniformIn(-6, 6);
    return [a, b, (a + b) / 10];
  }, 0);
}

/** The bumps of gaussMixture: centre and sign. */
const BUMPS: ReadonlyArray<readonly [number, number, number]> = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];

/**
 * Regression (TensorFlow Playground's "multi-Gaussian"): inputs uniform in [-6, 6]^2; six bumps of
 * alternating sign in two rows, each falling linearly from +-1 at its centre to 0 at distance 2; the
 * target is the largest in size of the bumps at the point (before `noise` moves it).
 */
export function gaussMixture(options: GeneratorOptions = {}): Dataset {
  checkGeneratorOptions("gauss-mixture", options);
  return build("gauss-mixture", options, { n: 300, noise: 0 }, (_i, rng) => {
    const a = rng.uniformIn(-6, 6);
    const b = rng.uniformIn(-6, 6);
    let target = 0;
    for (const [cx, cy, sign] of BUMPS) {
      // (sqrt is exact in IEEE arithmetic, so every engine gives the same bits; Math.hypot is not specified to the bit)
      const bump = sign * Math.max(0, 1 - Math.sqrt((a - cx) * (a - cx) + (b - cy) * (b - cy)) / 2);
      if (Math.abs(bump) > Math.abs(target)) target = bump;
    }
    return [a, b, target];
  }, 0);
}

export const generators = { circles, moons, spirals, flower, xor, blobs, football, gauss, plane, "gauss-mixture": gaussMixture } as const;
/** The generators whose target is a number, not a class. */
export const regressionGenerators: readonly string[] = ["plane", "gauss-mixture"];
export type GeneratorName = keyof typeof generators;

/** A built-in dataset by name, e.g. `generate("moons", { n: 500, noise: 0.2, seed: 1 })`. */
export function generate(name: GeneratorName, options: ClassesOptions = {}): Dataset {
  const make = generators[name];
  if (!make) fail("generate", `a dataset name among ${Object.keys(generators).join(", ")}`, name);
  return make(options);
}

/** The input features TensorFlow Playground offers for 2-D data, as the spec's `data.inputFeatures` names them. */
export const INPUT_FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2"] as const;
export type InputFeature = (typeof INPUT_FEATURES)[number];

const FEATURE_OF: Record<InputFeature, (a: number, b: number) => number> = {
  x1: (a) => a,
  x2: (_a, b) => b,
  "x1^2": (a) => a * a,
  "x2^2": (_a, b) => b * b,
  "x1*x2": (a, b) => a * b,
  "sin x1": (a) => portableSin(a),
  "sin x2": (_a, b) => portableSin(b),
};

/**
 * 2-D inputs (x1, x2) as the features named, one column each in that order: what a network with only
 * linear units needs to draw a circle (x1^2, x2^2) or a checkerboard (x1*x2). Sines are the library's
 * portable ones (the same bits in every engine).
 */
export function inputFeatures(x: Tensor, names: readonly InputFeature[]): Tensor {
  if (x.cols !== 2) failReceived("inputFeatures", "2-D inputs (x1, x2) to compute the input features from", `${x.cols} columns`);
  const fns = names.map((name) => FEATURE_OF[name] ?? fail("inputFeatures", `a feature among ${INPUT_FEATURES.join(", ")}`, name));
  const out = Tensor.zeros(x.rows, names.length, "float64");
  for (let i = 0; i < x.rows; i++) {
    const a = x.data[2 * i]!;
    const b = x.data[2 * i + 1]!;
    for (let k = 0; k < fns.length; k++) out.data[i * fns.length + k] = fns[k]!(a, b);
  }
  return out;
}

/** A 2-D dataset with its inputs replaced by the named input features (see inputFeatures). */
export function withInputFeatures(data: Dataset, names: readonly InputFeature[]): Dataset {
  if (data.x.cols !== 2) failReceived("data.inputFeatures", "data with 2 input features (x1, x2)", `${data.x.cols} features (${data.featureNames.join(", ")})`);
  return { ...data, x: inputFeatures(data.x, names), featureNames: [...names], inputFeaturesFrom: [...data.featureNames] };
}

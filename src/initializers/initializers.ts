import { checkPositive, fail } from "../errors.js";
import type { Rng } from "../tensor/rng.js";
import type { TypedArray } from "../tensor/tensor.js";

/** Fills a weight matrix of a layer with `fanIn` inputs and `fanOut` outputs. */
export interface Initializer {
  readonly name: string;
  initialize(values: TypedArray, fanIn: number, fanOut: number, rng: Rng): void;
}

export interface VarianceScalingOptions {
  /** Multiplies the variance: 2 for ReLU (He), 1 for tanh (LeCun). Default 1. */
  scale?: number;
  /** Which fan divides the scale: inputs, outputs or their mean. Default "fanIn". */
  mode?: "fanIn" | "fanOut" | "fanAvg";
  /** Normal draws, or uniform on [-limit, limit] with the same variance. Default "normal". */
  distribution?: "normal" | "uniform";
}

/**
 * The one formula behind He, LeCun and Glorot: variance = scale / n, with n the fan chosen by `mode`.
 * Normal draws are untruncated (the course's convention: N(0,1) * sqrt(scale/n)); uniform draws use
 * limit = sqrt(3 * scale / n), which has the same variance.
 */
export function varianceScaling(options: VarianceScalingOptions = {}, name = "varianceScaling"): Initializer {
  const scale = checkPositive("varianceScaling", "scale", options.scale ?? 1);
  const mode = options.mode ?? "fanIn";
  const distribution = options.distribution ?? "normal";
  if (mode !== "fanIn" && mode !== "fanOut" && mode !== "fanAvg") {
    fail("varianceScaling", 'mode must be "fanIn", "fanOut" or "fanAvg"', mode);
  }
  if (distribution !== "normal" && distribution !== "uniform") {
    fail("varianceScaling", 'distribution must be "normal" or "uniform"', distribution);
  }
  return {
    name,
    initialize(values, fanIn, fanOut, rng) {
      const n = mode === "fanIn" ? fanIn : mode === "fanOut" ? fanOut : (fanIn + fanOut) / 2;
      const variance = scale / Math.max(1, n);
      if (distribution === "normal") {
        const std = Math.sqrt(variance);
        for (let i = 0; i < values.length; i++) values[i] = rng.normal() * std;
      } else {
        const limit = Math.sqrt(3 * variance);
        for (let i = 0; i < values.length; i++) values[i] = rng.uniformIn(-limit, limit);
      }
    },
  };
}

/** All zeros: every unit of a layer computes the same function, so symmetry is never broken. */
export function zeros(): Initializer {
  return { name: "zeros", initialize: (values) => values.fill(0) };
}

/** N(0, 1) * scale, the course's "random" initialization (scale 10 shows saturation). */
export function randomNormal(options: { scale?: number } = {}): Initializer {
  const scale = checkPositive("randomNormal", "scale", options.scale ?? 0.01);
  return {
    name: `randomNormal(${scale})`,
    initialize(values, _fanIn, _fanOut, rng) {
      for (let i = 0; i < values.length; i++) values[i] = rng.normal() * scale;
    },
  };
}

/** He: std sqrt(2 / fanIn), for ReLU layers. */
export const heNormal = (): Initializer => varianceScaling({ scale: 2 }, "heNormal");
export const heUniform = (): Initializer => varianceScaling({ scale: 2, distribution: "uniform" }, "heUniform");
/** LeCun: std sqrt(1 / fanIn), for tanh layers (what the course calls "Xavier"). */
export const lecunNormal = (): Initializer => varianceScaling({ scale: 1 }, "lecunNormal");
export const lecunUniform = (): Initializer => varianceScaling({ scale: 1, distribution: "uniform" }, "lecunUniform");
/** Glorot (Xavier Glorot's paper): std sqrt(2 / (fanIn + fanOut)). */
export const glorotNormal = (): Initializer => varianceScaling({ scale: 1, mode: "fanAvg" }, "glorotNormal");
export const glorotUniform = (): Initializer =>
  varianceScaling({ scale: 1, mode: "fanAvg", distribution: "uniform" }, "glorotUniform");

export type InitializerName =
  | "zeros"
  | "randomNormal"
  | "he"
  | "heNormal"
  | "heUniform"
  | "lecun"
  | "lecunNormal"
  | "lecunUniform"
  | "glorot"
  | "glorotNormal"
  | "glorotUniform";

const byName: Record<InitializerName, () => Initializer> = {
  zeros,
  randomNormal: () => randomNormal(),
  he: heNormal,
  heNormal,
  heUniform,
  lecun: lecunNormal,
  lecunNormal,
  lecunUniform,
  glorot: glorotNormal,
  glorotNormal,
  glorotUniform,
};

export function resolveInitializer(where: string, value: Initializer | InitializerName): Initializer {
  if (typeof value === "string") {
    const make = byName[value];
    if (!make) fail(where, `initializer must be one of ${Object.keys(byName).join(", ")}`, value);
    return make();
  }
  if (!value || typeof value.initialize !== "function") fail(where, "initializer must be a name or an Initializer", value);
  return value;
}

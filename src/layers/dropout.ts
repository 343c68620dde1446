import { checkInRange, checkOptions, fail, failReceived, NnlabError } from "../errors.js";
import { checkTensor } from "../tensor/check-tensor.js";
import { BufferCache } from "../tensor/buffer-cache.js";
import type { Rng } from "../tensor/rng.js";
import { type Tensor } from "../tensor/tensor.js";
import type { BuildContext, Layer, Mode, Param } from "./layer.js";

export interface DropoutOptions {
  /**
   * Fraction of units dropped in training, in [0, 1) (the Keras/PyTorch convention; the course's
   * keep_prob is 1 - rate).
   */
  rate: number;
}

/**
 * Inverted dropout. Training: each unit is kept with probability keepProb = 1 - rate and the kept ones
 * are divided by keepProb, so the expected activation is unchanged and evaluation needs no rescaling.
 * Evaluation: identity. Masks come from the layer's own seeded stream, fresh for every forward pass,
 * unless a fixed mask is set (for gradient checking, or to replay the course's frozen masks).
 */
export class Dropout implements Layer {
  readonly type = "dropout";
  readonly rate: number;
  readonly keepProb: number;
  inputGradientNeeded = true;
  private rng: Rng | null = null;
  private fixedMask: Tensor | null = null;
  /** The scale applied to each unit in the last training pass: 0 or 1 / keepProb. */
  private scale: Tensor | null = null;
  private readonly scales = new BufferCache();
  private readonly outputs = new BufferCache();
  private readonly gradInputs = new BufferCache();
  private lastWasTraining = false;

  constructor(options: DropoutOptions) {
    if (!options || typeof options !== "object") fail("Dropout", "options must be an object like { rate: 0.2 }", options);
    checkOptions("Dropout", options, ["rate"], "{ rate: 0.2 }");
    this.rate = checkInRange("Dropout", "rate", options.rate, 0, 1);
    this.keepProb = 1 - this.rate;
  }

  build({ inputSize, rng }: BuildContext): number {
    this.rng = rng;
    return inputSize;
  }

  params(): Param[] {
    return [];
  }

  /**
   * Uses `mask` (1 = keep, 0 = drop, shape [examples, units]) for every training pass instead of fresh
   * random masks; `null` returns to fresh masks.
   */
  setFixedMask(mask: Tensor | null): void {
    if (mask != null) checkTensor("Dropout.setFixedMask", "mask", mask);
    if (mask) {
      for (let i = 0; i < mask.data.length; i++) {
        const v = mask.data[i];
        if (v !== 0 && v !== 1) failReceived("Dropout.setFixedMask", "a mask of 0s and 1s", `${v} at index ${i}`);
      }
    }
    this.fixedMask = mask ?? null;
  }

  get hasFixedMask(): boolean {
    return this.fixedMask !== null;
  }

  /** The fixed mask set by setFixedMask, or null (a float64 copy for gradient checking takes it over). */
  get fixedMaskTensor(): Tensor | null {
    return this.fixedMask;
  }

  forward(input: Tensor, mode: Mode): Tensor {
    this.lastWasTraining = mode === "train" && this.rate > 0;
    if (!this.lastWasTraining) return input;
    const scale = this.scales.get(input.rows, input.cols, input.dtype);
    const S = scale.data;
    const inverse = 1 / this.keepProb;
    const fixed = this.fixedMask;
    if (fixed) {
      if (fixed.rows !== input.rows || fixed.cols !== input.cols) {
        throw new NnlabError(
          `Dropout: the fixed mask must have the input's shape [${input.rows}, ${input.cols}]; received [${fixed.rows}, ${fixed.cols}]`,
        );
      }
      const M = fixed.data;
      for (let i = 0; i < S.length; i++) S[i] = M[i]! * inverse;
    } else {
      const rng = this.rng;
      if (!rng) failReceived("Dropout", "the layer to be built into a model before training", "an unbuilt layer");
      // keep when u < keepProb, u uniform on 32 bits
      const threshold = this.keepProb * 4294967296;
      rng.fillBelow(S, threshold, inverse);
    }
    const out = this.outputs.get(input.rows, input.cols, input.dtype);
    const X = input.data;
    const O = out.data;
    for (let i = 0; i < O.length; i++) O[i] = X[i]! * S[i]!;
    this.scale = scale;
    return out;
  }

  backward(outputGrad: Tensor): Tensor {
    if (!this.lastWasTraining) return outputGrad;
    const gradInput = this.gradInputs.get(outputGrad.rows, outputGrad.cols, outputGrad.dtype);
    const G = outputGrad.data;
    const S = this.scale!.data;
    const out = gradInput.data;
    for (let i = 0; i < out.length; i++) out[i] = G[i]! * S[i]!;
    return gradInput;
  }

  getConfig(): Record<string, unknown> {
    return { rate: this.rate };
  }
}

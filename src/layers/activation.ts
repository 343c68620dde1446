import { checkOptions } from "../errors.js";
import { BufferCache } from "../tensor/buffer-cache.js";
import type { Tensor } from "../tensor/tensor.js";
import { type ActivationFunction, type ActivationName, resolveActivation } from "./activation-functions.js";
import type { BuildContext, Mode, OutputActivationLayer, Param } from "./layer.js";

/** An activation as a layer of its own (Dense also takes `activation` directly). */
export class Activation implements OutputActivationLayer {
  readonly type: string;
  readonly fn: ActivationFunction;
  inputGradientNeeded = true;
  private input: Tensor | null = null;
  private output: Tensor | null = null;
  private readonly outputs = new BufferCache();
  private readonly gradInputs = new BufferCache();

  constructor(name: ActivationName, config: { alpha?: number } = {}) {
    // alpha is leaky ReLU's slope; a misspelt { slope: 0.2 } kept the default 0.01
    checkOptions("Activation", config, ["alpha"], "{ alpha: 0.2 }");
    this.fn = resolveActivation("Activation", name, config);
    this.type = this.fn.name;
  }

  get activationName(): string {
    return this.fn.name;
  }

  build({ inputSize }: BuildContext): number {
    return inputSize;
  }

  params(): Param[] {
    return [];
  }

  forward(input: Tensor, _mode: Mode): Tensor {
    const out = this.outputs.get(input.rows, input.cols, input.dtype);
    this.fn.forward(input, out);
    this.input = input;
    this.output = out;
    return out;
  }

  backward(outputGrad: Tensor): Tensor {
    const gradInput = this.gradInputs.get(outputGrad.rows, outputGrad.cols, outputGrad.dtype);
    this.fn.backward(this.input!, this.output!, outputGrad, gradInput);
    return gradInput;
  }

  forwardToLogits(input: Tensor, _mode: Mode): Tensor {
    this.input = input;
    this.output = this.outputs.get(input.rows, input.cols, input.dtype);
    return input;
  }

  activationOutput(): Tensor {
    return this.output!;
  }

  logits(): Tensor {
    return this.input!;
  }

  /** The gradient with respect to the logits is this layer's input gradient: pass it through. */
  backwardFromLogits(logitsGrad: Tensor): Tensor {
    return logitsGrad;
  }

  getConfig(): Record<string, unknown> {
    return this.fn.config.alpha !== undefined ? { alpha: this.fn.config.alpha } : {};
  }
}

export const relu = (): Activation => new Activation("relu");
export const leakyRelu = (options: { alpha?: number } = {}): Activation => new Activation("leakyRelu", options);
export const tanh = (): Activation => new Activation("tanh");
export const sigmoid = (): Activation => new Activation("sigmoid");
export const softmax = (): Activation => new Activation("softmax");

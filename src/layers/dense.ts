import { checkOptions, checkPositiveInteger, fail, failReceived } from "../errors.js";
import { type Initializer, type InitializerName, resolveInitializer } from "../initializers/initializers.js";
import type { Regularizer } from "../regularizers/regularizer.js";
import { BufferCache } from "../tensor/buffer-cache.js";
import {
  denseBackward,
  matmul,
  matmulAddBias,
  matmulAddBiasRelu,
  matmulTransA,
  matmulTransB,
} from "../tensor/kernels.js";
import { Tensor } from "../tensor/tensor.js";
import { type ActivationFunction, type ActivationName, resolveActivation } from "./activation-functions.js";
import type { BuildContext, Mode, OutputActivationLayer, Param } from "./layer.js";

export interface DenseOptions {
  /** Number of output units; a positive integer. */
  units: number;
  /** Applied after the affine map. Default "linear". */
  activation?: ActivationName;
  /** Slope for negative inputs when activation is "leakyRelu". Default 0.01. */
  alpha?: number;
  /**
   * How W starts. Default: He normal for ReLU and leaky ReLU, LeCun normal for tanh and sigmoid,
   * Glorot uniform otherwise — the course's advice, so the default is never the slip it warns about.
   */
  kernelInitializer?: Initializer | InitializerName;
  /** Penalty on W, e.g. `l2(0.7)`. Default none. */
  kernelRegularizer?: Regularizer;
  /** Penalty on b. Default none: biases are not regularized unless asked. */
  biasRegularizer?: Regularizer;
  /** Default true. Biases start at 0. */
  useBias?: boolean;
}

/** DenseOptions' fields, for refusing a misspelt one (a Record: a new field must be listed). */
const DENSE_OPTION_FIELDS: Record<keyof DenseOptions, true> = {
  units: true,
  activation: true,
  alpha: true,
  kernelInitializer: true,
  kernelRegularizer: true,
  biasRegularizer: true,
  useBias: true,
};
const DENSE_OPTION_KEYS = Object.keys(DENSE_OPTION_FIELDS);

function defaultInitializer(activation: ActivationName): InitializerName {
  if (activation === "relu" || activation === "leakyRelu") return "heNormal";
  if (activation === "tanh" || activation === "sigmoid") return "lecunNormal";
  return "glorotUniform";
}

/**
 * A regularizer option must be a Regularizer (l2(0.7), l1(...), l1l2(...)): a number or a name was taken and
 * failed only inside fit ("p.regularizer.penalty is not a function").
 */
function checkRegularizer(name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const r = value as Partial<Regularizer>;
  if (typeof value !== "object" || typeof r.penalty !== "function" || typeof r.addGradient !== "function") {
    fail("Dense", `${name} must be a Regularizer such as l2(0.7), l1(0.01) or l1l2({ l1, l2 })`, value);
  }
}

/**
 * Fully connected layer: Z = X W + b, A = g(Z), with X [examples, inputs], W [inputs, units],
 * b [1, units]. (The course writes W^[l] as [units, inputs] acting on column examples; this is its
 * transpose.)
 */
export class Dense implements OutputActivationLayer {
  readonly type = "dense";
  readonly units: number;
  readonly activation: ActivationFunction;
  inputGradientNeeded = true;
  private readonly initializer: Initializer;
  private readonly options: DenseOptions;
  private weight!: Param;
  private bias: Param | null = null;
  private input: Tensor | null = null;
  private z: Tensor | null = null;
  private a: Tensor | null = null;
  private readonly zBuffers = new BufferCache();
  private readonly aBuffers = new BufferCache();
  private readonly gradZBuffers = new BufferCache();
  private readonly gradInputBuffers = new BufferCache();

  constructor(options: DenseOptions) {
    if (!options || typeof options !== "object") fail("Dense", "options must be an object like { units: 10 }", options);
    // a misspelt option (Keras' kernel_regularizer) trained without it, without a word
    checkOptions("Dense", options, DENSE_OPTION_KEYS, "{ units: 10 }");
    // a truthy "no" (an edited model file) kept the bias
    if (options.useBias !== undefined && typeof options.useBias !== "boolean") fail("Dense", "useBias must be true or false", options.useBias);
    this.units = checkPositiveInteger("Dense", "units", options.units);
    this.options = options;
    const activationName = options.activation ?? "linear";
    this.activation = resolveActivation("Dense", activationName, { alpha: options.alpha });
    this.initializer = resolveInitializer("Dense", options.kernelInitializer ?? defaultInitializer(activationName));
    checkRegularizer("kernelRegularizer", options.kernelRegularizer);
    checkRegularizer("biasRegularizer", options.biasRegularizer);
  }

  get activationName(): string {
    return this.activation.name;
  }

  build({ inputSize, dtype, rng }: BuildContext): number {
    const W = Tensor.zeros(inputSize, this.units, dtype);
    this.initializer.initialize(W.data, inputSize, this.units, rng);
    this.weight = { name: "W", role: "weight", value: W, grad: Tensor.zeros(inputSize, this.units, dtype) };
    if (this.options.kernelRegularizer) this.weight.regularizer = this.options.kernelRegularizer;
    if (this.options.useBias ?? true) {
      this.bias = { name: "b", role: "bias", value: Tensor.zeros(1, this.units, dtype), grad: Tensor.zeros(1, this.units, dtype) };
      if (this.options.biasRegularizer) this.bias.regularizer = this.options.biasRegularizer;
    }
    return this.units;
  }

  params(): Param[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  forward(input: Tensor, _mode: Mode): Tensor {
    this.prepare(input);
    const z = this.z!;
    const a = this.a!;
    if (this.bias && this.activation.name === "relu") {
      matmulAddBiasRelu(input, this.weight.value, this.bias.value, z, a); // the common hidden layer: one fused pass
    } else {
      this.affine(input, z);
      if (a !== z) this.activation.forward(z, a);
    }
    return a;
  }

  forwardToLogits(input: Tensor, _mode: Mode): Tensor {
    this.prepare(input);
    this.affine(input, this.z!);
    return this.z!;
  }

  /** Checks the input and takes this batch size's z and a buffers into this.z and this.a (a is z when linear). */
  private prepare(input: Tensor): void {
    const W = this.weight.value;
    if (input.cols !== W.rows) {
      failReceived("Dense.forward", `input must have ${W.rows} columns (features)`, `${input.cols} columns`);
    }
    this.input = input;
    this.z = this.zBuffers.get(input.rows, this.units, W.dtype);
    this.a = this.activation.name === "linear" ? this.z : this.aBuffers.get(input.rows, this.units, W.dtype);
  }

  /** z = input W + b. */
  private affine(input: Tensor, z: Tensor): void {
    if (this.bias) matmulAddBias(input, this.weight.value, this.bias.value, z);
    else matmul(input, this.weight.value, z);
  }

  activationOutput(): Tensor {
    if (!this.a) failReceived("Dense.activationOutput", "a forward pass first", "none");
    return this.a;
  }

  logits(): Tensor {
    if (!this.z) failReceived("Dense.logits", "a forward pass first", "none");
    return this.z;
  }

  backward(outputGrad: Tensor): Tensor {
    if (!this.z || !this.a) failReceived("Dense.backward", "a forward pass before backward", "none");
    let gradZ = outputGrad;
    if (this.activation.name !== "linear") {
      gradZ = this.gradZBuffers.get(outputGrad.rows, this.units, outputGrad.dtype);
      // the common hidden layer: ReLU's backward, dW, db and dX in one kernel call
      if (this.bias && this.activation.name === "relu") return this.fusedBackward(this.z, outputGrad, gradZ);
      this.activation.backward(this.z, this.a, outputGrad, gradZ);
    }
    return this.backwardFromLogits(gradZ);
  }

  backwardFromLogits(gradZ: Tensor): Tensor {
    const input = this.input;
    if (!input) failReceived("Dense.backward", "a forward pass before backward", "none");
    // dW = X^T dZ, db = the sum over examples of dZ, dX = dZ W^T (with a bias, in one kernel call)
    if (this.bias) return this.fusedBackward(null, gradZ, gradZ);
    matmulTransA(input, gradZ, this.weight.grad);
    const gradInput = this.gradInputBuffers.get(input.rows, input.cols, gradZ.dtype);
    if (this.inputGradientNeeded) matmulTransB(gradZ, this.weight.value, gradInput); // dX = dZ W^T
    return gradInput;
  }

  /** Backward with a bias, through one kernel: z given for ReLU's backward; gradZ is its scratch. */
  private fusedBackward(z: Tensor | null, g: Tensor, gradZ: Tensor): Tensor {
    const input = this.input!;
    const gradInput = this.gradInputBuffers.get(input.rows, input.cols, g.dtype);
    const dX = this.inputGradientNeeded ? gradInput : null;
    denseBackward(input, z, g, this.weight.value, gradZ, this.weight.grad, this.bias!.grad, dX);
    return gradInput;
  }

  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      units: this.units,
      activation: this.activation.name,
      useBias: this.bias !== null,
      kernelInitializer: this.initializer.name,
    };
    if (this.activation.config.alpha !== undefined) config.alpha = this.activation.config.alpha;
    if (this.options.kernelRegularizer) config.kernelRegularizer = this.options.kernelRegularizer.config;
    if (this.options.biasRegularizer) config.biasRegularizer = this.options.biasRegularizer.config;
    return config;
  }
}

import { checkNonNegative, fail } from "../errors.js";
import { reluBackward } from "../tensor/kernels.js";
import { portableExp, portableLog, portableTanh } from "../tensor/portable-math.js";
import type { Tensor } from "../tensor/tensor.js";

// Called per element: read through module-level vars, not the imports (src/tensor/portable-math.ts says why).
var exp = portableExp, log = portableLog, tanhOf = portableTanh;

/**
 * An activation as a pair of element-wise (or, for softmax, row-wise) kernels. `forward` writes
 * a = g(z); `backward` writes gradZ = gradA * g'(z), given z and a (each uses whichever is cheaper).
 */
export interface ActivationFunction {
  readonly name: ActivationName;
  readonly config: { alpha?: number };
  forward(z: Tensor, a: Tensor): void;
  backward(z: Tensor, a: Tensor, gradA: Tensor, gradZ: Tensor): void;
}

export type ActivationName = "linear" | "relu" | "leakyRelu" | "tanh" | "sigmoid" | "softmax";

const linear: ActivationFunction = {
  name: "linear",
  config: {},
  forward(z, a) {
    if (a !== z) a.data.set(z.data);
  },
  backward(_z, _a, gradA, gradZ) {
    if (gradZ !== gradA) gradZ.data.set(gradA.data);
  },
};

/** ReLU: max(0, z); derivative 1 for z > 0 and 0 otherwise (0 at z = 0, as the course does). */
const relu: ActivationFunction = {
  name: "relu",
  config: {},
  forward(z, a) {
    const Z = z.data;
    const A = a.data;
    for (let i = 0; i < Z.length; i++) A[i] = Z[i]! > 0 ? Z[i]! : 0;
  },
  backward(z, _a, gradA, gradZ) {
    reluBackward(z, gradA, gradZ);
  },
};

/** Leaky ReLU: z for z > 0, alpha * z otherwise. */
function leakyRelu(alpha = 0.01): ActivationFunction {
  checkNonNegative("leakyRelu", "alpha", alpha);
  return {
    name: "leakyRelu",
    config: { alpha },
    forward(z, a) {
      const Z = z.data;
      const A = a.data;
      for (let i = 0; i < Z.length; i++) A[i] = Z[i]! > 0 ? Z[i]! : alpha * Z[i]!;
    },
    backward(z, _a, gradA, gradZ) {
      const Z = z.data;
      const G = gradA.data;
      const out = gradZ.data;
      for (let i = 0; i < Z.length; i++) out[i] = Z[i]! > 0 ? G[i]! : alpha * G[i]!;
    },
  };
}

const tanh: ActivationFunction = {
  name: "tanh",
  config: {},
  forward(z, a) {
    const Z = z.data;
    const A = a.data;
    for (let i = 0; i < Z.length; i++) A[i] = tanhOf(Z[i]!);
  },
  backward(_z, a, gradA, gradZ) {
    const A = a.data;
    const G = gradA.data;
    const out = gradZ.data;
    for (let i = 0; i < A.length; i++) out[i] = G[i]! * (1 - A[i]! * A[i]!);
  },
};

/**
 * Sigmoid 1 / (1 + e^-z), the course's formula for z >= 0 and e^z / (1 + e^z) below: the same value, with
 * the one exponential e^-|z| that binary cross-entropy also needs (see its valueAndOutputFromLogits).
 */
const sigmoid: ActivationFunction = {
  name: "sigmoid",
  config: {},
  forward(z, a) {
    const Z = z.data;
    const A = a.data;
    for (let i = 0; i < Z.length; i++) {
      const x = Z[i]!;
      const e = exp(-Math.abs(x));
      A[i] = x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }
  },
  backward(_z, a, gradA, gradZ) {
    const A = a.data;
    const G = gradA.data;
    const out = gradZ.data;
    for (let i = 0; i < A.length; i++) out[i] = G[i]! * A[i]! * (1 - A[i]!);
  },
};

/**
 * Softmax of the n values of Z from offset o into A, shifted by their maximum so that exp never
 * overflows; returns their log-sum-exp (max + log of the sum), which softmax cross-entropy shares.
 */
export function softmaxRow(Z: ArrayLike<number>, A: { [i: number]: number }, o: number, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) if (Z[o + j]! > max) max = Z[o + j]!;
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const e = exp(Z[o + j]! - max);
    A[o + j] = e;
    sum += e;
  }
  for (let j = 0; j < n; j++) A[o + j] = A[o + j]! / sum;
  return max + log(sum);
}

/** Softmax over each row (softmaxRow). */
const softmax: ActivationFunction = {
  name: "softmax",
  config: {},
  forward(z, a) {
    for (let r = 0; r < z.rows; r++) softmaxRow(z.data, a.data, r * z.cols, z.cols);
  },
  backward(_z, a, gradA, gradZ) {
    // gradZ_j = a_j * (gradA_j - sum_k gradA_k a_k)
    const n = a.cols;
    const A = a.data;
    const G = gradA.data;
    const out = gradZ.data;
    for (let r = 0; r < a.rows; r++) {
      const o = r * n;
      let dot = 0;
      for (let j = 0; j < n; j++) dot += G[o + j]! * A[o + j]!;
      for (let j = 0; j < n; j++) out[o + j] = A[o + j]! * (G[o + j]! - dot);
    }
  },
};

const fixed: Record<Exclude<ActivationName, "leakyRelu">, ActivationFunction> = {
  linear,
  relu,
  tanh,
  sigmoid,
  softmax,
};

export const activationNames: readonly ActivationName[] = ["linear", "relu", "leakyRelu", "tanh", "sigmoid", "softmax"];

export function resolveActivation(
  where: string,
  name: ActivationName | undefined,
  config: { alpha?: number } = {},
): ActivationFunction {
  if (name === undefined) return linear;
  if (name === "leakyRelu") return leakyRelu(config.alpha);
  const fn = fixed[name];
  if (!fn) fail(where, `activation must be one of ${activationNames.join(", ")}`, name);
  return fn;
}

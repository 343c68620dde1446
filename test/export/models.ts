/** The models the export tests round-trip: every output kind, both dtypes, with and without normalization. */
import { Activation, Dense, Dropout, Rng, Sequential, Standardization, Tensor, type DType } from "../../src/index.js";

export interface ExportCase {
  name: string;
  model: Sequential;
  /** Raw inputs (not normalized) to predict on. */
  x: Tensor;
}

/** Rows of raw features: feature j around means[j] with spread scales[j]. */
function rawInputs(rows: number, means: number[], scales: number[], dtype: DType, seed: number): Tensor {
  const rng = new Rng(seed);
  const x = Tensor.zeros(rows, means.length, dtype);
  for (let i = 0; i < rows; i++) for (let j = 0; j < means.length; j++) x.data[i * means.length + j] = means[j]! + scales[j]! * 1.5 * rng.normal();
  return x;
}

/** The initializer's weights, with biases of 0, 0.1 and 0.2 (a fresh model's are 0: untested). */
function withBiases(model: Sequential): Sequential {
  for (const p of model.params()) for (let i = 0; i < p.value.data.length; i++) p.value.data[i] = p.value.data[i]! + (p.role === "bias" ? 0.1 * (i % 3) : 0);
  return model;
}

export function exportCases(): ExportCase[] {
  const cases: ExportCase[] = [];
  const means = [5, 100, -3, 0.5];
  const scales = [0.5, 20, 2, 1];
  for (const dtype of ["float32", "float64"] as const) {
    const seed = dtype === "float32" ? 1 : 3;
    // binary sigmoid, tanh hidden, normalization, class indices
    {
      const x = rawInputs(200, means, scales, dtype, seed);
      const model = withBiases(new Sequential({ inputSize: 4, dtype, seed, layers: [new Dense({ units: 8, activation: "tanh" }), new Dense({ units: 1, activation: "sigmoid" })] }));
      model.normalization = Standardization.fit(x);
      cases.push({ name: `binary ${dtype}, tanh, normalized`, model, x });
    }
    // binary sigmoid with string labels, relu + dropout, no normalization
    {
      const x = rawInputs(200, [0, 0, 0], [1, 1, 1], dtype, seed + 10);
      const model = withBiases(new Sequential({ inputSize: 3, dtype, seed, layers: [new Dense({ units: 10, activation: "relu" }), new Dropout({ rate: 0.3 }), new Dense({ units: 1, activation: "sigmoid" })] }));
      model.classes = ["no", "yes"];
      cases.push({ name: `binary ${dtype}, relu + dropout, labels no/yes`, model, x });
    }
    // softmax with string labels, leakyRelu + dropout + sigmoid hidden, normalization
    {
      const x = rawInputs(200, means, scales, dtype, seed + 20);
      const model = withBiases(
        new Sequential({
          inputSize: 4,
          dtype,
          seed,
          layers: [new Dense({ units: 12, activation: "leakyRelu", alpha: 0.1 }), new Dropout({ rate: 0.2 }), new Dense({ units: 6, activation: "sigmoid" }), new Dense({ units: 3, activation: "softmax" })],
        }),
      );
      model.normalization = Standardization.fit(x);
      model.classes = ["cat", "dog", "bird"];
      model.featureNames = ["a", "b", "c", "d"];
      cases.push({ name: `softmax ${dtype}, leakyRelu + dropout + sigmoid, labels cat/dog/bird, normalized`, model, x });
    }
    // softmax with numeric labels that are not 0..k-1, activations as layers of their own
    {
      const x = rawInputs(200, [0, 0], [1, 1], dtype, seed + 30);
      const model = withBiases(
        new Sequential({
          inputSize: 2,
          dtype,
          seed,
          layers: [new Dense({ units: 6 }), new Activation("leakyRelu", { alpha: 0.2 }), new Dense({ units: 5 }), new Activation("tanh"), new Dense({ units: 4 }), new Activation("softmax")],
        }),
      );
      model.classes = [3, 5, 7, 9];
      cases.push({ name: `softmax ${dtype}, separate activation layers, labels 3/5/7/9`, model, x });
    }
    // regression: two outputs, a Dense without bias, normalization
    {
      const x = rawInputs(200, means, scales, dtype, seed + 40);
      const model = withBiases(
        new Sequential({ inputSize: 4, dtype, seed, layers: [new Dense({ units: 8, activation: "relu", useBias: false }), new Dense({ units: 5, activation: "sigmoid" }), new Dense({ units: 2 })] }),
      );
      model.normalization = Standardization.fit(x);
      cases.push({ name: `regression ${dtype}, relu (no bias) + sigmoid, normalized`, model, x });
    }
    // regression in a target's own units (prices around 2e5): the target normalization folded into the last Dense
    {
      const x = rawInputs(200, means, scales, dtype, seed + 50);
      const model = withBiases(new Sequential({ inputSize: 4, dtype, seed, layers: [new Dense({ units: 8, activation: "tanh" }), new Dense({ units: 1 })] }));
      model.normalization = Standardization.fit(x);
      model.targetNormalization = new Standardization([2.2e5], [5.7e4]);
      cases.push({ name: `regression ${dtype}, tanh, normalized, target normalized (mean 2.2e5, std 5.7e4)`, model, x });
    }
    // one feature, normalized, into a Dense without bias: ONNX Runtime folded the division into a MatMul in float32 (3e-8 off in float64)
    {
      const x = rawInputs(200, [70], [30], dtype, seed + 70);
      const model = withBiases(new Sequential({ inputSize: 1, dtype, seed, layers: [new Dense({ units: 5, activation: "tanh", useBias: false }), new Dense({ units: 1 })] }));
      model.normalization = Standardization.fit(x);
      cases.push({ name: `regression ${dtype}, one feature normalized into a Dense without bias`, model, x });
    }
    // a regression whose output is a sigmoid (targets in (0, 1)), known by its loss: it was exported as a classifier of label 0
    {
      const x = rawInputs(200, means, scales, dtype, seed + 80);
      const model = withBiases(new Sequential({ inputSize: 4, dtype, seed, layers: [new Dense({ units: 4, activation: "tanh" }), new Dense({ units: 1, activation: "sigmoid" })] }));
      model.normalization = Standardization.fit(x);
      model.compile({ loss: "meanSquaredError", optimizer: "sgd" });
      cases.push({ name: `regression ${dtype}, sigmoid output, trained with MSE`, model, x });
    }
    // two outputs, each with its own target mean and std (both took the first's: the second came out at half its value)
    {
      const x = rawInputs(200, means, scales, dtype, seed + 60);
      const model = withBiases(new Sequential({ inputSize: 4, dtype, seed, layers: [new Dense({ units: 6, activation: "relu" }), new Dense({ units: 2 })] }));
      model.normalization = Standardization.fit(x);
      model.targetNormalization = new Standardization([100, 200], [10, 20]);
      cases.push({ name: `regression ${dtype}, two outputs, each target normalized on its own (100 +- 10, 200 +- 20)`, model, x });
    }
  }
  return cases;
}

/** The largest |a - b| / max(|a|, |b|) over the entries (0 where both are 0). */
export function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const scale = Math.max(Math.abs(a[i]!), Math.abs(b[i]!));
    if (scale > 0) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale);
  }
  return worst;
}

/**
 * The largest |a - b| relative to the largest |b| of its column: for regression outputs, whose values near
 * 0 (a sum that cancels) carry float32's rounding of the terms, not of the result.
 */
export function maxScaledDifference(a: ArrayLike<number>, b: ArrayLike<number>, cols: number): number {
  const scale = new Float64Array(cols);
  for (let i = 0; i < b.length; i++) scale[i % cols] = Math.max(scale[i % cols]!, Math.abs(b[i]!));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale[i % cols]!);
  return worst;
}

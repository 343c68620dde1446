/**
 * The gradient check's headline verdict against its per-tensor verdicts (an audit, reproduced with a
 * custom layer whose gradient is planted off by a factor 1 + delta): the verdict followed the whole
 * theta's relative difference, which averages one tensor's disagreement with the others' agreement. A 1%
 * error read 8.8e-4 overall, "suspect" ("Look closer"), beside that tensor's own "fail"; a 1e-6 error
 * read "pass" while `disagreeing` named the tensor. And a network without a ReLU unit was told that "a
 * ReLU kink crossed by +/-epsilon can also cause this".
 */
import { describe, expect, it } from "vitest";
import { type BuildContext, checkGradients, compareGradients, Dense, generate, l2, type Layer, type Param, Sequential, SGD, Tensor } from "../src/index.js";

/** y = x * a (a per-feature scale), whose backward multiplies da by 1 + delta: a planted bug when delta != 0. */
class Scale implements Layer {
  readonly type = "scale";
  inputGradientNeeded = true;
  private a!: Tensor;
  private g!: Tensor;
  private x!: Tensor;
  constructor(private readonly delta: number) {}
  build({ inputSize, dtype }: BuildContext): number {
    this.a = Tensor.zeros(1, inputSize, dtype);
    this.a.data.fill(1.3);
    this.g = Tensor.zeros(1, inputSize, dtype);
    return inputSize;
  }
  params(): Param[] {
    return [{ name: "a", role: "weight", value: this.a, grad: this.g }];
  }
  forward(x: Tensor): Tensor {
    this.x = x;
    const out = x.clone();
    for (let i = 0; i < out.data.length; i++) out.data[i] = x.data[i]! * this.a.data[i % x.cols]!;
    return out;
  }
  backward(outputGrad: Tensor): Tensor {
    this.g.data.fill(0);
    const inputGrad = outputGrad.clone();
    for (let i = 0; i < outputGrad.data.length; i++) {
      const c = i % outputGrad.cols;
      this.g.data[c] += outputGrad.data[i]! * this.x.data[i]! * (1 + this.delta);
      inputGrad.data[i] = outputGrad.data[i]! * this.a.data[c]!;
    }
    return inputGrad;
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

const data = generate("moons", { n: 32, seed: 2 });

function network(scaleDelta: number | null): Sequential {
  const layers: Layer[] = [new Dense({ units: 5, activation: "tanh", kernelRegularizer: l2(0.7) })];
  if (scaleDelta !== null) layers.push(new Scale(scaleDelta));
  layers.push(new Dense({ units: 1, activation: "sigmoid" }));
  return new Sequential({ inputSize: 2, dtype: "float64", seed: 1, layers }).compile({ loss: "binaryCrossEntropy", optimizer: new SGD({ learningRate: 0.1 }) });
}

describe("the gradient check's headline verdict", () => {
  it("a tensor measured at fail fails the check, named with its difference, the whole theta's beside it", () => {
    const report = checkGradients(network(1e-2), data.x, data.y);
    const da2 = report.perTensor.find((t) => t.name === "da2")!;
    expect(da2.verdict).toBe("fail");
    expect(report.difference).toBeLessThan(1e-3); // the whole theta's difference, which hid it
    expect(report.verdict).toBe("fail");
    expect(report.disagreeing).toEqual(["da2"]);
    expect(report.message).toMatch(/^Backpropagation is almost surely wrong in da2 \(difference /);
    expect(report.message).toContain(da2.difference.toExponential(1));
    expect(report.message).toContain(report.difference.toExponential(3));
  });

  it("a 1e-6 error that its tensor's verdict sees is not passed", () => {
    const report = checkGradients(network(1e-6), data.x, data.y);
    const da2 = report.perTensor.find((t) => t.name === "da2")!;
    expect(["fail", "suspect"]).toContain(da2.verdict);
    expect(report.verdict).not.toBe("pass");
    expect(report.message).toMatch(/^Look closer: da2 \(difference /);
  });

  it("a correct tanh network passes, and a suspect one-sided check of it mentions no ReLU kink", () => {
    const model = network(null);
    const report = checkGradients(model, data.x, data.y);
    expect(report.verdict).toBe("pass");
    expect(report.message).not.toMatch(/kink|ReLU/i);
    // one-sided at epsilon 1e-4: O(epsilon) truncation, "suspect" on a correct backward, never "fail"
    const oneSided = checkGradients(model, data.x, data.y, { method: "oneSided", epsilon: 1e-4 });
    expect(oneSided.verdict).toBe("suspect");
    expect(oneSided.perTensor.filter((t) => t.verdict === "fail")).toEqual([]);
    expect(oneSided.message).toMatch(/^Look closer/);
    expect(oneSided.message).not.toMatch(/kink|ReLU/i);
  });

  it("compareGradients without a kink source mentions a kink in general terms, not a ReLU", () => {
    const values = new Float64Array([0.5, -0.25]);
    const cost = () => values[0]! ** 2 + 3 * values[1]! ** 2;
    const report = compareGradients([{ name: "w", values, cols: 2, analytic: [1 * (1 + 1e-5), -1.5] }], cost);
    expect(report.verdict).toBe("suspect");
    expect(report.message).toContain("a kink in the cost");
    expect(report.message).not.toContain("ReLU");
  });
});

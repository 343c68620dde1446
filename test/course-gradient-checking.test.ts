/**
 * The course's gradient-checking exercise: the 1-D example and the 4-5-3-1 network of
 * ../shared/data, with the exercise's two planted bugs (dW2 doubled, db1 with 4/m) and without.
 */
import { describe, expect, it } from "vitest";
import {
  type BuildContext,
  checkGradients,
  compareGradients,
  Dense,
  type Layer,
  type Mode,
  type Param,
  Sequential,
  Tensor,
} from "../src/index.js";
import { courseWeight, fixtures } from "./support/course-data.js";

/** A custom layer that wraps Dense and scales some of its gradients: a planted bug. */
class ScaledGradient implements Layer {
  readonly type = "scaled-gradient";
  constructor(
    private readonly inner: Dense,
    private readonly factors: Record<string, number>,
  ) {}
  get inputGradientNeeded(): boolean | undefined {
    return this.inner.inputGradientNeeded;
  }
  set inputGradientNeeded(value: boolean | undefined) {
    this.inner.inputGradientNeeded = value ?? true;
  }
  build(context: BuildContext): number {
    return this.inner.build(context);
  }
  forward(x: Tensor, mode: Mode): Tensor {
    return this.inner.forward(x, mode);
  }
  backward(outputGrad: Tensor): Tensor {
    const inputGrad = this.inner.backward(outputGrad);
    for (const p of this.inner.params()) {
      const factor = this.factors[p.name] ?? 1;
      for (let i = 0; i < p.grad.data.length; i++) p.grad.data[i] *= factor;
    }
    return inputGrad;
  }
  params(): Param[] {
    return this.inner.params();
  }
  getConfig(): Record<string, unknown> {
    return this.inner.getConfig();
  }
}

const g = fixtures.gradcheck_nd;
const x = courseWeight(g.X); // (features, examples) -> [examples, features]
const y = Tensor.column(g.Y);

function network(planted: boolean): Sequential {
  const dense = [
    new Dense({ units: 5, activation: "relu" }),
    new Dense({ units: 3, activation: "relu" }),
    new Dense({ units: 1, activation: "sigmoid" }),
  ];
  const layers: Layer[] = planted
    ? [new ScaledGradient(dense[0]!, { b: 4 }), new ScaledGradient(dense[1]!, { W: 2 }), dense[2]!]
    : dense;
  const model = new Sequential({ inputSize: 4, dtype: "float64", layers });
  const weights: Record<string, Tensor> = {};
  for (const name of ["W1", "b1", "W2", "b2", "W3", "b3"] as const) weights[name] = courseWeight(g[name]);
  model.setWeights(weights);
  return model.compile({ loss: "binaryCrossEntropy", optimizer: "sgd" });
}

describe("gradient checking exercise", () => {
  it("1-D: J = theta * x at theta 4, x 2 gives the course's estimate and difference", () => {
    const theta = Float64Array.of(4);
    const report = compareGradients([{ name: "theta", values: theta, cols: 1, analytic: [2] }], () => theta[0]! * 2, {
      epsilon: 1e-7,
    });
    expect(report.worst[0]!.numerical).toBe(2.0000000011677344);
    expect(Math.abs(report.difference - 2.919e-10)).toBeLessThan(1e-12);
    expect(report.verdict).toBe("pass");
    expect(theta[0]).toBe(4); // restored
  });

  it("N-D: the planted bugs give 0.2851 and the report names dW2 and db1", () => {
    const model = network(true);
    for (const epsilon of [1e-7, 1e-6, 1e-5, 1e-4]) {
      const report = checkGradients(model, x, y, { epsilon });
      expect(Math.abs(report.difference - 0.2850931567761624)).toBeLessThan(1e-6);
      expect(report.verdict).toBe("fail");
      expect(report.disagreeing.sort()).toEqual(["dW2", "db1"]);
    }
    const report = checkGradients(model, x, y);
    expect(report.cost).toBeCloseTo(2.407833389834357, 12);
    expect(report.total).toBe(47);
    const byName = Object.fromEntries(report.perTensor.map((t) => [t.name, t]));
    // dW2 doubled: |2g - g| / (|2g| + |g|) = 1/3; db1 quadrupled: 3/5.
    expect(byName.dW2!.difference).toBeCloseTo(1 / 3, 6);
    expect(byName.db1!.difference).toBeCloseTo(3 / 5, 6);
    expect(byName.dW1!.verdict).toBe("pass");
    const worst = report.worst[0]!;
    expect(["dW2", "db1"]).toContain(worst.tensor);
    expect(worst.backprop).not.toBeCloseTo(worst.numerical, 3);
    expect(report.message).toMatch(/almost surely wrong.*db1|dW2/);
  });

  it("N-D: the correct backward passes at the default epsilon, and at every epsilon 1e-7..1e-4", () => {
    const model = network(false);
    expect(checkGradients(model, x, y).verdict).toBe("pass");
    for (const epsilon of [1e-7, 1e-6, 1e-5, 1e-4]) {
      const report = checkGradients(model, x, y, { epsilon });
      expect(report.difference).toBeLessThan(1e-7);
      expect(report.disagreeing).toEqual([]);
    }
  });

  it("the one-sided difference is worse than the two-sided one (O(eps) against O(eps^2))", () => {
    const model = network(false);
    const two = checkGradients(model, x, y, { epsilon: 1e-4 });
    const one = checkGradients(model, x, y, { epsilon: 1e-4, method: "oneSided" });
    expect(one.method).toBe("oneSided");
    expect(one.difference).toBeGreaterThan(100 * two.difference);
  });
});

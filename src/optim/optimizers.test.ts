import { describe, expect, it } from "vitest";
import type { Param } from "../layers/layer.js";
import { Tensor } from "../tensor/tensor.js";
import type { Optimizer } from "./optimizer.js";
import { Adam } from "./adam.js";
import { Momentum } from "./momentum.js";
import { SGD } from "./sgd.js";

function param(value: number, role: Param["role"] = "weight"): Param {
  return { name: "w", role, value: Tensor.from2D([[value]]), grad: Tensor.zeros(1, 1) };
}

/** Two steps with gradients 0.5 then -1, returning w after each. */
function twoSteps(optimizer: { step(p: Param[]): void }, start = 1): number[] {
  const p = param(start);
  const after: number[] = [];
  for (const g of [0.5, -1]) {
    p.grad.data[0] = g;
    optimizer.step([p]);
    after.push(p.value.data[0]!);
  }
  return after;
}

describe("optimizers, two steps worked by hand (w = 1, gradients 0.5 then -1, lr 0.1)", () => {
  it("SGD: 1 - 0.1*0.5 = 0.95, then 0.95 + 0.1 = 1.05", () => {
    const [w1, w2] = twoSteps(new SGD({ learningRate: 0.1 }));
    expect(w1).toBeCloseTo(0.95, 15);
    expect(w2).toBeCloseTo(1.05, 15);
  });

  it("Momentum 0.9: v = 0.05, w = 0.995; v = 0.9*0.05 - 0.1 = -0.055, w = 1.0005", () => {
    const [w1, w2] = twoSteps(new Momentum({ learningRate: 0.1, momentum: 0.9 }));
    expect(w1).toBeCloseTo(1 - 0.1 * 0.05, 15);
    expect(w2).toBeCloseTo(1 - 0.1 * 0.05 - 0.1 * -0.055, 15);
  });

  it("Adam: bias-corrected moments", () => {
    const [w1, w2] = twoSteps(new Adam({ learningRate: 0.1 }));
    // step 1: m = 0.1*0.5 = 0.05, v = 0.001*0.25 = 0.00025; m_hat = 0.5, v_hat = 0.25
    const expected1 = 1 - (0.1 * 0.5) / (Math.sqrt(0.25) + 1e-8);
    // step 2: m = 0.9*0.05 + 0.1*(-1) = -0.055, v = 0.999*0.00025 + 0.001*1 = 0.00124975
    const mHat = -0.055 / (1 - 0.9 ** 2);
    const vHat = 0.00124975 / (1 - 0.999 ** 2);
    const expected2 = expected1 - (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8);
    expect(w1).toBeCloseTo(expected1, 14);
    expect(w2).toBeCloseTo(expected2, 14);
    expect(w1).toBeCloseTo(0.9, 6); // Adam's first step is about lr in size, whatever the gradient's scale
  });

  it("decoupled weight decay shrinks weights by (1 - lr * decay) and leaves biases alone", () => {
    const w = param(2);
    const b = param(2, "bias");
    new SGD({ learningRate: 0.1, weightDecay: 0.5 }).step([w, b]); // zero gradients
    expect(w.value.data[0]).toBeCloseTo(2 * (1 - 0.05), 15);
    expect(b.value.data[0]).toBe(2);
  });

  it("reset forgets Adam's moments and step count", () => {
    const adam = new Adam({ learningRate: 0.1 });
    twoSteps(adam);
    expect(adam.iterations).toBe(2);
    adam.reset();
    expect(adam.iterations).toBe(0);
    expect(twoSteps(adam)).toEqual(twoSteps(new Adam({ learningRate: 0.1 })));
  });

  it("getState/setState: an optimizer given another's state steps on with the same bits", () => {
    for (const make of [() => new Momentum({ learningRate: 0.1 }), () => new Adam({ learningRate: 0.1 }), () => new SGD({ learningRate: 0.1 })]) {
      for (const dtype of ["float32", "float64"] as const) {
        const params = (): Param[] => [0, 1].map((k) => ({ name: `w${k}`, role: "weight", value: Tensor.from2D([[1 + k, -2]], dtype), grad: Tensor.zeros(1, 2, dtype) }));
        const steps = (optimizer: Optimizer, ps: Param[], gradients: number[]) => {
          for (const g of gradients) {
            ps.forEach((p, k) => p.grad.data.set([g, -g * (k + 1)]));
            optimizer.step(ps);
          }
        };
        const a = make();
        const pa = params();
        steps(a, pa, [0.5, -1, 0.25]);
        const state = structuredClone(a.getState!(pa));
        const b = make();
        const pb = params();
        pb.forEach((p, i) => p.value.data.set(pa[i]!.value.data));
        b.setState!(pb, state);
        steps(a, pa, [2, -0.5]);
        steps(b, pb, [2, -0.5]);
        expect(pb.map((p) => Array.from(p.value.data))).toEqual(pa.map((p) => Array.from(p.value.data)));
        if (a instanceof Adam) expect((b as Adam).iterations).toBe(5);
      }
    }
    const adam = new Adam();
    const p = [param(1)];
    adam.step(p);
    expect(() => new Momentum().setState(p, adam.getState(p))).toThrow(`Momentum.setState: a state from momentum's getState; received "adam"`);
  });

  it("rejects invalid options with what was expected", () => {
    expect(() => new SGD({ learningRate: -1 })).toThrow("SGD: learningRate must be a finite number > 0; received -1");
    expect(() => new Momentum({ momentum: 1 })).toThrow("Momentum: momentum must be in [0, 1); received 1");
    expect(() => new Adam({ beta2: 1.2 })).toThrow("Adam: beta2 must be in [0, 1); received 1.2");
  });
});

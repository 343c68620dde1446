import { describe, expect, it } from "vitest";
import { l2 } from "../regularizers/l2.js";
import { Rng } from "../tensor/rng.js";
import { Tensor } from "../tensor/tensor.js";
import { Dense } from "./dense.js";

function built(options: ConstructorParameters<typeof Dense>[0], inputSize: number): Dense {
  const d = new Dense(options);
  d.build({ inputSize, dtype: "float64", rng: new Rng(0) });
  return d;
}

describe("Dense", () => {
  it("a hand-worked forward and backward with ReLU", () => {
    const d = built({ units: 2, activation: "relu" }, 2);
    const [W, b] = d.params();
    W!.value.data.set([1, -1, 0.5, 2]); // W = [[1, -1], [0.5, 2]], [inputs, units]
    b!.value.data.set([0.5, -1]);
    const out = d.forward(Tensor.from2D([[1, 2]]), "train");
    // z = [1*1 + 2*0.5 + 0.5, 1*(-1) + 2*2 - 1] = [2.5, 2]; both positive, so a = z
    expect(out.toArray()).toEqual([[2.5, 2]]);
    const dx = d.backward(Tensor.from2D([[1, -2]]));
    // dZ = [1, -2]; dW = x^T dZ = [[1, -2], [2, -4]]; db = dZ; dX = dZ W^T = [1*1 + (-2)(-1), 1*0.5 + (-2)*2]
    expect(W!.grad.toArray()).toEqual([[1, -2], [2, -4]]);
    expect(b!.grad.toArray()).toEqual([[1, -2]]);
    expect(dx.toArray()).toEqual([[3, -3.5]]);
  });

  it("ReLU's derivative at exactly 0 is 0, as in the course", () => {
    const d = built({ units: 1, activation: "relu", useBias: false }, 1);
    d.params()[0]!.value.data[0] = 1;
    d.forward(Tensor.from2D([[0]]), "train");
    expect(d.backward(Tensor.from2D([[5]])).data[0]).toBe(0);
  });

  it("reuses its output buffers while the batch size stays the same", () => {
    const d = built({ units: 3, activation: "tanh" }, 2);
    const a = d.forward(Tensor.zeros(4, 2), "train");
    const g1 = d.backward(Tensor.zeros(4, 3));
    expect(d.forward(Tensor.zeros(4, 2), "train")).toBe(a);
    expect(d.backward(Tensor.zeros(4, 3))).toBe(g1);
    expect(d.forward(Tensor.zeros(2, 2), "train")).not.toBe(a);
  });

  it("picks the initializer the course recommends for its activation", () => {
    expect(new Dense({ units: 1, activation: "relu" }).getConfig().kernelInitializer).toBe("heNormal");
    expect(new Dense({ units: 1, activation: "tanh" }).getConfig().kernelInitializer).toBe("lecunNormal");
    expect(new Dense({ units: 1 }).getConfig().kernelInitializer).toBe("glorotUniform");
    expect(new Dense({ units: 1, kernelRegularizer: l2(0.1) }).getConfig().kernelRegularizer).toEqual({ type: "l2", l2: 0.1 });
  });

  it("rejects a zero-size layer, an unknown activation and a wrong input width", () => {
    expect(() => new Dense({ units: 0 })).toThrow("Dense: units must be a positive integer; received 0");
    expect(() => new Dense({ units: 2, activation: "gelu" as never })).toThrow(/activation must be one of .*; received "gelu"/);
    const d = built({ units: 2 }, 3);
    expect(() => d.forward(Tensor.zeros(1, 2), "eval")).toThrow("Dense.forward: input must have 3 columns (features); received 2 columns");
  });
});

/**
 * Two ways a finite difference is not the derivative, which the gradient check read as "backpropagation
 * is almost surely wrong" (exit 1) on correct code: a ReLU kink crossed by +/-epsilon, and the two-sided
 * difference's truncation error near a minimum, where the gradient is smaller than J''' epsilon^2 / 6.
 * Found by an audit helper on the README's own tour (L2 had shrunk dead units' weights to 1e-24).
 */
import { describe, expect, it } from "vitest";
import { checkGradients, compareGradients, Dense, l1, Sequential, Tensor } from "../src/index.js";

describe("a ReLU kink crossed by the finite difference", () => {
  /** A ReLU layer whose first unit has weights of 1e-12 and bias 0: its input is ~1e-12, and +/-1e-6 crosses 0. */
  function nearKink(): { model: Sequential; x: Tensor; y: Tensor } {
    const model = new Sequential({ inputSize: 2, dtype: "float64", seed: 1, layers: [new Dense({ units: 3, activation: "relu" }), new Dense({ units: 1, activation: "sigmoid" })] });
    model.compile({ loss: "binaryCrossEntropy", optimizer: "sgd" as never });
    model.setWeights({ W1: [[1e-12, 0.8, -0.5], [1e-12, -0.3, 0.9]], b1: [[0, 0.1, 0.2]], W2: [[1.5], [-0.7], [0.4]], b2: [[0.05]] });
    const x = Tensor.from2D([[0.3, 0.4], [0.9, -0.2], [-0.5, 0.7], [0.2, 0.1]], "float64");
    const y = Tensor.column([1, 0, 1, 0], "float64");
    return { model, x, y };
  }

  it("leaves the entries whose evaluations crossed it out of the verdict, and says how many", () => {
    const { model, x, y } = nearKink();
    const report = checkGradients(model, x, y);
    expect(report.kinks).toBeGreaterThan(0);
    expect(report.verdict).not.toBe("fail");
    expect(report.message).toMatch(/\d+ of the \d+ entries were left out: a ReLU unit's input changed sign/);
    expect(report.perTensor.find((t) => t.name === "dW1")!.kinks).toBeGreaterThan(0);
  });

  it("without the kink watch the same correct gradient is called wrong (what the watch prevents)", () => {
    const { model, x, y } = nearKink();
    const report = checkGradients(model, x, y, { crossedKink: () => false });
    expect(report.verdict).toBe("fail");
    expect(report.kinks).toBe(0);
  });

  it("still fails a wrong gradient away from the kink", () => {
    const { model, x, y } = nearKink();
    model.computeGradients(x, y);
    const w = model.params()[2]!; // W2, no kink on its path to the cost
    const values = w.value.data;
    const analytic = Float64Array.from(w.grad.data, (g, i) => (i === 1 ? g * 1.5 : g)); // a planted bug
    const report = compareGradients([{ name: "W2", values, cols: 1, analytic }], () => model.cost(x, y));
    expect(report.verdict).toBe("fail");
  });
});

describe("the two-sided difference's truncation error near a minimum", () => {
  // J(w) = w^3: J'(1e-5) = 3e-10, while (J(w + e) - J(w - e)) / 2e = 3w^2 + e^2 is off by e^2 = 1e-8 at e = 1e-4
  const at = 1e-5;
  const cube = (values: Float64Array) => () => values[0]! ** 3;

  it("is measured (the difference at 2 epsilon) and allowed for: a correct gradient passes, and the message's inequality holds", () => {
    const values = new Float64Array([at]);
    const report = compareGradients([{ name: "w", values, cols: 1, analytic: [3 * at * at] }], cube(values), { epsilon: 1e-4 });
    expect(report.difference).toBeGreaterThan(0.9); // the notes' figure: the finite difference is 1e-8, the gradient 3e-10
    expect(report.verdict).toBe("pass");
    expect(report.message).toContain("all of it within the finite differences' own error");
    expect(report.message).toContain("; 0 < 1e-7");
    expect(values[0]).toBe(at); // restored
  });

  it("does not hide a wrong gradient larger than the truncation error", () => {
    const values = new Float64Array([at]);
    const report = compareGradients([{ name: "w", values, cols: 1, analytic: [3 * at * at + 1e-6] }], cube(values), { epsilon: 1e-4 });
    expect(report.verdict).toBe("fail");
    expect(report.message).toMatch(/^Backpropagation is almost surely wrong \(difference [\d.e+-]+, of which [\d.e+-]+ beyond the finite differences' own error; [\d.e+-]+ >= 0\.001\) in dw/);
  });
});

describe("a large epsilon (an audit helper: a correct tanh network 'failed' at epsilon 0.3, exit 1)", () => {
  // where Richardson's estimate of the truncation error falls short, the entry is measured again at epsilon / 10
  const rng = (seed: number) => {
    let s = seed;
    return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  };
  const next = rng(7);
  const x = Tensor.from2D(Array.from({ length: 32 }, () => [2 * next(), 2 * next()]), "float64");
  const y = Tensor.column(Array.from({ length: 32 }, (_, i) => (x.data[2 * i]! + x.data[2 * i + 1]! > 0 ? 1 : 0)), "float64");
  const tanhNet = () =>
    new Sequential({ inputSize: 2, dtype: "float64", seed: 1, layers: [new Dense({ units: 8, activation: "tanh" }), new Dense({ units: 5, activation: "tanh" }), new Dense({ units: 1, activation: "sigmoid" })] }).compile({ loss: "binaryCrossEntropy", optimizer: "sgd" });

  it("a correct network is not called wrong at epsilon 0.3, and a planted bug still is", () => {
    const model = tanhNet();
    const correct = checkGradients(model, x, y, { epsilon: 0.3 });
    expect(correct.perTensor.filter((t) => t.verdict === "fail")).toEqual([]);
    expect(correct.verdict).not.toBe("fail");
    expect(correct.difference).toBeGreaterThan(1e-3); // the notes' figure is large there: truncation, not a bug
    model.computeGradients(x, y);
    const w = model.params()[0]!;
    const analytic = Float64Array.from(w.grad.data, (g) => 2 * g);
    const bug = compareGradients([{ name: "W1", values: w.value.data, cols: w.value.cols, analytic }], () => model.cost(x, y), { epsilon: 0.3 });
    expect(bug.verdict).toBe("fail");
  });

  it("a tensor whose every entry crossed a kink is told to try a smaller epsilon, not a larger one", () => {
    const model = new Sequential({ inputSize: 2, dtype: "float64", seed: 1, layers: [new Dense({ units: 3, activation: "relu" }), new Dense({ units: 1, activation: "sigmoid" })] });
    model.compile({ loss: "binaryCrossEntropy", optimizer: "sgd" as never });
    // every unit's input within 0.05 of 0 on every row: epsilon 0.1 crosses a kink at each entry of W1 and b1
    model.setWeights({ W1: [[0.01, 0.01, -0.01], [0.01, -0.01, 0.01]], b1: [[0, 0, 0]], W2: [[1.5], [-0.7], [0.4]], b2: [[0.05]] });
    const xs = Tensor.from2D([[0.3, 0.4], [0.9, -0.2], [-0.5, 0.7], [0.2, 0.1]], "float64");
    const ys = Tensor.column([1, 0, 1, 0], "float64");
    const report = checkGradients(model, xs, ys, { epsilon: 0.1 });
    expect(report.unresolved).toEqual(expect.arrayContaining(["dW1", "db1"]));
    expect(report.message).toMatch(/Every entry of dW1, db1 checked crossed a kink at epsilon 1e-1: not checked; check again with a smaller epsilon \(e\.g\. 1e-3\)/);
    expect(report.message).not.toContain("larger epsilon");
  });
});

describe("an L1 penalty's kink at 0 (an audit helper: a weight within epsilon of 0 read 5.7e-2 as round-off)", () => {
  it("the entry whose +/-epsilon puts an L1-penalized weight on the other side of 0 is left out, and said to be", () => {
    const x = Tensor.from2D([[0.1, 0.2], [0.5, -0.3], [-0.4, 0.8], [0.9, 0.1]], "float64");
    const y = Tensor.column([0, 1, 0, 1], "float64");
    const model = new Sequential({ inputSize: 2, dtype: "float64", seed: 1, layers: [new Dense({ units: 3, activation: "tanh", kernelRegularizer: l1(0.5) }), new Dense({ units: 1, activation: "sigmoid", kernelRegularizer: l1(0.5) })] });
    model.compile({ loss: "binaryCrossEntropy", optimizer: "sgd" });
    const W1 = model.getWeights().W1!;
    W1[0]![0] = 3e-7; // within the default epsilon, 1e-6, of the kink
    model.setWeights({ W1 });
    const report = checkGradients(model, x, y);
    expect(report.kinks).toBe(1);
    expect(report.perTensor.find((t) => t.name === "dW1")!.kinks).toBe(1);
    expect(report.verdict).toBe("pass");
    expect(report.message).toMatch(/1 of the 13 entries were left out: an L1-penalized weight changed sign between J\(theta \+ epsilon\) and J\(theta - epsilon\) \(a kink\)/);
  });
});

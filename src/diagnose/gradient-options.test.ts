import { describe, expect, it } from "vitest";
import { Dense, Rng, Sequential, Tensor, checkGradients, checkLayer, checkRegularizer, compareGradients, l2 } from "../index.js";
import { refuses } from "../../test/support/refuses.js";

const x = Tensor.from2D([[0.1, 0.2], [0.5, -0.3], [-0.4, 0.8], [0.9, 0.1]]);
const y = Tensor.column([0, 1, 0, 1]);
const model = new Sequential({ inputSize: 2, seed: 1, dtype: "float64", layers: [new Dense({ units: 4, activation: "tanh" }), new Dense({ units: 1, activation: "sigmoid" })] });
model.compile({ loss: "binaryCrossEntropy", optimizer: "sgd" });


describe("checkGradients' options are checked: a correct network was failed, or passed, by options it could not use", () => {
  it("a correct tanh network passes by default and with every option set in range", () => {
    expect(checkGradients(model, x, y).verdict).toBe("pass");
    expect(checkGradients(model, x, y, { epsilon: 1e-5, method: "twoSided", passBelow: 1e-6, failFrom: 1e-2, worst: 0, sample: 5, rng: new Rng(1), m: 4, mode: "eval" }).verdict).toBe("pass");
  });

  it.each([
    [{ epsilon: 0 }, /^checkGradients: options\.epsilon must be a finite number > 0; received 0$/],
    [{ epsilon: -1e-6 }, /^checkGradients: options\.epsilon must be a finite number > 0; received -0\.000001$/],
    [{ epsilon: Infinity }, /options\.epsilon must be a finite number > 0; received Infinity$/],
    [{ passBelow: NaN }, /^checkGradients: options\.passBelow must be a finite number > 0; received NaN$/],
    [{ failFrom: 0 }, /^checkGradients: options\.failFrom must be a finite number > 0; received 0$/],
    [{ passBelow: 1e-2, failFrom: 1e-3 }, /^checkGradients: options\.passBelow must be below options\.failFrom; received options\.passBelow \(0\.01\) and options\.failFrom \(0\.001\)$/],
    [{ failFrom: 1e-8 }, /options\.passBelow \(1e-7, the default\) and options\.failFrom \(1e-8\)$/],
    [{ method: "central" }, /^checkGradients: options\.method must be "twoSided" or "oneSided"; received "central"$/],
    [{ sample: 0 }, /^checkGradients: options\.sample must be a positive integer; received 0$/],
    [{ worst: -1 }, /^checkGradients: options\.worst must be an integer >= 0; received -1$/],
    [{ mode: "training" }, /^checkGradients: options\.mode must be "eval" or "train"; received "training"$/],
    [{ m: -4 }, /^checkGradients: options\.m .* must be a finite number > 0; received -4$/],
    [{ epsilion: 1e-6 }, /^checkGradients: options may have epsilon, method, .*, m, mode; received "epsilion"$/],
  ] as const)("%o is refused", (options, pattern) => {
    refuses(() => checkGradients(model, x, y, options as never), pattern);
  });

  it("the other checks that share the options say their own name", () => {
    refuses(() => checkLayer(new Dense({ units: 2 }), { inputSize: 3, epsilon: 0 }), /^checkLayer: options\.epsilon must be a finite number > 0; received 0$/);
    refuses(() => checkRegularizer(l2(0.1), Tensor.from2D([[1, 2]]), 4, { method: "central" as never }), /^checkRegularizer: options\.method must be "twoSided" or "oneSided"/);
    refuses(() => compareGradients([], () => 0, { failFrom: -1 }), /^compareGradients: options\.failFrom must be a finite number > 0; received -1$/);
    // their own fields are known to them
    expect(checkLayer(new Dense({ units: 2 }), { inputSize: 3, rows: 2, seed: 1, mode: "train" }).verdict).toBe("pass");
  });
});

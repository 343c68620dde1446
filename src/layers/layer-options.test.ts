import { describe, expect, it } from "vitest";
import { l2 } from "../regularizers/l2.js";
import { Activation, leakyRelu } from "./activation.js";
import { Dense } from "./dense.js";
import { Dropout } from "./dropout.js";

describe("layer constructors refuse options they do not know", () => {
  it("Dense: Keras' kernel_regularizer was trained without a penalty", () => {
    expect(() => new Dense({ units: 8, activation: "relu", kernel_regularizer: l2(5) } as never)).toThrow(
      'Dense: options may have units, activation, alpha, kernelInitializer, kernelRegularizer, biasRegularizer, useBias; received "kernel_regularizer"',
    );
    expect(new Dense({ units: 8, kernelRegularizer: l2(5), alpha: undefined }).units).toBe(8);
  });

  it("Dense: useBias that is not a boolean", () => {
    expect(() => new Dense({ units: 2, useBias: "no" as never })).toThrow('Dense: useBias must be true or false; received "no"');
  });

  it("Dropout and Activation", () => {
    expect(() => new Dropout({ rate: 0.2, p: 0.5 } as never)).toThrow('Dropout: options may have rate; received "p"');
    expect(() => leakyRelu({ slope: 0.2 } as never)).toThrow('Activation: options may have alpha; received "slope"');
    expect(new Activation("leakyRelu", { alpha: 0.2 }).fn.config.alpha).toBe(0.2);
  });
});

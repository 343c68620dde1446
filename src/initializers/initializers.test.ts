import { describe, expect, it } from "vitest";
import { Rng } from "../tensor/rng.js";
import {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  type Initializer,
  lecunNormal,
  lecunUniform,
  randomNormal,
  resolveInitializer,
  zeros,
} from "./initializers.js";

function stats(init: Initializer, fanIn: number, fanOut: number) {
  const values = new Float64Array(fanIn * fanOut);
  init.initialize(values, fanIn, fanOut, new Rng(9));
  let sum = 0;
  let squares = 0;
  let maxAbs = 0;
  for (const v of values) {
    sum += v;
    squares += v * v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / values.length;
  return { mean, std: Math.sqrt(squares / values.length - mean * mean), maxAbs };
}

describe("initializers", () => {
  const fanIn = 400;
  const fanOut = 300;
  it.each([
    ["He normal", heNormal(), Math.sqrt(2 / fanIn)],
    ["He uniform", heUniform(), Math.sqrt(2 / fanIn)],
    ["LeCun normal", lecunNormal(), Math.sqrt(1 / fanIn)],
    ["LeCun uniform", lecunUniform(), Math.sqrt(1 / fanIn)],
    ["Glorot normal", glorotNormal(), Math.sqrt(2 / (fanIn + fanOut))],
    ["Glorot uniform", glorotUniform(), Math.sqrt(2 / (fanIn + fanOut))],
    ["random normal x10", randomNormal({ scale: 10 }), 10],
  ])("%s has mean 0 and the std of its formula", (_name, init, std) => {
    const s = stats(init, fanIn, fanOut);
    expect(Math.abs(s.mean)).toBeLessThan(0.01 * std);
    expect(Math.abs(s.std / std - 1)).toBeLessThan(0.01);
  });

  it("uniform variants stay within their limit sqrt(3 * variance)", () => {
    expect(stats(heUniform(), fanIn, fanOut).maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / fanIn));
    expect(stats(glorotUniform(), fanIn, fanOut).maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / (fanIn + fanOut)));
  });

  it("zeros is all zeros", () => {
    expect(stats(zeros(), 3, 4)).toEqual({ mean: 0, std: 0, maxAbs: 0 });
  });

  it("names resolve, and an unknown name says which exist", () => {
    expect(resolveInitializer("Dense", "he").name).toBe("heNormal");
    expect(() => resolveInitializer("Dense", "xavier" as never)).toThrow(/initializer must be one of zeros, .*; received "xavier"/);
  });
});

/**
 * The optimizers' fused updates: the WebAssembly kernels round exactly as the TypeScript loops, float32
 * and float64, on odd lengths (vector body and scalar tail), with and without weight decay, with
 * special values (0, -0, subnormals, huge, infinite and NaN gradients); and the loops agree with the
 * formulas written out by hand on one element.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as kernels from "./kernels.js";
import { Rng } from "./rng.js";
import { allocate, type DType, type TypedArray } from "./tensor.js";
import { type AdamStep, adamUpdate, momentumUpdate, sgdUpdate } from "./update-kernels.js";
import { wasmUpdate } from "./wasm/update.js";

afterEach(() => kernels.setKernelMode("auto"));

const SPECIAL = [0, -0, 5e-324, 1e-310, -1e-40, 1e300, -1e300, Infinity, -Infinity, NaN, 1, -1];

function values(n: number, rng: Rng, dtype: DType, special: boolean): TypedArray {
  const a = allocate(dtype, n);
  for (let i = 0; i < n; i++) a[i] = special && i % 7 === 3 ? SPECIAL[i % SPECIAL.length]! : rng.normal() * (rng.int(3) === 0 ? 1e-3 : 1);
  return a;
}

const adam = (t: number): AdamStep => ({
  learningRate: 0.003,
  beta1: 0.9,
  oneMinusBeta1: 1 - 0.9,
  beta2: 0.999,
  oneMinusBeta2: 1 - 0.999,
  epsilon: 1e-8,
  correction1: 1 - 0.9 ** t,
  correction2: 1 - 0.999 ** t,
});

/** The first element where two runs differ (Object.is: -0 is not 0, NaN is NaN, whatever its payload), or null. */
function firstDifference(a: TypedArray[], b: TypedArray[]): string | null {
  for (let k = 0; k < a.length; k++) for (let i = 0; i < a[k]!.length; i++) if (!Object.is(a[k]![i], b[k]![i])) return `array ${k}, element ${i}: ${a[k]![i]} against ${b[k]![i]}`;
  return null;
}

/** Three steps of each update on the same arrays, through kernels.ts, in the given mode; every array after. */
function steps(n: number, dtype: DType, decay: number, special: boolean, mode: "auto" | "portable"): TypedArray[] {
  kernels.setKernelMode(mode);
  const rng = new Rng(n * 7 + (special ? 1 : 0));
  const [w1, w2, w3, v2, m3, v3] = [0, 1, 2, 3, 4, 5].map(() => values(n, rng, dtype, false));
  for (const v of [v3]) for (let i = 0; i < n; i++) v[i] = Math.abs(v[i]!); // a second moment is >= 0
  for (let t = 1; t <= 3; t++) {
    const g = values(n, rng, dtype, special);
    kernels.sgdUpdate(w1!, g, 0.05, decay);
    kernels.momentumUpdate(w2!, g, v2!, 0.05, 0.9, decay);
    kernels.adamUpdate(w3!, g, m3!, v3!, adam(t), decay);
  }
  return [w1!, w2!, v2!, w3!, m3!, v3!];
}

describe.skipIf(!wasmUpdate)("fused updates in WebAssembly", () => {
  for (const dtype of ["float64", "float32"] as const) {
    for (const n of [2048, 2049, 4099, 20001]) {
      it(`${dtype}, ${n} elements: bit for bit the TypeScript loops (with and without decay, special values)`, () => {
        for (const [decay, special] of [[1, false], [1 - 0.05 * 0.01, false], [1, true], [0.999, true]] as const) {
          const what = `decay ${decay}${special ? ", special values" : ""}`;
          expect(firstDifference(steps(n, dtype, decay, special, "auto"), steps(n, dtype, decay, special, "portable")), what).toBe(null);
        }
      });
    }
  }
});

describe("the update loops, worked by hand on one element", () => {
  it("SGD with decay: w = 2 * 0.99 - 0.1 * 0.5", () => {
    const w = Float64Array.of(2);
    sgdUpdate(w, Float64Array.of(0.5), 0.1, 0.99);
    expect(w[0]).toBe(2 * 0.99 - 0.1 * 0.5);
  });

  it("momentum: v = 0.9 * 0.2 + 0.1 * 0.5, w = 1 - 0.1 v", () => {
    const [w, v] = [Float64Array.of(1), Float64Array.of(0.2)];
    momentumUpdate(w, Float64Array.of(0.5), v, 0.1, 0.9, 0.1, 1);
    expect(v[0]).toBe(0.9 * 0.2 + 0.1 * 0.5);
    expect(w[0]).toBe(1 - 0.1 * (0.9 * 0.2 + 0.1 * 0.5));
  });

  it("Adam in float32: each stored value rounded to float32 and used rounded", () => {
    const [w, m, v] = [Float32Array.of(1), Float32Array.of(0.3), Float32Array.of(0.04)];
    const s = adam(2);
    adamUpdate(w, Float32Array.of(-0.7), m, v, s, 0.98);
    const wd = Math.fround(1 * 0.98);
    const mn = Math.fround(0.9 * Math.fround(0.3) + s.oneMinusBeta1 * Math.fround(-0.7));
    const vn = Math.fround(0.999 * Math.fround(0.04) + s.oneMinusBeta2 * Math.fround(-0.7) * Math.fround(-0.7));
    expect([m[0], v[0]]).toEqual([mn, vn]);
    expect(w[0]).toBe(Math.fround(wd - (0.003 * (mn / s.correction1)) / (Math.sqrt(vn / s.correction2) + 1e-8)));
  });
});

describe("decoupled weight decay in float32 (an audit helper: at learningRate x weightDecay 1e-8 none of it was applied)", () => {
  // w * decay rounded to float32 on its own loses a decay below half a float32 unit; rounded once with the
  // step, the decay moves where the step's rounding falls and adds up over the steps as in float64
  function decayShrink(dtype: DType, update: "sgd" | "adam"): number {
    const n = 2048;
    const run = (decay: number) => {
      const rng = new Rng(3);
      const w = allocate(dtype, n);
      for (let i = 0; i < n; i++) w[i] = 0.3 * rng.normal();
      const g = allocate(dtype, n);
      const m = allocate(dtype, n);
      const v = allocate(dtype, n);
      for (let t = 1; t <= 200; t++) {
        for (let i = 0; i < n; i++) g[i] = 0.05 * rng.normal();
        if (update === "sgd") sgdUpdate(w, g, 1e-3, decay);
        else adamUpdate(w, g, m, v, { ...adam(t), learningRate: 1e-3 }, decay);
      }
      let sum = 0;
      for (let i = 0; i < n; i++) sum += w[i]! * w[i]!;
      return sum;
    };
    return run(1) - run(1 - 1e-3 * 1e-5);
  }
  it.each(["sgd", "adam"] as const)("%s: the shrink of sum w^2 in float32 is float64's within 5%", (update) => {
    const f64 = decayShrink("float64", update);
    const f32 = decayShrink("float32", update);
    expect(f64).toBeGreaterThan(0);
    expect(f32 / f64).toBeGreaterThan(0.95);
    expect(f32 / f64).toBeLessThan(1.05);
  });
});

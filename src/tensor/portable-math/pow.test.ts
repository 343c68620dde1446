import { describe, expect, it } from "vitest";
import { portablePow, portablePowInt } from "../portable-math.js";

/** The exact value of base ** n (base a double, so a dyadic rational), rounded to the nearest double. */
function exactPow(base: number, n: number): number {
  // base = mantissa * 2^exponent with an integer mantissa: the power is exact in BigInt
  let exponent = 0;
  let mantissa = base;
  while (!Number.isInteger(mantissa)) {
    mantissa *= 2;
    exponent -= 1;
  }
  const numerator = BigInt(mantissa) ** BigInt(n);
  const shift = BigInt(-exponent * n);
  // numerator / 2^shift to double: keep 80 significant bits, then let the division round once
  const bits = numerator.toString(2).length;
  const drop = BigInt(Math.max(0, bits - 80));
  return Number(numerator >> drop) * 2 ** Number(drop - shift);
}

const ulpsApart = (a: number, b: number) => Math.abs(a - b) / (Number.EPSILON * Math.abs(b));

describe("portablePowInt: whole powers by multiplications (the same bits in every engine)", () => {
  it("is exact where the power is representable, and 1 at n = 0", () => {
    expect(portablePowInt(0.9, 0)).toBe(1);
    expect(portablePowInt(2, 10)).toBe(1024);
    expect(portablePowInt(0.5, 30)).toBe(2 ** -30);
    expect(portablePowInt(-3, 5)).toBe(-243);
  });

  it("stays within n ulps of the exact power, and Adam's bias correction within 1e-13 of its exact value", () => {
    for (const beta of [0.9, 0.99, 0.999, 0.95]) {
      for (const n of [1, 2, 3, 4, 7, 10, 100, 1000, 4097, 100000]) {
        const exact = exactPow(beta, n);
        if (exact < 1e-300) continue;
        const power = portablePowInt(beta, n);
        expect(ulpsApart(power, exact), `${beta} ** ${n}`).toBeLessThanOrEqual(n + 1);
        expect(Math.abs(power - exact) / (1 - exact), `1 - ${beta} ** ${n}`).toBeLessThan(1e-13);
      }
    }
  });
});

describe("portablePow: exp(y log x)", () => {
  it("agrees with ** to a few ulps over the learning-rate range test's schedule", () => {
    const ratio = 1e7;
    for (let i = 0; i <= 100; i++) {
      const y = i / 100;
      expect(ulpsApart(portablePow(ratio, y), ratio ** y), `1e7 ** ${y}`).toBeLessThan(40);
    }
    expect(portablePow(10, 0)).toBe(1);
  });
});

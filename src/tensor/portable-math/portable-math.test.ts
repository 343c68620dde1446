/**
 * The portable functions against Node 20's Math functions, bit for bit (Object.is): V8 11.x runs fdlibm's
 * algorithms, which the portable ones follow, so every argument must give the same bits. Newer engines'
 * Math functions differ in the last bit (that is why the portable ones exist): there the comparison is
 * skipped, and the pinned digests of the portable results, which hold in every engine, still check them.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";
import { portableCos, portableExp, portableExpm1, portableLog, portableLog1p, portableSin, portableTanh } from "../portable-math.js";
import { IPIO2, PIO2 } from "./rem-pio2-large.js";

/** Whether this engine's Math functions are fdlibm's (V8 up to 11.x: Node 20). */
const FDLIBM_MATH = typeof process !== "undefined" && /^(\d+)\./.test(process.versions.v8 ?? "") && Number(process.versions.v8.split(".")[0]) <= 11;

const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);
const HI = (F64[0] = 1, I32[1] !== 0 ? 1 : 0);

function fromWords(high: number, low: number): number {
  I32[HI] = high | 0;
  I32[1 - HI] = low | 0;
  return F64[0]!;
}

/** Edge arguments every function must handle like Math: zeros, infinities, NaN, subnormals, the extremes. */
const EDGES = [
  0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, -2.2250738585072014e-308, 2.225073858507201e-308,
  Number.MAX_VALUE, -Number.MAX_VALUE, Number.EPSILON, 1, -1, 2, -2, 0.5, -0.5, 1e-300, -1e-300, 1e300, -1e300,
  Math.PI, -Math.PI, Math.PI / 2, -Math.PI / 2, Math.PI / 4, -Math.PI / 4, 3 * Math.PI / 4, 1e22, -1e22, 2 ** 53, 2 ** 1023,
  709.782712893384, 709.7827128933841, 709.78, 710, -745.1332191019411, -745.1332191019412, -708.4, -744.44, -746, 22, -22,
  38.816242111356935, -38.816242111356935, 0.34657359027997264, 1.0397207708399179, -0.2928932188134524, 0.41421356237309503,
];

/** Arguments with high words at (and next to) the thresholds of the algorithms, and random low words. */
function thresholdArguments(rng: Rng, highs: number[], perWord: number): number[] {
  const out: number[] = [];
  for (const h of highs) {
    for (const d of [-1, 0, 1]) {
      for (const sign of [0, 0x80000000]) {
        for (let i = 0; i < perWord; i++) {
          const low = i === 0 ? 0 : i === 1 ? -1 : rng.nextUint32();
          out.push(fromWords((h + d) ^ sign, low));
        }
      }
    }
  }
  return out;
}

/** Random float64 bit patterns: every exponent, sign, subnormals, infinities and NaNs alike. */
function randomBits(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => fromWords(rng.nextUint32(), rng.nextUint32()));
}

/** Magnitudes spread evenly over the exponents in [2^lo, 2^hi), either sign. */
function logUniform(rng: Rng, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1) * (1 + rng.uniform()) * 2 ** (lo + rng.int(hi - lo)));
}

function uniform(rng: Rng, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => rng.uniformIn(lo, hi));
}

/** A digest of the results' bits (FNV-1a over the 32-bit words; every NaN as one), to pin them in every engine. */
function digest(values: number[]): string {
  let h = 0x811c9dc5;
  for (const v of values) {
    F64[0] = v;
    const nan = Number.isNaN(v); // a NaN's payload is the engine's to choose
    h = Math.imul(h ^ (nan ? 0 : I32[1 - HI]!), 0x01000193);
    h = Math.imul(h ^ (nan ? 0x7ff80000 : I32[HI]!), 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

interface Case {
  name: string;
  portable: (x: number) => number;
  math: (x: number) => number;
  /** The arguments the library and the algorithm's branches need, on top of the edges and random bits. */
  args: (rng: Rng) => number[];
  /** High words where the algorithm switches branch. */
  thresholds: number[];
  digest: string;
}

const SIN_COS_THRESHOLDS = [
  0x3e400000, 0x3fd33333, 0x3fe90000, 0x3fe921fb, 0x3ff921fb, 0x4002d97c, 0x413921fb, 0x7fefffff,
  // high words of n pi/2, n = 1..32, where the medium reduction takes a second or third round
  0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a, 0x402f6a7a, 0x4031475c,
  0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a, 0x40407e4c,
  0x4041475c, 0x4042106c, 0x4042d97c, 0x4043a28c, 0x40446b9c, 0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb,
  0x404921fb,
];

/** Angles the generators and augmentations use, multiples of pi/2 (where reduction cancels) and huge ones. */
function angles(rng: Rng): number[] {
  const out = [...uniform(rng, 40_000, -2 * Math.PI, 2 * Math.PI), ...uniform(rng, 20_000, -100, 100), ...logUniform(rng, 20_000, -40, 1024)];
  for (let i = 0; i < 10_000; i++) {
    const x = (rng.int(2_000_000) - 1_000_000) * (Math.PI / 2);
    out.push(x, x * (1 + Number.EPSILON), x * (1 - Number.EPSILON));
  }
  out.push(6381956970095103 * 2 ** 797, 5261692873635770 * 2 ** 499, 1.5707963267948966e308);
  return out;
}

const CASES: Case[] = [
  {
    name: "exp",
    portable: portableExp,
    math: Math.exp,
    // softmax (z - max <= 0), sigmoid and cross-entropy (-|z|), statistics; the whole finite range
    args: (rng) => [...uniform(rng, 40_000, -40, 0), ...uniform(rng, 30_000, -750, 712), ...logUniform(rng, 10_000, -60, 10)],
    thresholds: [0x40862e42, 0x3fd62e42, 0x3ff0a2b2, 0x3e300000, 0x40874910, 0x3ff00000],
    digest: "70e5557f",
  },
  {
    name: "expm1",
    portable: portableExpm1,
    math: Math.expm1,
    args: (rng) => [...uniform(rng, 40_000, -45, 45), ...uniform(rng, 20_000, -750, 712), ...logUniform(rng, 20_000, -60, 10)],
    thresholds: [0x4043687a, 0x40862e42, 0x3fd62e42, 0x3ff0a2b2, 0x3c900000, 0x40330000, 0x404c0000],
    digest: "5c9556ef",
  },
  {
    name: "tanh",
    portable: portableTanh,
    math: Math.tanh,
    // pre-activations, mostly within a few units of 0
    args: (rng) => [...uniform(rng, 40_000, -4, 4), ...uniform(rng, 20_000, -25, 25), ...logUniform(rng, 20_000, -40, 8)],
    thresholds: [0x40360000, 0x3e300000, 0x3ff00000],
    digest: "cd45859f",
  },
  {
    name: "log",
    portable: portableLog,
    math: Math.log,
    // probabilities, sums of exponentials, statistics' arguments; every magnitude
    args: (rng) => [...uniform(rng, 40_000, 0, 1), ...uniform(rng, 10_000, 1, 100), ...logUniform(rng, 30_000, -1074, 1024)],
    thresholds: [0x00100000, 0x3ff00000, 0x3fe6a09e, 0x3ff6a09e, 0x7fefffff],
    digest: "7b826ae4",
  },
  {
    name: "log1p",
    portable: portableLog1p,
    math: Math.log1p,
    // cross-entropy's log1p(e^-|z|), e in (0, 1]
    args: (rng) => [...uniform(rng, 40_000, 0, 1), ...uniform(rng, 20_000, -1, 10), ...logUniform(rng, 20_000, -80, 1024)],
    thresholds: [0x3fda827a, 0xbfd2bec4, 0x3e200000, 0x3c900000, 0x43400000, 0x3ff6a09e, 0x3ff00000, 0x7fefffff],
    digest: "b53d395a",
  },
  { name: "sin", portable: portableSin, math: Math.sin, args: angles, thresholds: SIN_COS_THRESHOLDS, digest: "e8dbed62" },
  { name: "cos", portable: portableCos, math: Math.cos, args: angles, thresholds: SIN_COS_THRESHOLDS, digest: "70fe44dd" },
];

function argumentsFor(c: Case): number[] {
  const rng = new Rng(20240611);
  return [...EDGES, ...c.args(rng), ...thresholdArguments(rng, c.thresholds, 200), ...randomBits(rng, 20_000)];
}

describe("portable math", () => {
  for (const c of CASES) {
    it.runIf(FDLIBM_MATH)(`${c.name} equals Node 20's Math.${c.name} bit for bit`, () => {
      const args = argumentsFor(c);
      expect(args.length).toBeGreaterThan(100_000);
      const differing: number[] = [];
      for (const x of args) if (!Object.is(c.portable(x), c.math(x))) differing.push(x);
      expect(differing.slice(0, 5)).toEqual([]);
      expect(differing.length).toBe(0);
    });

    it(`${c.name} gives the pinned bits (in any engine)`, () => {
      expect(digest(argumentsFor(c).map(c.portable))).toBe(c.digest);
    });
  }

  // The fast versions test |x| against doubles where fdlibm tests high words, scale by a table of powers of
  // two where it writes exponents, and give tanh and expm1 their own copies of a branch: every threshold
  // double, the doubles a few ulps either side of it, and the points where k = round(x / ln 2) steps.
  it.runIf(FDLIBM_MATH)("equals Node 20's Math next to every threshold of the fast versions", () => {
    const U64 = new BigUint64Array(F64.buffer);
    const near = (x: number, ulps: number): number[] => {
      const out: number[] = [];
      for (let d = -ulps; d <= ulps; d++) {
        F64[0] = x;
        U64[0] = U64[0]! + BigInt(d);
        out.push(F64[0]!);
      }
      return out;
    };
    const thresholds = [
      0.3465735912322998, 1.0397205352783203, 709.7822265625, 38.81622314453125, 3.725290298461914e-9, 5.551115123125783e-17,
      0.1732867956161499, 0.5198602676391602, 22, 1, 7.09782712893383973096e2, -7.45133219101941108420e2, 0.4142136573791504,
      0.292893648147583, 1.862645149230957e-9, 9007199254740992, 2.2250738585072014e-308, Math.SQRT2, Math.SQRT1_2, 0.25, 0.5, 2,
    ];
    for (let k = 1; k <= 1100; k++) thresholds.push((k - 0.5) * Math.LN2, ((k - 0.5) * Math.LN2) / 2, 2 ** (k - 1075), 2 ** (k - 76));
    const args: number[] = [];
    for (const t of thresholds) for (const x of near(t, 3)) if (x > 0) args.push(x, -x, x - 1, 1 - x);
    expect(args.length).toBeGreaterThan(50_000);
    for (const c of CASES.slice(0, 5)) {
      const differing = args.filter((x) => !Object.is(c.portable(x), c.math(x)));
      expect([c.name, differing.slice(0, 5)]).toEqual([c.name, []]);
    }
  });

  it("handles the special values like Math", () => {
    expect(portableExp(-Infinity)).toBe(0);
    expect(portableExp(Infinity)).toBe(Infinity);
    expect(portableExp(1)).toBe(Math.E);
    expect(portableExp(-0)).toBe(1);
    expect(portableExp(1000)).toBe(Infinity);
    expect(portableExp(-1000)).toBe(0);
    expect(portableExp(-745)).toBe(5e-324);
    expect(portableExpm1(-Infinity)).toBe(-1);
    expect(Object.is(portableExpm1(-0), -0)).toBe(true);
    expect(portableTanh(Infinity)).toBe(1);
    expect(portableTanh(-Infinity)).toBe(-1);
    expect(Object.is(portableTanh(-0), -0)).toBe(true);
    expect(portableLog1p(-1)).toBe(-Infinity);
    expect(portableLog1p(-2)).toBeNaN();
    expect(Object.is(portableLog1p(-0), -0)).toBe(true);
    expect(portableLog(-0)).toBe(-Infinity);
    expect(portableSin(Infinity)).toBeNaN();
    expect(portableCos(-Infinity)).toBeNaN();
    expect(Object.is(portableSin(-0), -0)).toBe(true);
    expect(portableCos(-0)).toBe(1);
    for (const f of [portableExp, portableExpm1, portableTanh, portableLog, portableLog1p, portableSin, portableCos]) expect(f(NaN)).toBeNaN();
  });

  it("the huge-argument reduction's tables are 2/pi and pi/2, recomputed here from Machin's formula", () => {
    const P = 1700n;
    const one = 1n << P;
    const atanInv = (k: bigint) => {
      let sum = 0n;
      let term = one / k;
      let sign = 1n;
      for (let n = 1n; term !== 0n; n += 2n, term /= k * k, sign = -sign) sum += (sign * term) / n;
      return sum;
    };
    const pi = 16n * atanInv(5n) - 4n * atanInv(239n); // pi 2^P, to within a few units
    const twoOverPi = (2n * one * one) / pi;
    const chunks = Array.from({ length: IPIO2.length }, (_, i) => Number((twoOverPi >> (P - 24n * BigInt(i + 1))) & 0xffffffn));
    expect(Array.from(IPIO2)).toEqual(chunks);
    const pio2 = pi / 2n;
    const pieces = Array.from({ length: PIO2.length }, (_, i) => Number((pio2 >> (P - 23n - 24n * BigInt(i))) & 0xffffffn) * 2 ** -(23 + 24 * i));
    expect(Array.from(PIO2)).toEqual(pieces);
  });
});

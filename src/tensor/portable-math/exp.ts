/**
 * exp, expm1 and tanh in plain IEEE-754 arithmetic (+, -, * and / and a table of powers of two), after
 * fdlibm's e_exp.c, s_expm1.c and s_tanh.c as V8 (Node 20) runs them for Math.exp, Math.expm1 and
 * Math.tanh. JavaScript leaves the last bit of those to the engine; these give the same bits in every
 * engine, and Node 20's.
 *
 * Written for speed, and bit for bit the same as fdlibm (portable-math.test.ts):
 * - fdlibm's range checks on the high word hx of |x| are comparisons of |x| with the double whose words
 *   are that high word and 0: `hx < H` is `|x| < double(H, 0)`, `hx > H` is `|x| >= double(H + 1, 0)`
 *   (e.g. 0x40360000 is 22, 0x3fd62e43 is 0.3465735912322998); NaN fails every comparison.
 * - its scalings by 2^k, whose exponent it writes into a word, are multiplications by POW2's exact powers
 *   (writing 32-bit words and reading them back as a double stalls the processor).
 * - the constants are literals in the functions, with fdlibm's names in the comments: V8 reads a module's
 *   `const` with a check that it is initialized, bytecode that counts against the 460 bytes up to which
 *   it inlines a function into its caller (a call boxes the argument and the result on the heap).
 * - for the same budget, expm1 is split by sign and tanh by |x| < 1, into functions V8 inlines together.
 *
 * fdlibm's constants: LN2_HI = 6.93147180369123816490e-1 (0x3fe62e42 fee00000: ln 2's top 32 bits, so
 * k LN2_HI is exact), LN2_LO = 1.90821492927058770002e-10 (ln 2 - LN2_HI), INV_LN2 = 1.44269504088896338700e0,
 * O_THRESHOLD = 7.09782712893383973096e2 (above it exp overflows), U_THRESHOLD = -7.45133219101941108420e2
 * (below it exp underflows to 0). exp's P1..P5: the minimax polynomial R(r^2) = r^2 P(r^2) for
 * r (e^r + 1)/(e^r - 1) - 2 on [0, 0.347]; expm1's Q1..Q5: the scaled coefficients of its rational
 * approximation.
 */
import { POW2 as POW2_IMPORT } from "./bits.js";

// Read through module-level vars, not the imports (../portable-math.ts says why).
var POW2 = POW2_IMPORT;

const TWO_M1000 = 9.33263618503218878990e-302; // 2^-1000
const TWO_1023 = 8.98846567431157953865e307; // 2^1023

/**
 * Math.exp with the same bits everywhere (fdlibm e_exp.c). x = k ln2 + r, |r| <= ln2/2, r carried as
 * hi - lo; e^r from a rational approximation; e^x = 2^k e^r. Like V8, exp(1) returns Math.E exactly.
 */
export function portableExp(x: number): number {
  if (!(x <= 7.09782712893383973096e2 && x >= -7.45133219101941108420e2)) return x > 0 ? Infinity : x < 0 ? 0 : x + x; // O_THRESHOLD, U_THRESHOLD; NaN
  const ax = Math.abs(x);
  let hi = x;
  let lo = 0;
  let k = 0;
  if (ax >= 0.3465735912322998) {
    // |x| > ln2/2 (hx > 0x3fd62e42)
    if (ax < 1.0397205352783203) {
      // and |x| < 1.5 ln2 (hx < 0x3ff0a2b2): k = +-1
      if (x === 1) return 2.718281828459045; // V8's special case: Math.E, which the formula misses by 1 ulp
      k = x < 0 ? -1 : 1;
    } else {
      k = (1.44269504088896338700e0 * x + (x < 0 ? -0.5 : 0.5)) | 0; // INV_LN2 x +- 0.5; C's (int) truncates toward zero
    }
    hi = x - k * 6.93147180369123816490e-1; // x - k LN2_HI, exact
    lo = k * 1.90821492927058770002e-10; // k LN2_LO
  } else if (ax < 3.725290298461914e-9) {
    return 1 + x; // |x| < 2^-28
  }
  const r = hi - lo;
  const t = r * r;
  // P1..P5
  const c =
    r - t * (1.66666666666666019037e-1 + t * (-2.77777777770155933842e-3 + t * (6.61375632143793436117e-5 + t * (-1.65339022054652515390e-6 + t * 4.13813679705723846039e-8))));
  if (k === 0) return 1 - ((r * c) / (c - 2.0) - r);
  const y = 1 - (lo - (r * c) / (2.0 - c) - hi);
  if (k >= -1021 && k <= 1023) return y * POW2[k + 1074]!;
  return k > 0 ? y * 2.0 * TWO_1023 : y * POW2[k + 2074]! * TWO_M1000; // k = 1024; below, round once into the subnormals
}

/**
 * Math.expm1 with the same bits everywhere (fdlibm s_expm1.c): e^x - 1, accurate also near 0. The same
 * reduction as exp, with the reduction's rounding error carried as c, and a rational approximation of
 * e^r - 1 whose scaled coefficients are Q1..Q5. Split by sign into two functions that V8 inlines.
 */
export function portableExpm1(x: number): number {
  // x <= -56 ln2 (fdlibm's hx >= 0x4043687a, negative) and -Infinity: e^x is below half an ulp of 1
  if (!(x > -38.81622314453125 && x <= 7.09782712893383973096e2)) return x > 0 ? Infinity : x < 0 ? -1 : x + x; // O_THRESHOLD; NaN
  if (x < 5.551115123125783e-17 && x > -5.551115123125783e-17) return x; // |x| < 2^-54 (and +-0)
  return x > 0 ? expm1Positive(x) : expm1Negative(x);
}

/** expm1(x) for x in [2^-54, 709.78...]. */
function expm1Positive(x: number): number {
  let k = 0;
  let hi = x;
  let lo = 0;
  if (x >= 0.3465735912322998) {
    // x > ln2/2 (hx > 0x3fd62e42): k = 1 below 1.5 ln2 (hx < 0x3ff0a2b2)
    k = x < 1.0397205352783203 ? 1 : (1.44269504088896338700e0 * x + 0.5) | 0; // INV_LN2 x + 0.5, truncated
    hi = x - k * 6.93147180369123816490e-1; // x - k LN2_HI, exact
    lo = k * 1.90821492927058770002e-10; // k LN2_LO
  }
  const r = hi - lo; // x itself where k = 0
  const c = hi - r - lo; // 0 where k = 0
  const hfx = 0.5 * r;
  const hxs = r * hfx;
  // Q1..Q5
  const r1 =
    1 +
    hxs *
      (-3.33333333333331316428e-2 +
        hxs * (1.58730158725481460165e-3 + hxs * (-7.93650757867487942473e-5 + hxs * (4.00821782732936239552e-6 + hxs * -2.01099218183624371326e-7))));
  const t = 3.0 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6.0 - r * t));
  // fdlibm's k = 0 case, x - (x e - hxs), is this with c = 0 (e - 0 and x e - 0 are e and x e)
  e = r * (e - c) - c;
  e -= hxs;
  if (k === 0) return r - e;
  if (k === 1) return r < -0.25 ? -2.0 * (e - (r + 0.5)) : 1 + 2.0 * (r - e);
  const twoK = POW2[k + 1074]!; // 2^k (and Infinity for k = 1024)
  if (k > 56) return (k < 1024 ? (1 - (e - r)) * twoK : (1 - (e - r)) * 2.0 * TWO_1023) - 1; // e^x - 1 is e^x to within its rounding
  const twoMinusK = POW2[1074 - k]!;
  return k < 20 ? (1 - twoMinusK - (e - r)) * twoK : (r - (e + twoMinusK) + 1) * twoK; // 1 - 2^-k is exact
}

/** expm1(x) for x in (-56 ln2, -2^-54]. */
function expm1Negative(x: number): number {
  let k = 0;
  let hi = x;
  let lo = 0;
  if (x <= -0.3465735912322998) {
    // |x| > ln2/2 (hx > 0x3fd62e42): k = -1 below 1.5 ln2 (hx < 0x3ff0a2b2)
    k = x > -1.0397205352783203 ? -1 : (1.44269504088896338700e0 * x - 0.5) | 0; // INV_LN2 x - 0.5, truncated
    hi = x - k * 6.93147180369123816490e-1; // x - k LN2_HI, exact
    lo = k * 1.90821492927058770002e-10; // k LN2_LO
  }
  const r = hi - lo; // x itself where k = 0
  const c = hi - r - lo; // 0 where k = 0
  const hfx = 0.5 * r;
  const hxs = r * hfx;
  // Q1..Q5
  const r1 =
    1 +
    hxs *
      (-3.33333333333331316428e-2 +
        hxs * (1.58730158725481460165e-3 + hxs * (-7.93650757867487942473e-5 + hxs * (4.00821782732936239552e-6 + hxs * -2.01099218183624371326e-7))));
  const t = 3.0 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6.0 - r * t));
  // fdlibm's k = 0 case, x - (x e - hxs), is this with c = 0 (e - 0 and x e - 0 are e and x e)
  e = r * (e - c) - c;
  e -= hxs;
  if (k === 0) return r - e;
  if (k === -1) return 0.5 * (r - e) - 0.5;
  return (1 - (e - r)) * POW2[k + 1074]! - 1; // k <= -2: e^x - 1 is e^x to within its rounding
}

/**
 * Math.tanh with the same bits everywhere (fdlibm s_tanh.c): from expm1, as 1 - 2/(e^2|x| + 1) for
 * |x| >= 1 and -t/(t + 2), t = expm1(-2|x|), below; +-1 from |x| >= 22; x itself below 2^-28.
 * expm1 is written out for the two ranges tanh hands it (tanhAbove1, tanhBelow1): portableExpm1's
 * operations on those arguments without the branches they never take, in functions small enough for V8
 * to inline all three into the callers' loops (up to 460 bytes of bytecode each).
 */
export function portableTanh(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < 22)) return x > 0 ? 1 : x < 0 ? -1 : x + x; // |x| >= 22 (fdlibm's 1 - tiny rounds to 1), +-Infinity, NaN
  if (ax < 3.725290298461914e-9) return x; // |x| < 2^-28 (and +-0)
  const z = ax >= 1 ? tanhAbove1(ax) : tanhBelow1(ax);
  return x > 0 ? z : -z;
}

/** tanh(ax) for ax in [1, 22): 1 - 2/(t + 2), t = expm1(u), u = 2 ax in [2, 44). */
function tanhAbove1(ax: number): number {
  const u = 2 * ax;
  // u > 1.5 ln 2: k = round(u / ln 2), in [3, 63]
  const k = (1.44269504088896338700e0 * u + 0.5) | 0; // INV_LN2 u + 0.5, truncated
  const hi = u - k * 6.93147180369123816490e-1; // u - k LN2_HI, exact
  const lo = k * 1.90821492927058770002e-10; // k LN2_LO
  const r = hi - lo;
  const c = hi - r - lo;
  const hfx = 0.5 * r;
  const hxs = r * hfx;
  // Q1..Q5
  const r1 =
    1 +
    hxs *
      (-3.33333333333331316428e-2 +
        hxs * (1.58730158725481460165e-3 + hxs * (-7.93650757867487942473e-5 + hxs * (4.00821782732936239552e-6 + hxs * -2.01099218183624371326e-7))));
  const s = 3.0 - r1 * hfx;
  let e = hxs * ((r1 - s) / (6.0 - r * s));
  e = r * (e - c) - c;
  e -= hxs;
  const twoK = POW2[k + 1074]!; // 2^k
  let t: number;
  if (k < 20) t = (1 - POW2[1074 - k]! - (e - r)) * twoK; // 1 - 2^-k is exact
  else if (k <= 56) t = (r - (e + POW2[1074 - k]!) + 1) * twoK;
  else t = (1 - (e - r)) * twoK - 1;
  return 1 - 2 / (t + 2);
}

/** tanh(ax) for ax in [2^-28, 1): -t/(t + 2), t = expm1(u), u = -2 ax in (-2, -2^-27]. */
function tanhBelow1(ax: number): number {
  const u = -2 * ax;
  // k = round(u / ln 2) is 0, -1, -2 or -3
  let k = 0;
  let hi = u;
  let lo = 0;
  if (ax >= 0.1732867956161499) {
    // |u| > ln2/2 (|u| = 2 ax exactly, and 2 * 0.1732867956161499 is fdlibm's 0x3fd62e43 threshold)
    if (ax < 0.5198602676391602) {
      // and |u| < 1.5 ln2 (2 * 0.5198602676391602 is fdlibm's 0x3ff0a2b2)
      hi = u + 6.93147180369123816490e-1; // u + LN2_HI
      lo = -1.90821492927058770002e-10; // -LN2_LO
      k = -1;
    } else {
      k = (1.44269504088896338700e0 * u - 0.5) | 0;
      hi = u - k * 6.93147180369123816490e-1; // exact
      lo = k * 1.90821492927058770002e-10;
    }
  }
  const r = hi - lo; // u itself where k = 0
  const c = hi - r - lo;
  const hfx = 0.5 * r;
  const hxs = r * hfx;
  const r1 =
    1 +
    hxs *
      (-3.33333333333331316428e-2 +
        hxs * (1.58730158725481460165e-3 + hxs * (-7.93650757867487942473e-5 + hxs * (4.00821782732936239552e-6 + hxs * -2.01099218183624371326e-7))));
  const s = 3.0 - r1 * hfx;
  let e = hxs * ((r1 - s) / (6.0 - r * s));
  // fdlibm's k = 0 case, x - (x e - hxs), is this with c = 0 (e - 0 and x e - 0 are e and x e)
  e = r * (e - c) - c;
  e -= hxs;
  let t: number;
  if (k === 0) t = r - e;
  else if (k === -1) t = 0.5 * (r - e) - 0.5;
  else t = (1 - (e - r)) * POW2[k + 1074]! - 1;
  return -t / (t + 2);
}

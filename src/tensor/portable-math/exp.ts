/**
 * exp, expm1 and tanh in plain IEEE-754 arithmetic (+, -, *, / and word access), after fdlibm's e_exp.c,
 * s_expm1.c and s_tanh.c as V8 (Node 20) runs them for Math.exp, Math.expm1 and Math.tanh. JavaScript
 * leaves the last bit of those to the engine; these give the same bits in every engine, and Node 20's.
 */
import { fromWords, highWord, withHighWord } from "./bits.js";

const LN2_HI = 6.93147180369123816490e-1; // 0x3fe62e42 fee00000: ln 2's top 32 bits, so k * LN2_HI is exact
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76: ln 2 - LN2_HI
const INV_LN2 = 1.44269504088896338700e0; // 0x3ff71547 652b82fe
const O_THRESHOLD = 7.09782712893383973096e2; // 0x40862e42 fefa39ef: above it exp overflows
const U_THRESHOLD = -7.45133219101941108420e2; // 0xc0874910 d52d3051: below it exp underflows to 0
const TWO_M1000 = 9.33263618503218878990e-302; // 2^-1000
const TWO_1023 = 8.98846567431157953865e307; // 2^1023
// exp: R(r^2) = r^2 * P(r^2), the minimax remez polynomial for r (e^r + 1)/(e^r - 1) - 2 on [0, 0.347]
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
// expm1: the scaled minimax coefficients of its rational approximation
const Q1 = -3.33333333333331316428e-2;
const Q2 = 1.58730158725481460165e-3;
const Q3 = -7.93650757867487942473e-5;
const Q4 = 4.00821782732936239552e-6;
const Q5 = -2.01099218183624371326e-7;

/**
 * Math.exp with the same bits everywhere (fdlibm e_exp.c). x = k ln2 + r, |r| <= ln2/2, r carried as
 * hi - lo; e^r from a rational approximation; e^x = 2^k e^r. Like V8, exp(1) returns Math.E exactly.
 */
export function portableExp(x: number): number {
  const hx0 = highWord(x);
  const negative = hx0 < 0;
  const hx = hx0 & 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| >= 709.78..., or not finite
    if (hx >= 0x7ff00000) {
      if (x !== x) return x + x; // NaN
      return negative ? 0 : x; // exp(+-Infinity) = +Infinity, 0
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2: k = +-1
      if (x === 1) return 2.718281828459045; // V8's special case: Math.E, which the formula misses by 1 ulp
      if (negative) {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      } else {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      }
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0; // C's (int) truncates toward zero
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2.0 * TWO_1023;
    return y * fromWords(0x3ff00000 + (k << 20), 0);
  }
  return y * fromWords(0x3ff00000 + ((k + 1000) << 20), 0) * TWO_M1000; // rounds once, into the subnormals
}

/**
 * Math.expm1 with the same bits everywhere (fdlibm s_expm1.c): e^x - 1, accurate also near 0. The same
 * reduction as exp, with the reduction's rounding error carried as c, and a rational approximation of
 * e^r - 1 whose scaled coefficients are Q1..Q5.
 */
export function portableExpm1(x: number): number {
  const hx0 = highWord(x);
  const negative = hx0 < 0;
  const hx = hx0 & 0x7fffffff;
  if (hx >= 0x4043687a) {
    // |x| >= 56 ln2
    if (hx >= 0x40862e42) {
      // |x| >= 709.78...
      if (hx >= 0x7ff00000) {
        if (x !== x) return x + x; // NaN
        return negative ? -1 : x; // expm1(+-Infinity) = +Infinity, -1
      }
      if (x > O_THRESHOLD) return Infinity;
    }
    if (negative) return -1; // x < -56 ln2: e^x is below half an ulp of 1
  }
  let k = 0;
  let c = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2
    let hi: number;
    let lo: number;
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2
      if (!negative) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    // |x| < 2^-54 (and +-0)
    return x;
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  let t = 3.0 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k === 0) return x - (x * e - hxs); // c is 0
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) {
    if (x < -0.25) return -2.0 * (e - (x + 0.5));
    return 1 + 2.0 * (x - e);
  }
  if (k <= -2 || k > 56) {
    // e^x - 1 is e^x to within its rounding
    let y = 1 - (e - x);
    if (k === 1024) y = y * 2.0 * TWO_1023;
    else y = y * fromWords(0x3ff00000 + (k << 20), 0);
    return y - 1;
  }
  let y: number;
  if (k < 20) {
    t = withHighWord(1, 0x3ff00000 - (0x200000 >> k)); // 1 - 2^-k
    y = t - (e - x);
  } else {
    t = withHighWord(0, (0x3ff - k) << 20); // 2^-k
    y = x - (e + t);
    y += 1;
  }
  return y * fromWords(0x3ff00000 + (k << 20), 0);
}

/**
 * Math.tanh with the same bits everywhere (fdlibm s_tanh.c): from expm1, as 1 - 2/(e^2|x| + 1) for
 * |x| >= 1 and -t/(t + 2), t = expm1(-2|x|), below; +-1 from |x| >= 22; x itself below 2^-28.
 */
export function portableTanh(x: number): number {
  const jx = highWord(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) {
    // Infinity or NaN
    return jx >= 0 ? 1 / x + 1 : 1 / x - 1;
  }
  let z: number;
  if (ix < 0x40360000) {
    // |x| < 22
    if (ix < 0x3e300000) return x; // |x| < 2^-28 (and +-0)
    if (ix >= 0x3ff00000) {
      // |x| >= 1
      const t = portableExpm1(2 * Math.abs(x));
      z = 1 - 2 / (t + 2);
    } else {
      const t = portableExpm1(-2 * Math.abs(x));
      z = -t / (t + 2);
    }
  } else {
    z = 1; // |x| >= 22: fdlibm's 1 - tiny rounds to 1
  }
  return jx >= 0 ? z : -z;
}

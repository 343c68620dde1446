/**
 * log and log1p in plain IEEE-754 arithmetic (+, -, *, /, reading the high word and a table of powers of
 * two), after fdlibm's e_log.c and s_log1p.c, which is what V8 (Node 20) runs for Math.log and Math.log1p.
 * JavaScript leaves the last bit of those to the engine; these give the same bits in every engine, and
 * Node 20's bits. Accurate to < 1 ulp.
 *
 * Written for speed, bit for bit the same as fdlibm: its range checks on the high word are comparisons
 * with the doubles of those words (see exp.ts), and where it writes an exponent into a word, a
 * multiplication by an exact power of two (POW2) gives the same double. The constants are written out as
 * literals in the functions (fdlibm's names in the comments): V8 reads a module's `const` with a check
 * that it is initialized, code that counts against the 460 bytes of bytecode up to which it inlines a
 * function into its caller.
 */
import { highWord as highWordImport, POW2 as POW2_IMPORT } from "./bits.js";

// Read through module-level vars, not the imports (../portable-math.ts says why).
var highWord = highWordImport, POW2 = POW2_IMPORT;

// fdlibm's constants, by name:
// LN2_HI = 6.93147180369123816490e-1  0x3fe62e42 fee00000
// LN2_LO = 1.90821492927058770002e-10 0x3dea39ef 35793c76
// log(1+f) = f - f^2/2 + s*(f^2/2 + R(s^2)), s = f/(2+f): R's minimax coefficients Lg1..Lg7
// LG1 = 6.666666666666735130e-1, LG2 = 3.999999999940941908e-1, LG3 = 2.857142874366239149e-1,
// LG4 = 2.222219843214978396e-1, LG5 = 1.818357216161805012e-1, LG6 = 1.531383769920937332e-1,
// LG7 = 1.479819860511658591e-1

/** Math.log with the same bits everywhere (fdlibm e_log.c). */
export function portableLog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN; // +-0, x < 0, NaN
  if (x === Infinity) return Infinity;
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    // subnormal (hx < 0x00100000): scale up into the normal range
    k = -54;
    x *= 1.8014398509481984e16; // 2^54
  }
  const high = highWord(x);
  const hx = high & 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  const e = (high >> 20) - 1023 + (i0 >> 20); // x's exponent, plus one where its mantissa is above ~sqrt(2)
  k += e;
  // f + 1 is x scaled by 2^-e into [sqrt(2)/2, sqrt(2)): fdlibm writes the exponent's bits, the same
  // double as this multiplication, which is exact
  const f = x * POW2[1074 - e]! - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) return logNear1(f, k); // |f| < 2^-20
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (3.999999999940941908e-1 + w * (2.222219843214978396e-1 + w * 1.531383769920937332e-1)); // LG2, LG4, LG6
  const t2 = z * (6.666666666666735130e-1 + w * (2.857142874366239149e-1 + w * (1.818357216161805012e-1 + w * 1.479819860511658591e-1))); // LG1, 3, 5, 7
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + r));
    return k * 6.93147180369123816490e-1 - (hfsq - (s * (hfsq + r) + k * 1.90821492927058770002e-10) - f);
  }
  if (k === 0) return f - s * (f - r);
  return k * 6.93147180369123816490e-1 - (s * (f - r) - k * 1.90821492927058770002e-10 - f);
}

/** log's end for |f| < 2^-20, out of its way. */
function logNear1(f: number, k: number): number {
  if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
  const r = f * f * (0.5 - 0.33333333333333333 * f);
  return k === 0 ? f - r : k * LN2_HI - (r - k * LN2_LO - f);
}

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;

/**
 * Math.log1p with the same bits everywhere (fdlibm s_log1p.c): log(1+x) accurate also where 1+x rounds.
 * 1+x = 2^k (1+f) with sqrt(2)/2 < 1+f < sqrt(2); the rounding error of 1+x is carried as the correction
 * c, and log(1+f) is the same series as in log.
 */
export function portableLog1p(x: number): number {
  let k = 0;
  let f = x;
  let c = 0;
  let hu = 1;
  if (!(x < 0.4142136573791504 && x > -0.292893648147583)) {
    // not -0.2929 < x < 0.41422 (fdlibm's hx < 0x3fda827a, and hx > 0 || hx <= 0xbfd2bec4 in words): reduce
    if (!(x > -1 && x < Infinity)) return x === -1 ? -Infinity : x > 0 ? x : NaN; // +Infinity; x < -1, NaN
    let u = x;
    if (x < 9007199254740992) {
      // x < 2^53: 1+x rounds; c is its rounding error, relative to u
      u = 1.0 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = (k > 0 ? 1.0 - (u - x) : x - (u - 1.0)) / u;
    } else {
      hu = highWord(u);
      k = (hu >> 20) - 1023;
    }
    hu &= 0x000fffff;
    // u scaled by 2^-k into [1, sqrt(2)), or by 2^-(k+1) into [sqrt(2)/2, 1): fdlibm writes the exponent's
    // bits, the same double as these exact multiplications
    if (hu >= 0x6a09e) {
      k += 1;
      hu = (0x00100000 - hu) >> 2;
    }
    f = u * POW2[1074 - k]! - 1.0;
  } else if (x < 1.862645149230957e-9 && x > -1.862645149230957e-9) {
    return log1pTiny(x); // |x| < 2^-29
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) return log1pNear1(f, k, c, hfsq); // |f| < 2^-20
  const s = f / (2.0 + f);
  const z = s * s;
  // LG1..LG7
  const r =
    z *
    (6.666666666666735130e-1 +
      z *
        (3.999999999940941908e-1 +
          z * (2.857142874366239149e-1 + z * (2.222219843214978396e-1 + z * (1.818357216161805012e-1 + z * (1.531383769920937332e-1 + z * 1.479819860511658591e-1))))));
  if (k === 0) return f - (hfsq - s * (hfsq + r));
  return k * 6.93147180369123816490e-1 - (hfsq - (s * (hfsq + r) + (k * 1.90821492927058770002e-10 + c)) - f);
}

/** log1p's end for |f| < 2^-20, out of its way. */
function log1pNear1(f: number, k: number, c: number, hfsq: number): number {
  if (f === 0) {
    if (k === 0) return 0;
    c += k * LN2_LO;
    return k * LN2_HI + c;
  }
  const r = hfsq * (1.0 - 0.66666666666666666 * f);
  if (k === 0) return f - r;
  return k * LN2_HI - (r - (k * LN2_LO + c) - f);
}

/** log1p(x) for |x| < 2^-29. */
function log1pTiny(x: number): number {
  if (x < 5.551115123125783e-17 && x > -5.551115123125783e-17) return x; // |x| < 2^-54 (and +-0)
  return x - x * x * 0.5;
}

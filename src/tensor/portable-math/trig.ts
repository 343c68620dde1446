/**
 * sin and cos in plain IEEE-754 arithmetic (+, -, *, / and word access), after fdlibm's s_sin.c, s_cos.c,
 * k_sin.c, k_cos.c and e_rem_pio2.c as V8 (Node 20) runs them for Math.sin and Math.cos. JavaScript leaves
 * their last bit to the engine (newer V8s use other code and differ on ~3% of arguments); these give the
 * same bits in every engine, and Node 20's.
 *
 * The argument is reduced to y = x - n pi/2, |y| <= pi/4, carried as the double-double y0 + y1: with
 * pi/2 split into 33-bit pieces (Cody-Waite, exact products n * piece) up to |x| ~ 2^20 pi/2, and beyond
 * that with the full multi-precision reduction of k_rem_pio2.c (./rem-pio2-large.ts). Both are exact
 * arithmetic, so every argument, however huge, gets the same bits.
 */
import { fromWords as fromWordsImport, highWord as highWordImport, lowWord as lowWordImport } from "./bits.js";
import { remPio2Large } from "./rem-pio2-large.js";

// Read through module-level vars, not the imports (../portable-math.ts says why).
var fromWords = fromWordsImport, highWord = highWordImport, lowWord = lowWordImport;

// sin(x) ~ x + S1 x^3 + ... + S6 x^13 on [-pi/4, pi/4]
const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;
// cos(x) ~ 1 - x^2/2 + C1 x^4 + ... + C6 x^14 on [-pi/4, pi/4]
const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;

const INV_PIO2 = 6.36619772367581382433e-1; // 0x3fe45f30 6dc9c883: 2/pi
const PIO2_1 = 1.57079632673412561417e0; // 0x3ff921fb 54400000: pi/2's first 33 bits
const PIO2_1T = 6.07710050650619224932e-11; // 0x3dd0b461 1a626331: pi/2 - PIO2_1
const PIO2_2 = 6.07710050630396597660e-11; // 0x3dd0b461 1a600000: the second 33 bits
const PIO2_2T = 2.02226624879595063154e-21; // 0x3ba3198a 2e037073: pi/2 - PIO2_1 - PIO2_2
const PIO2_3 = 2.02226624871116645580e-21; // 0x3ba3198a 2e000000: the third 33 bits
const PIO2_3T = 8.47842766036889956997e-32; // 0x397b839a 252049c1: pi/2 - PIO2_1 - PIO2_2 - PIO2_3

/** High words of n pi/2 for n = 1..32, where x - n pi/2 may cancel badly (fdlibm's npio2_hw). */
const NPIO2_HW = new Int32Array([
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb,
  0x402c463a, 0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb,
  0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c,
  0x4043a28c, 0x40446b9c, 0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
]);

/** The reduced argument's two parts, written by remPio2 (a module-level pair: nothing allocated per call). */
const Y = new Float64Array(2);

/** sin(x + y) for |x + y| <= pi/4, y the tail of x (fdlibm __kernel_sin; iy = 0: y is 0). */
function kernelSin(x: number, y: number, iy: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return x; // |x| < 2^-27 (C's (int)x == 0 always holds here)
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (iy === 0) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

/** cos(x + y) for |x + y| <= pi/4, y the tail of x (fdlibm 5.3's __kernel_cos, V8's). */
function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  // 1 - qx - (z/2 - qx - (z r - x y)) with qx = |x|/4 cut to its high word (or 0.28125), so 1 - qx is exact
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0);
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

/**
 * n and y = x - n pi/2 (into Y[0] + Y[1]) for finite |x| > pi/4 (fdlibm __ieee754_rem_pio2); returns n
 * (its low bits choose the quadrant).
 */
function remPio2(x: number, hx: number): number {
  const ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {
    // |x| < 3pi/4: n = +-1
    if (hx > 0) {
      let z = x - PIO2_1;
      if (ix !== 0x3ff921fb) {
        // 33 + 53 bits of pi are enough
        Y[0] = z - PIO2_1T;
        Y[1] = z - Y[0]! - PIO2_1T;
      } else {
        // near pi/2: 33 + 33 + 53 bits
        z -= PIO2_2;
        Y[0] = z - PIO2_2T;
        Y[1] = z - Y[0]! - PIO2_2T;
      }
      return 1;
    }
    let z = x + PIO2_1;
    if (ix !== 0x3ff921fb) {
      Y[0] = z + PIO2_1T;
      Y[1] = z - Y[0]! + PIO2_1T;
    } else {
      z += PIO2_2;
      Y[0] = z + PIO2_2T;
      Y[1] = z - Y[0]! + PIO2_2T;
    }
    return -1;
  }
  if (ix <= 0x413921fb) {
    // |x| <~ 2^20 pi/2: Cody-Waite, with up to three pieces of pi/2 where x - n pi/2 cancels
    const t0 = Math.abs(x);
    const n = (t0 * INV_PIO2 + 0.5) | 0;
    const fn = n;
    let r = t0 - fn * PIO2_1;
    let w = fn * PIO2_1T; // the first round is good to 85 bits
    let y0: number;
    if (n < 32 && ix !== NPIO2_HW[n - 1]) {
      y0 = r - w; // no cancellation
    } else {
      const j = ix >> 20;
      y0 = r - w;
      let i = j - ((highWord(y0) >> 20) & 0x7ff);
      if (i > 16) {
        // a second round, good to 118 bits
        let t = r;
        w = fn * PIO2_2;
        r = t - w;
        w = fn * PIO2_2T - (t - r - w);
        y0 = r - w;
        i = j - ((highWord(y0) >> 20) & 0x7ff);
        if (i > 49) {
          // a third, 151 bits: covers every double
          t = r;
          w = fn * PIO2_3;
          r = t - w;
          w = fn * PIO2_3T - (t - r - w);
          y0 = r - w;
        }
      }
    }
    const y1 = r - y0 - w;
    if (hx < 0) {
      Y[0] = -y0;
      Y[1] = -y1;
      return -n;
    }
    Y[0] = y0;
    Y[1] = y1;
    return n;
  }
  return remPio2Large(hx, lowWord(x), Y);
}

/** Math.sin with the same bits everywhere. */
export function portableSin(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, 0); // |x| <~ pi/4 (and +-0)
  if (ix >= 0x7ff00000) return NaN; // Infinity, NaN
  const n = remPio2(x, hx);
  switch (n & 3) {
    case 0:
      return kernelSin(Y[0]!, Y[1]!, 1);
    case 1:
      return kernelCos(Y[0]!, Y[1]!);
    case 2:
      return -kernelSin(Y[0]!, Y[1]!, 1);
    default:
      return -kernelCos(Y[0]!, Y[1]!);
  }
}

/** Math.cos with the same bits everywhere. */
export function portableCos(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0); // |x| <~ pi/4
  if (ix >= 0x7ff00000) return NaN;
  const n = remPio2(x, hx);
  switch (n & 3) {
    case 0:
      return kernelCos(Y[0]!, Y[1]!);
    case 1:
      return -kernelSin(Y[0]!, Y[1]!, 1);
    case 2:
      return -kernelCos(Y[0]!, Y[1]!);
    default:
      return kernelSin(Y[0]!, Y[1]!, 1);
  }
}

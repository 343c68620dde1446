/**
 * The reduction x - n pi/2 for huge |x| (beyond ~2^20 pi/2, where sin and cos's Cody-Waite reduction runs
 * out of bits), after fdlibm's e_rem_pio2.c and k_rem_pio2.c (Payne-Hanek): x's 53 bits are cut into three
 * 24-bit pieces and multiplied, in exact float64 arithmetic on 24-bit integers, by just the bits of 2/pi
 * that matter for x's exponent, so the result is exact to ~2^-100 relative whatever x's size. This is what
 * V8 (Node 20) does, to the same bits. Only the library's own arguments never get here (angles of a few
 * radians); the path is for completeness, and for identical bits even on absurd inputs.
 */
import { fromWords } from "./bits.js";

/** 2/pi's binary expansion, 24 bits an entry (2/pi = 0.a2f9836e4e44... hex; computed, see the test). */
export const IPIO2 = new Int32Array([
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb, 0xc561b7,
  0x246e3a, 0x424dd2, 0xe00649, 0x2eea09, 0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c,
  0x7026b4, 0x5f7e41, 0x3991d6, 0x398353, 0x39f49c, 0x845f8b, 0xbdf928, 0x3b1ff8, 0x97ffde, 0x05980f, 0xef2f11,
  0x8b5a0a, 0x6d1f6d, 0x367ecf, 0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7,
  0x8a5292, 0xea6bfb, 0x5fb11f, 0x8d5d08, 0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3, 0x91615e,
  0xe61b08, 0x659985, 0x5f14a0, 0x68408d, 0xffd880, 0x4d7327, 0x310606, 0x1556ca, 0x73a8c9, 0x60e27b, 0xc08c6b,
]);

/** pi/2 cut into 24-bit pieces: PIO2[0] + PIO2[1] + ... = pi/2 to 192 bits. */
export const PIO2 = new Float64Array([
  1.57079625129699707031e0, // 0x3ff921fb 40000000
  7.54978941586159635335e-8, // 0x3e74442d 00000000
  5.39030252995776476554e-15, // 0x3cf84698 80000000
  3.28200341580791294123e-22, // 0x3b78cc51 60000000
  1.27065575308067607349e-29, // 0x39f01b83 80000000
  1.22933308981111328932e-36, // 0x387a2520 40000000
  2.73370053816464559624e-44, // 0x36e38222 80000000
  2.16741683877804819444e-51, // 0x3569f31d 00000000
]);

const TWO24 = 16777216;
const TWON24 = 5.9604644775390625e-8; // 2^-24
const JK = 4; // terms of 2/pi beyond x's (fdlibm's init_jk for 53-bit results)

// Scratch, reused: nothing is allocated per call.
const TX = new Float64Array(3);
const F = new Float64Array(20);
const Q = new Float64Array(20);
const FQ = new Float64Array(20);
const IQ = new Int32Array(20);

/** 2^e for -1022 <= e <= 1023, exactly. */
function pow2(e: number): number {
  return fromWords((0x3ff + e) << 20, 0);
}

/**
 * For finite |x| > ~2^20 pi/2, given as its high and low words hx, lx: writes y = x - n pi/2 into y[0] + y[1] (|y| <= pi/4) and
 * returns n mod 8 (negated for negative x).
 */
export function remPio2Large(hx: number, lx: number, y: Float64Array): number {
  const ix = hx & 0x7fffffff;
  // z = |x| scaled to [2^23, 2^24): x = z 2^e0, cut into three 24-bit integers TX[0..2]
  const e0 = (ix >> 20) - 1046;
  let z = fromWords(ix - (e0 << 20), lx);
  for (let i = 0; i < 2; i++) {
    TX[i] = Math.trunc(z);
    z = (z - TX[i]!) * TWO24;
  }
  TX[2] = z;
  let nx = 3;
  while (TX[nx - 1] === 0) nx--;
  const n = kernelRemPio2(e0, nx, y);
  if (hx < 0) {
    y[0] = -y[0]!;
    y[1] = -y[1]!;
    return -n;
  }
  return n;
}

/** fdlibm's __kernel_rem_pio2 for a 53-bit result (prec 2), on TX[0..nx-1] 2^e0. */
function kernelRemPio2(e0: number, nx: number, y: Float64Array): number {
  const jx = nx - 1;
  let jv = Math.trunc((e0 - 3) / 24);
  if (jv < 0) jv = 0;
  let q0 = e0 - 24 * (jv + 1);
  // F[0..jx+JK] = the bits of 2/pi that x's pieces meet
  for (let i = 0, j = jv - jx; i <= jx + JK; i++, j++) F[i] = j < 0 ? 0 : IPIO2[j]!;
  for (let i = 0; i <= JK; i++) {
    let fw = 0;
    for (let j = 0; j <= jx; j++) fw += TX[j]! * F[jx + i - j]!;
    Q[i] = fw;
  }
  let jz = JK;
  let n = 0;
  let ih = 0;
  let z = 0;
  for (;;) {
    // distill Q[] into 24-bit integers IQ[], most significant first
    z = Q[jz]!;
    for (let i = 0, j = jz; j > 0; i++, j--) {
      const fw = Math.trunc(TWON24 * z);
      IQ[i] = Math.trunc(z - TWO24 * fw);
      z = Q[j - 1]! + fw;
    }
    // n: the integer part, mod 8
    z *= pow2(q0);
    z -= 8 * Math.floor(z * 0.125);
    n = Math.trunc(z);
    z -= n;
    ih = 0;
    if (q0 > 0) {
      const i = IQ[jz - 1]! >> (24 - q0);
      n += i;
      IQ[jz - 1] = IQ[jz - 1]! - (i << (24 - q0));
      ih = IQ[jz - 1]! >> (23 - q0);
    } else if (q0 === 0) ih = IQ[jz - 1]! >> 23;
    else if (z >= 0.5) ih = 2;
    if (ih > 0) {
      // the fraction is over 1/2: take 1 - fraction, and n + 1
      n += 1;
      let carry = 0;
      for (let i = 0; i < jz; i++) {
        const j = IQ[i]!;
        if (carry === 0) {
          if (j !== 0) {
            carry = 1;
            IQ[i] = 0x1000000 - j;
          }
        } else IQ[i] = 0xffffff - j;
      }
      if (q0 === 1) IQ[jz - 1] = IQ[jz - 1]! & 0x7fffff;
      else if (q0 === 2) IQ[jz - 1] = IQ[jz - 1]! & 0x3fffff;
      if (ih === 2) {
        z = 1 - z;
        if (carry !== 0) z -= pow2(q0);
      }
    }
    if (z !== 0) break;
    // the fraction cancelled to zero so far: take more bits of 2/pi if the low pieces are all zero
    let j = 0;
    for (let i = jz - 1; i >= JK; i--) j |= IQ[i]!;
    if (j !== 0) break;
    let k = 1;
    while (IQ[JK - k] === 0) k++;
    for (let i = jz + 1; i <= jz + k; i++) {
      F[jx + i] = IPIO2[jv + i]!;
      let fw = 0;
      for (let jj = 0; jj <= jx; jj++) fw += TX[jj]! * F[jx + i - jj]!;
      Q[i] = fw;
    }
    jz += k;
  }
  // chop off zero terms, or split the last into 24-bit pieces
  if (z === 0) {
    jz -= 1;
    q0 -= 24;
    while (IQ[jz] === 0) {
      jz--;
      q0 -= 24;
    }
  } else {
    z *= pow2(-q0);
    if (z >= TWO24) {
      const fw = Math.trunc(TWON24 * z);
      IQ[jz] = Math.trunc(z - TWO24 * fw);
      jz += 1;
      q0 += 24;
      IQ[jz] = fw;
    } else IQ[jz] = Math.trunc(z);
  }
  // back to floating point, then times pi/2
  let fw = pow2(q0);
  for (let i = jz; i >= 0; i--) {
    Q[i] = fw * IQ[i]!;
    fw *= TWON24;
  }
  for (let i = jz; i >= 0; i--) {
    fw = 0;
    for (let k = 0; k <= JK && k <= jz - i; k++) fw += PIO2[k]! * Q[i + k]!;
    FQ[jz - i] = fw;
  }
  // compress into y[0] + y[1]
  fw = 0;
  for (let i = jz; i >= 0; i--) fw += FQ[i]!;
  y[0] = ih === 0 ? fw : -fw;
  fw = FQ[0]! - fw;
  for (let i = 1; i <= jz; i++) fw += FQ[i]!;
  y[1] = ih === 0 ? fw : -fw;
  return n & 7;
}

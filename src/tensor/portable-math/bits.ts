/**
 * Word access to a float64, shared by the portable functions: one 8-byte scratch buffer seen as a
 * Float64Array and an Int32Array (faster than a DataView in V8, and nothing is allocated per call). HI and
 * LO are the indices of the high (sign, exponent, top of the mantissa) and low 32-bit words, found once
 * from the platform's byte order.
 */
export const F64 = new Float64Array(1);
export const I32 = new Int32Array(F64.buffer);
F64[0] = 1; // 0x3ff00000_00000000: the high word is the non-zero one
export const HI = I32[1] !== 0 ? 1 : 0;
export const LO = 1 - HI;

// The same, as `var`s: reading them needs no check that they are initialized (a `const` does, where V8
// cannot see it), which keeps highWord within the 27 bytes of bytecode that V8 inlines at no cost.
var F64_ = F64, I32_ = I32, HI_ = HI;

/** The high 32-bit word of x, as a signed integer (fdlibm's __HI / GET_HIGH_WORD). */
export function highWord(x: number): number {
  F64_[0] = x;
  return I32_[HI_]!;
}

/** The low 32-bit word of x, as a signed integer (fdlibm's __LO). */
export function lowWord(x: number): number {
  F64[0] = x;
  return I32[LO]!;
}

/** x with its high word replaced and its low word kept (fdlibm's SET_HIGH_WORD). */
export function withHighWord(x: number, high: number): number {
  F64[0] = x;
  I32[HI] = high;
  return F64[0]!;
}

/** The float64 with these two words (fdlibm's INSERT_WORDS). */
export function fromWords(high: number, low: number): number {
  I32[HI] = high;
  I32[LO] = low;
  return F64[0]!;
}

/**
 * 2^k for every k in [-1074, 1023] (the subnormal powers too), exactly, at POW2[k + 1074], and Infinity
 * at k = 1024 (so that any k a reduction gives can be looked up). Scaling by a power of two through this
 * table is one multiplication, where composing the power from its words (fromWords) costs two 32-bit
 * stores and a 64-bit load that the processor cannot forward from them (a stall of a dozen cycles).
 */
export const POW2 = new Float64Array(2099);
POW2[0] = 5e-324; // 2^-1074
for (let i = 1; i < POW2.length; i++) POW2[i] = POW2[i - 1]! * 2; // exact

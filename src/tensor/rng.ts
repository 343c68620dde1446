import { fail } from "../errors.js";
import { portableLog } from "./portable-math.js";

/**
 * Everything an Rng's future draws depend on, as plain numbers: the four 32-bit words of xoshiro128**
 * and the second normal of Marsaglia's pair when one is waiting. A checkpoint saves it so that a resumed
 * run draws the same numbers as one never interrupted.
 */
export interface RngState {
  /** The generator's words s0..s3, as signed 32-bit integers. */
  words: [number, number, number, number];
  /** The normal kept from the last pair, and whether it is waiting to be returned. */
  spareNormal: number;
  hasSpare: boolean;
}

/**
 * A seeded pseudo-random generator: xoshiro128** (32-bit integer arithmetic only, so every engine gives
 * the same bits), seeded through splitmix32. Every random draw in nnlab (initial weights, shuffling,
 * dropout masks, splits, augmentation) comes from an Rng that is passed in: same seed, same bits.
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal = 0;
  private hasSpare = false;

  /** @param seed any safe integer (negative values and values above 2^32 are fine). */
  constructor(seed: number) {
    if (typeof seed !== "number" || !Number.isSafeInteger(seed)) fail("Rng", "seed must be a safe integer", seed);
    const low = seed >>> 0;
    const high = Math.floor(seed / 4294967296) >>> 0;
    let a = (low ^ Math.imul(high, 0x85ebca6b)) | 0;
    const next = (): number => {
      a = (a + 0x9e3779b9) | 0;
      let t = a ^ (a >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = Math.imul(t, 0x735a2d97);
      return (t ^ (t >>> 15)) | 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /**
   * out[i] = hit where the i-th next 32-bit draw is below `threshold`, else 0: the same draws, in the same
   * order, as calling nextUint32 once per element (a dropout mask), with the generator's words held in
   * locals for the loop. On the course's football network a per-element call made dropout's forward pass
   * the largest part of a training step.
   */
  fillBelow(out: Float32Array | Float64Array, threshold: number, hit: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = 0; i < out.length; i++) {
      const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      out[i] = result < threshold ? hit : 0;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** Uniform in [0, 1), with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Standard normal (Marsaglia's polar method, with a portable logarithm). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const scale = Math.sqrt((-2 * portableLog(s)) / s); // sqrt is exactly rounded by IEEE-754
    this.spareNormal = v * scale;
    this.hasSpare = true;
    return u * scale;
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (n <= 0 || n > 4294967296) fail("Rng.int", "n must be in [1, 2^32]", n);
    const limit = 4294967296 - (4294967296 % n);
    let x: number;
    do x = this.nextUint32();
    while (x >= limit);
    return x % n;
  }

  /** Shuffles `values` in place (Fisher-Yates). */
  shuffle<T extends { length: number; [i: number]: number }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = values[i]!;
      values[i] = values[j]!;
      values[j] = tmp;
    }
    return values;
  }

  /** A copy of the generator's state; `setState` of it makes the same draws follow. */
  getState(): RngState {
    return { words: [this.s0, this.s1, this.s2, this.s3], spareNormal: this.spareNormal, hasSpare: this.hasSpare };
  }

  /** Puts back a state from `getState` (this generator's or another's). */
  setState(state: RngState): void {
    const words = state?.words;
    if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= -2147483648 && w <= 4294967295)) {
      fail("Rng.setState", "a state from getState (four 32-bit words)", words);
    }
    if ((words[0] | words[1] | words[2] | words[3]) === 0) fail("Rng.setState", "a state that is not all zeros (a fixed point)", words);
    if (typeof state.hasSpare !== "boolean" || typeof state.spareNormal !== "number") {
      fail("Rng.setState", "spareNormal (a number) and hasSpare (a boolean)", state);
    }
    this.s0 = words[0] | 0;
    this.s1 = words[1] | 0;
    this.s2 = words[2] | 0;
    this.s3 = words[3] | 0;
    this.spareNormal = state.spareNormal;
    this.hasSpare = state.hasSpare;
  }

  /** A new, independent generator seeded from this one's next draws (for a separate stream). */
  fork(): Rng {
    const hi = this.nextUint32() & 0x1fffff;
    const lo = this.nextUint32();
    return new Rng(hi * 4294967296 + lo);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

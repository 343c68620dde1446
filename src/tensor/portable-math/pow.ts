import { portableExp } from "./exp.js";
import { portableLog } from "./log.js";

/**
 * base ** n for a whole n >= 0 by repeated squaring: only multiplications, so the same bits in every
 * engine (Math.pow and ** are not: Node 20's V8 gives 0.9 ** 4 = 0.6561000000000001, Chromium's 0.6561).
 * Each squaring doubles the relative error it is handed, so the result is within about n ulps of the exact
 * power; ample for Adam's bias correction, 1 - beta ** t, whose error stays under 1e-13 of it.
 */
export function portablePowInt(base: number, n: number): number {
  let result = 1;
  let square = base;
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result *= square;
    square *= square;
  }
  return result;
}

/** base ** y for base > 0 as exp(y log base), in the portable exp and log: the same bits in every engine. */
export function portablePow(base: number, y: number): number {
  return portableExp(y * portableLog(base));
}

/**
 * The transcendental functions the library computes with, in plain IEEE-754 arithmetic (+, -, *, / and
 * word access), so that a run gives the same bits in every JavaScript engine. JavaScript leaves the last
 * bit of Math.exp, log, log1p, expm1, tanh, sin and cos to the engine, and engines differ (Chromium's V8
 * against Node 20's on 0.03% to 10% of arguments); these follow fdlibm's algorithms, which is what Node
 * 20's V8 runs, and equal Node 20's Math functions bit for bit (see portable-math/portable-math.test.ts).
 * Math.sqrt, abs, floor, ... are exactly specified and stay. Math.pow and ** are NOT: Chromium's V8 and
 * Node 20's differ in the last bit (e.g. 0.9 ** 4): powers go through portablePowInt (whole exponents) or
 * portablePow (exp(y log x)). x ** 2 is exact (x * x) in both, and stays.
 *
 * The code lives in ./portable-math/; this file is its index.
 */
export { portableExp, portableExpm1, portableTanh } from "./portable-math/exp.js";
export { portableLog, portableLog1p } from "./portable-math/log.js";
export { portableCos, portableSin } from "./portable-math/trig.js";
export { portablePow, portablePowInt } from "./portable-math/pow.js";

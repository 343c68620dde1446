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
 *
 * Callers that call these per element (activations, losses) and the files of ./portable-math/ read them
 * through module-level `var`s, not through the imported names: vitest (vite-node) and bundlers such as
 * webpack turn each use of an imported name into a read of a getter on the module object, which V8 did
 * not inline into the loop. Under vitest the doctor's scenario sets trained about 1.4 times slower for
 * it. (A `var`, not a `const`: reading a module's `const` in a function costs a check that it is
 * initialized, and bytecode that counts against V8's inlining budget; see ./portable-math/bits.ts.)
 */
export { portableExp, portableExpm1, portableTanh } from "./portable-math/exp.js";
export { portableLog, portableLog1p } from "./portable-math/log.js";
export { portableCos, portableSin } from "./portable-math/trig.js";
export { portablePow, portablePowInt } from "./portable-math/pow.js";

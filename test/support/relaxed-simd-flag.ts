/**
 * The "relaxed-simd" test project's first setup file: turns on V8's relaxed SIMD before the library's
 * kernels are first imported in the worker, so that the fused float32 WebAssembly kernels (what browsers
 * run) are the default there, as they are where the engine has relaxed SIMD without a flag. (Node 20
 * validates relaxed SIMD only behind --experimental-wasm-relaxed-simd, and vitest 3.2 does not pass a
 * project's poolOptions.forks.execArgv to its workers: with the flag there, the project ran the strict
 * kernels again.)
 */
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--experimental-wasm-relaxed-simd");
(globalThis as { nnlabRelaxedSimdProject?: boolean }).nnlabRelaxedSimdProject = true;

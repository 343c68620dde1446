/**
 * Every test file starts on the library's default kernels: the portable (WebAssembly) ones, one thread,
 * fused float32 multiply-adds as the engine allows, every product size to WebAssembly. The test files of
 * a worker share one module graph (vitest's isolate: false, which saves re-importing the library for each
 * of ~100 files), so a file that switched to the native kernels or to threads and did not switch back
 * would otherwise run the next file's "portable" tests on another path.
 */
import { useKernels } from "../../src/node/native.js";
import { fusedMultiplyAddInUse, setKernelMode, useFusedMultiplyAdd } from "../../src/tensor/kernels.js";

const shared = globalThis as { nnlabDefaultFused?: boolean };
shared.nnlabDefaultFused ??= fusedMultiplyAddInUse(); // the default, as the first file found it
useKernels("portable"); // one thread, no native kernels: the choice below may change then
useFusedMultiplyAdd(shared.nnlabDefaultFused);
setKernelMode("auto", 1);

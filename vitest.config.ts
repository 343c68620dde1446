import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import LongestFirst from "./test/support/longest-first.js";

/** Files that mock modules (vi.mock): they need a module graph of their own. */
const ISOLATED = ["test/cli/unexpected-error.test.ts"];
/** Before each file: the default kernels back (the files of a worker share modules), then the yield. */
const SETUP = ["test/support/reset-kernels.ts", "test/support/yield-between-tests.ts"];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    // vitest's default is one worker fewer than the cores: one on this 2-core machine. Many suites wait on
    // child processes and browsers, so two workers keep both cores busy (npm test's time: see README).
    maxWorkers: Math.max(2, availableParallelism()),
    // The files of a worker share one module graph: importing the library again for each file cost about
    // 1 s of CPU per file (src/'s unit tests: 125 s -> 49 s on a loaded machine). reset-kernels.ts puts the
    // kernels back to the defaults before each file; files that mock modules run isolated.
    isolate: false,
    // Longest files first, also in a fresh clone with no record of earlier runs (see the file).
    sequence: { sequencer: LongestFirst },
    projects: [
      { extends: true, test: { name: "node", include: ["src/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"], exclude: ISOLATED, setupFiles: SETUP } },
      { extends: true, test: { name: "isolated", include: ISOLATED, isolate: true, setupFiles: SETUP } },
      {
        // The kernel tests again where the engine has relaxed SIMD, as browsers do: the fused float32
        // WebAssembly kernels (src/tensor/wasm/gemm.ts) are the default there. Node 20 needs the engine
        // flag, set by the first setup file before the kernels are imported (vitest 3.2 does not pass
        // poolOptions.forks.execArgv to its workers).
        extends: true,
        test: {
          name: "relaxed-simd",
          include: ["src/tensor/fast-kernels.test.ts", "src/node/threads.test.ts", "test/kernel-paths.test.ts"],
          setupFiles: ["test/support/relaxed-simd-flag.ts", ...SETUP],
        },
      },
    ],
  },
});

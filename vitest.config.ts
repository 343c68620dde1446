import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 120_000,
    // vitest's default is one worker fewer than the cores: one on this 2-core machine. Many suites wait on
    // child processes and browsers, so two workers keep both cores busy (npm test: ~184 s -> see README).
    maxWorkers: Math.max(2, availableParallelism()),
    setupFiles: ["test/support/yield-between-tests.ts"],
    projects: [
      { extends: true, test: { name: "node", include: ["src/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"] } },
      {
        // The kernel tests again where the engine has relaxed SIMD, as browsers do: the fused float32
        // WebAssembly kernels (src/tensor/wasm/gemm.ts) against the same references. Node 20 needs the flag.
        extends: true,
        test: {
          name: "relaxed-simd",
          include: ["src/tensor/fast-kernels.test.ts", "src/node/threads.test.ts", "test/kernel-paths.test.ts"],
          poolOptions: { forks: { execArgv: ["--experimental-wasm-relaxed-simd"] } },
        },
      },
    ],
  },
});

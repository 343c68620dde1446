/** The page side of bench/browser-step.ts: the shared workloads, callable from Playwright. */
import { fusedMultiplyAddInUse, useFusedMultiplyAdd } from "../src/index.js";
import { useWorkerThreads } from "../src/tensor/wasm/worker-threads.js";
import { w1, w2, w3 } from "./workloads.js";

const run = async (workload: string, dtype: "float32" | "float64", reps: number, strict: boolean, threads = 1) => {
  if (strict) useFusedMultiplyAdd(false);
  // two threads need a cross-origin-isolated page (browser-step.ts serves one for --threads 2)
  if (threads > 1 && !(await useWorkerThreads(threads))) throw new Error("useWorkerThreads declined (is the page cross-origin isolated?)");
  const record = workload === "w1" ? w1(dtype, { reps }) : workload === "w2" ? w2(dtype, { reps }) : w3(dtype, { reps });
  return { fused: fusedMultiplyAddInUse(), ...record };
};
(globalThis as unknown as { nnlabBench: typeof run }).nnlabBench = run;

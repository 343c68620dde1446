/** The page side of bench/browser-step.ts: the shared workloads, callable from Playwright. */
import { fusedMultiplyAddInUse, useFusedMultiplyAdd } from "../src/index.js";
import { w1, w2, w3 } from "./workloads.js";

const run = (workload: string, dtype: "float32" | "float64", reps: number, strict: boolean) => {
  if (strict) useFusedMultiplyAdd(false);
  const record = workload === "w1" ? w1(dtype, { reps }) : workload === "w2" ? w2(dtype, { reps }) : w3(dtype, { reps });
  return { fused: fusedMultiplyAddInUse(), ...record };
};
(globalThis as unknown as { nnlabBench: typeof run }).nnlabBench = run;

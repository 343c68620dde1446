import { NnlabError } from "../errors.js";
import type { Sequential } from "../model/sequential.js";
import type { Tensor } from "../tensor/tensor.js";
import type { History } from "./history.js";

/**
 * Thrown by fit when training diverges (a NaN or infinite cost, or what the divergence watch sees); the
 * model holds the weights of the lowest-cost epoch. The cause is the doctor's to name, from the whole run
 * (`diagnose(gatherEvidence(recordRun(...)))`, or `nnlab train`); the error carries the facts at the stop.
 */
export class TrainingDivergedError extends NnlabError {
  override name = "TrainingDivergedError";
  constructor(
    message: string,
    readonly history: History,
    readonly epoch: number,
    readonly batch: number,
    readonly facts: string[],
  ) {
    super(message);
  }
}

const short = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : String(+v.toPrecision(3)));

/**
 * What can be measured when a run diverges, stated as facts (the learning rate, the first weights' scale
 * against He's, the spread of the inputs the first layer sees), not as a diagnosis.
 */
export function divergenceFacts(model: Sequential, x: Tensor, learningRate: number): string[] {
  const facts = [`learning rate ${short(learningRate)} (${model.optimizer?.name ?? "no optimizer"})`];
  const first = model.params().find((p) => p.role === "weight");
  if (first) {
    const w = first.value.data;
    let sum = 0;
    for (let i = 0; i < w.length; i++) sum += w[i]! * w[i]!;
    const std = Math.sqrt(sum / Math.max(1, w.length));
    const he = Math.sqrt(2 / first.value.rows);
    if (Number.isFinite(std)) facts.push(`${first.name} (the weights kept) has std ${short(std)}, ${short(std / he)} times He's sqrt(2/fan_in) = ${short(he)}`);
  }
  const cols = x.cols;
  let widest = 0;
  let narrowest = Infinity;
  let largest = 0;
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let i = 0; i < x.rows; i++) mean += x.data[i * cols + j]!;
    mean /= Math.max(1, x.rows);
    let v = 0;
    for (let i = 0; i < x.rows; i++) {
      const d = x.data[i * cols + j]! - mean;
      v += d * d;
      largest = Math.max(largest, Math.abs(x.data[i * cols + j]!));
    }
    const s = Math.sqrt(v / Math.max(1, x.rows));
    widest = Math.max(widest, s);
    if (s > 0) narrowest = Math.min(narrowest, s);
  }
  if (cols > 0 && Number.isFinite(narrowest)) {
    facts.push(`the inputs as the first layer sees them have feature stds from ${short(narrowest)} to ${short(widest)} (largest |x| ${short(largest)})`);
  }
  return facts;
}

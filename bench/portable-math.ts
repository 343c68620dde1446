// ns per element of the portable transcendental functions against the engine's Math functions, and of the
// activation/loss loops that call them (interleaved rounds, medians). Run: npx tsx bench/portable-math.ts
// Each loop is written out on its own so that every call site stays monomorphic, as in the library.
import { portableExp, portableExpm1, portableLog, portableLog1p, portableTanh } from "../src/tensor/portable-math.js";
import { resolveActivation } from "../src/layers/activation-functions.js";
import { binaryCrossEntropy } from "../src/losses/binary-cross-entropy.js";
import { softmaxCrossEntropy } from "../src/losses/softmax-cross-entropy.js";
import { Tensor } from "../src/tensor/tensor.js";

const N = 4096;
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const REPS = 40;

// Arguments like the library's: pre-activations mostly within a few units of 0, exp of -|z|, probabilities.
let seed = 12345;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const fill = (f: () => number) => Float64Array.from({ length: N }, f);
const argTanh = fill(() => (rand() - 0.5) * 8); // [-4, 4)
const argExp = fill(() => -Math.abs((rand() - 0.5) * 16)); // (-8, 0]
const argExpm1 = fill(() => (rand() - 0.5) * 6); // [-3, 3)
const argLog = fill(() => rand() + 1e-9); // (0, 1]
const argLog1p = fill(() => Math.exp(-rand() * 8)); // e^-|z|, (0, 1]
const out = new Float64Array(N);

type Loop = () => void;
const loops: [string, Loop, Loop][] = [
  ["exp", () => { for (let i = 0; i < N; i++) out[i] = portableExp(argExp[i]!); }, () => { for (let i = 0; i < N; i++) out[i] = Math.exp(argExp[i]!); }],
  ["expm1", () => { for (let i = 0; i < N; i++) out[i] = portableExpm1(argExpm1[i]!); }, () => { for (let i = 0; i < N; i++) out[i] = Math.expm1(argExpm1[i]!); }],
  ["tanh", () => { for (let i = 0; i < N; i++) out[i] = portableTanh(argTanh[i]!); }, () => { for (let i = 0; i < N; i++) out[i] = Math.tanh(argTanh[i]!); }],
  ["log", () => { for (let i = 0; i < N; i++) out[i] = portableLog(argLog[i]!); }, () => { for (let i = 0; i < N; i++) out[i] = Math.log(argLog[i]!); }],
  ["log1p", () => { for (let i = 0; i < N; i++) out[i] = portableLog1p(argLog1p[i]!); }, () => { for (let i = 0; i < N; i++) out[i] = Math.log1p(argLog1p[i]!); }],
];

// The library's loops, per element (no Math counterpart: the portable column only).
function tensorOf(values: Float64Array, dtype: "float64" | "float32", cols = 1): Tensor {
  const t = Tensor.zeros(N / cols, cols, dtype);
  t.data.set(values);
  return t;
}
const tanhAct = resolveActivation("bench", "tanh");
const sigmoidAct = resolveActivation("bench", "sigmoid");
const softmaxAct = resolveActivation("bench", "softmax");
const bce = binaryCrossEntropy();
const sce = softmaxCrossEntropy();
const z64 = tensorOf(argTanh, "float64"), a64 = tensorOf(argTanh, "float64");
const z32 = tensorOf(argTanh, "float32"), a32 = tensorOf(argTanh, "float32");
const y64 = tensorOf(fill(() => (rand() < 0.5 ? 0 : 1)), "float64");
const zs = tensorOf(argTanh, "float64", 4), as = tensorOf(argTanh, "float64", 4), ys = tensorOf(fill(() => (rand() < 0.25 ? 1 : 0)), "float64", 4);
let sink = 0;
const kernels: [string, Loop][] = [
  ["tanh forward f64", () => tanhAct.forward(z64, a64)],
  ["tanh forward f32", () => tanhAct.forward(z32, a32)],
  ["sigmoid forward f64", () => sigmoidAct.forward(z64, a64)],
  ["sigmoid forward f32", () => sigmoidAct.forward(z32, a32)],
  ["softmax forward 4 cols", () => softmaxAct.forward(zs, as)],
  ["BCE value+sigmoid from logits", () => { sink += bce.valueAndOutputFromLogits!(z64, y64, a64); }],
  ["BCE value from logits", () => { sink += bce.valueFromLogits!(z64, y64); }],
  ["softmax CE value+output 4 cols", () => { sink += sce.valueAndOutputFromLogits!(zs, ys, as); }],
];

function time(f: Loop): number {
  const t0 = performance.now();
  for (let r = 0; r < REPS; r++) f();
  return ((performance.now() - t0) * 1e6) / (REPS * N);
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

const results = new Map<string, number[]>();
const push = (k: string, v: number) => (results.get(k) ?? results.set(k, []).get(k)!).push(v);
for (let round = 0; round < ROUNDS + 2; round++) {
  for (const [name, p, m] of loops) {
    const tp = time(p);
    const tm = time(m);
    if (round >= 2) { push(`${name} portable`, tp); push(`${name} Math`, tm); } // two warm-up rounds
  }
  for (const [name, k] of kernels) {
    const t = time(k);
    if (round >= 2) push(name, t);
  }
}
console.log(`node ${process.version}, ${N} elements, ${ROUNDS} rounds, medians in ns per element`);
console.log("function".padEnd(32), "portable".padStart(9), "Math".padStart(9), "ratio".padStart(7));
for (const [name] of loops) {
  const p = median(results.get(`${name} portable`)!), m = median(results.get(`${name} Math`)!);
  console.log(name.padEnd(32), p.toFixed(1).padStart(9), m.toFixed(1).padStart(9), `x${(p / m).toFixed(2)}`.padStart(7));
}
for (const [name] of kernels) console.log(name.padEnd(32), median(results.get(name)!).toFixed(1).padStart(9));
if (sink === 42) console.log(sink);

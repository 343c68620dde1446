/**
 * `npm run bench -- real`: issue 17's whole-training workloads (bench/real.ts), nnlab beside PyTorch in
 * one run. Every command once per round, rounds interleaved (a busy moment of this shared machine hits
 * everyone alike); the table shows medians over rounds of each process's median.
 *
 *   npm run bench -- real                          # 3 rounds, every workload, PyTorch if installed
 *   npm run bench -- real --rounds 5 fashion-adam  # more rounds, one workload
 *   npm run bench -- real --no-peers               # nnlab alone
 *   npm run bench -- real --threads 1              # the one-thread columns only (or 2: the two-thread ones)
 *
 * nnlab runs as users get it (default: the fastest kernels built here, `useFastestKernels()`), forced
 * portable (WebAssembly, as in the browser), and on two threads. PyTorch (Debian's python3-torch under
 * /usr/bin/python3, or $NNLAB_PYTHON) on one and two threads, each with OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE as this machine sets them and with both unset (OpenBLAS then picks its own kernel,
 * AVX-512 here). Also: peak resident memory of the Fashion-MNIST run, and the fraction of the CPU's
 * measured float32 peak (/work/shared/bench/peers/peak_flops.c, where found) that its epoch reaches.
 * Raw JSON lines go to runs/bench-real-<time>.jsonl.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { defaultDataDir, stepFlops, WORKLOADS } from "./real-workloads.js";

const args = process.argv.slice(2).filter((a) => a !== "real");
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const rounds = Number(opt("rounds", "3"));
const chosen = args.filter((a) => WORKLOADS.some((w) => w.name === a));
const workloads = WORKLOADS.filter((w) => (chosen.length ? chosen.includes(w.name) : w.kind !== "updates"));
const root = fileURLToPath(new URL("..", import.meta.url));
const python = process.env.NNLAB_PYTHON ?? "/usr/bin/python3";
const dataDir = opt("data", defaultDataDir);
/** --threads 1 or 2 runs only those columns (two threads on a busy 2-core machine mostly measure the others' load). */
const threadCounts = opt("threads", "1,2").split(",").map(Number);

interface Command {
  workload: string;
  column: string;
  file: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
}

const hasTorch = (() => {
  if (args.includes("--no-peers")) return false;
  try {
    execFileSync(python, ["-c", "import torch"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const unset = (() => {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
})();

const commands: Command[] = [];
for (const w of workloads) {
  const nn = (column: string, extra: string[]) =>
    commands.push({ workload: w.name, column, file: process.execPath, argv: ["--import", "tsx", "bench/real.ts", w.name, "--data", dataDir, ...extra], env: process.env });
  if (threadCounts.includes(1)) nn("nnlab default", []);
  if (threadCounts.includes(1)) nn("nnlab portable", ["--kernels", "portable"]);
  if (w.kind !== "updates" && threadCounts.includes(2)) nn("nnlab default, 2 threads", ["--threads", "2"]);
  if (hasTorch && w.kind !== "updates") {
    for (const threads of threadCounts) {
      const torch = (column: string, env: NodeJS.ProcessEnv) =>
        commands.push({ workload: w.name, column, file: python, argv: ["bench/real_torch.py", w.name, "--data", dataDir, "--threads", String(threads)], env });
      torch(`PyTorch ${threads} thread${threads > 1 ? "s" : ""}`, process.env);
      torch(`PyTorch ${threads} thread${threads > 1 ? "s" : ""}, OpenBLAS's own kernels`, unset);
    }
  }
}

/** The measured float32 FMA peak of one core (GFLOP/s), or null where the peers' peak_flops.c is absent. */
function measurePeak(): number | null {
  const source = [`${root}../shared/bench/peers/peak_flops.c`, "/work/shared/bench/peers/peak_flops.c"].find((p) => existsSync(p));
  if (!source) return null;
  try {
    const exe = `${dataDir}/peak_flops`;
    if (!existsSync(exe)) execFileSync("gcc", ["-O3", "-march=native", "-fno-tree-slp-vectorize", "-ffp-contract=off", "-pthread", source, "-o", exe]);
    const j = JSON.parse(execFileSync(exe, { encoding: "utf8" }));
    return j.avx512_f32_fma?.gflops_1core ?? j.avx2_f32_fma?.gflops_1core ?? null;
  } catch {
    return null;
  }
}

if (!existsSync(`${dataDir}/meta.json`)) execFileSync(process.execPath, ["--import", "tsx", "bench/real.ts", "--prepare", dataDir], { cwd: root, stdio: "inherit" });
mkdirSync(`${root}runs`, { recursive: true });
const log = `${root}runs/bench-real-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl`;
const started = new Date();
const peaks: number[] = [];
const loads: number[] = [loadavg()[0]!];
const figures = new Map<string, { value: number[]; rss: number[]; cost: number[]; line: Record<string, unknown> }>();
for (let round = 1; round <= rounds; round++) {
  const peak = measurePeak();
  if (peak) peaks.push(peak);
  for (const c of commands) {
    process.stderr.write(`[round ${round}/${rounds}] ${c.workload}: ${c.column}\n`);
    let out: string;
    try {
      out = execFileSync(c.file, c.argv, { cwd: root, encoding: "utf8", env: c.env, stdio: ["ignore", "pipe", "inherit"] });
    } catch {
      process.stderr.write("  failed\n");
      continue;
    }
    const line = out.split("\n").filter((l) => l.startsWith("{")).at(-1);
    if (!line) continue;
    const j = JSON.parse(line);
    appendFileSync(log, JSON.stringify({ round, column: c.column, loadavg: loadavg()[0], data: j }) + "\n");
    const value = j.ms_per_epoch?.median ?? j.ms_per_step?.median ?? j.ms_per_update?.adam?.median;
    const key = `${c.workload}|${c.column}`;
    const f = figures.get(key) ?? figures.set(key, { value: [], rss: [], cost: [], line: j }).get(key)!;
    f.value.push(value);
    f.rss.push(j.max_rss_mb);
    if (j.cost_after !== undefined) f.cost.push(j.cost_after);
  }
  loads.push(loadavg()[0]!);
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`);
const columns = [...new Set(commands.map((c) => c.column))];
const of = (w: string, column: string) => figures.get(`${w}|${column}`);
const kernelsOf = (w: string) => (of(w, "nnlab default")?.line.kernels as string | undefined) ?? "?";
const torchVersion = [...figures.values()].find((f) => f.line.peer === "torch")?.line.versions as Record<string, string> | undefined;

console.log(`\n${started.toISOString()}: ${cpus()[0]?.model} x ${cpus().length}, Node ${process.version}` + (torchVersion ? `, PyTorch ${torchVersion.torch} (numpy ${torchVersion.numpy}, Python ${torchVersion.python})` : ""));
console.log(`Medians of ${rounds} interleaved rounds; load average (1 min) ${loads.map((l) => l.toFixed(1)).join(", ")} at the start and after each round. Raw: ${log}`);
console.log(`nnlab default ran the ${kernelsOf(workloads[0]!.name)} kernels. Ratios: PyTorch / nnlab default on as many threads (above 1: nnlab is faster).\n`);
console.log(`| workload | ${columns.join(" | ")} |`);
console.log(`|---|${columns.map(() => "---|").join("")}`);
for (const w of workloads) {
  const cells = columns.map((c) => {
    const f = of(w.name, c);
    if (!f) return "-";
    const v = median(f.value);
    // PyTorch on N threads against nnlab's default on N threads
    const base = of(w.name, c.includes("2 threads") ? "nnlab default, 2 threads" : "nnlab default");
    return c.startsWith("PyTorch") && base ? `${fmt(v)} (${(v / median(base.value)).toFixed(2)}x)` : fmt(v);
  });
  const unit = w.kind === "epoch" ? "epoch" : w.kind === "step" ? "step" : "Adam update";
  console.log(`| ${w.name} (per ${unit}) | ${cells.join(" | ")} |`);
}

// cost of the first batch after training: the same computation on both sides
const checks = workloads.filter((w) => of(w.name, "nnlab default")?.cost.length && of(w.name, "PyTorch 1 thread")?.cost.length);
if (checks.length) {
  console.log("\nCost of the first batch after training (nnlab default / PyTorch 1 thread): " + checks.map((w) => `${w.name} ${median(of(w.name, "nnlab default")!.cost).toPrecision(7)} / ${median(of(w.name, "PyTorch 1 thread")!.cost).toPrecision(7)}`).join("; "));
}
const fashion = workloads.find((w) => w.name === "fashion-adam") ?? workloads.find((w) => w.data === "fashion");
if (fashion && of(fashion.name, "nnlab default")) {
  const rss = (c: string) => (of(fashion.name, c) ? `${Math.max(...of(fashion.name, c)!.rss).toFixed(0)} MB` : "-");
  console.log(`\nPeak resident memory, ${fashion.name} (whole process, data included): nnlab default ${rss("nnlab default")}, nnlab portable ${rss("nnlab portable")}, PyTorch 1 thread ${rss("PyTorch 1 thread")}`);
  const steps = of(fashion.name, "nnlab default")!.line.steps_per_epoch as number;
  const flops = (stepFlops(fashion) * 60000) / fashion.batch; // the last, partial batch counted by its rows
  const peak = peaks.length ? Math.max(...peaks) : null;
  const rate = (c: string) => (of(fashion.name, c) ? flops / (median(of(fashion.name, c)!.value) / 1000) / 1e9 : NaN);
  console.log(
    `${fashion.name}: ${(flops / 1e9).toFixed(1)} GFLOP per epoch (${steps} steps); nnlab default ${rate("nnlab default").toFixed(0)} GFLOP/s` +
      (of(fashion.name, "PyTorch 1 thread, OpenBLAS's own kernels") ? `, PyTorch 1 thread ${rate("PyTorch 1 thread").toFixed(0)} (OpenBLAS's own kernels ${rate("PyTorch 1 thread, OpenBLAS's own kernels").toFixed(0)})` : "") +
      (peak ? `; measured float32 peak of one core ${peak.toFixed(0)} GFLOP/s (best of ${peaks.length}): nnlab default at ${((100 * rate("nnlab default")) / peak).toFixed(0)}% of it` : ""),
  );
}

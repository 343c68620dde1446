/**
 * `npm run bench`: nnlab's figures on the peers' workloads and, where the peers are installed, the peers'
 * figures from the same run, with ratios. Every command runs once per round, rounds interleaved (so a
 * busy moment of a shared machine hits everyone alike); the table shows medians over rounds.
 *
 *   npm run bench                           # 3 rounds, w1 w2 w3 w4, peers if found
 *   npm run bench -- --rounds 5 w2          # more rounds, one workload
 *   npm run bench -- --no-peers             # nnlab alone
 *   npm run bench -- --no-browser           # without the Chromium rows (bench/browser-step.ts)
 *   npm run bench -- real                   # whole training runs against PyTorch (bench/real-compare.ts)
 *
 * Peers (../shared/bench/peers/README.md says how to install them outside the project): the scripts are
 * looked for in $NNLAB_PEERS_DIR, ../shared/bench/peers or /tmp/peers; Python peers need numpy/torch under
 * /usr/bin/python3 ($NNLAB_PYTHON), tfjs needs $PERFPEERS_DIR (default /tmp/perfpeers).
 * Each round's raw JSON lines are appended to runs/bench-<time>.jsonl.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
// `npm run bench -- real`: issue 17's whole-training workloads against PyTorch (bench/real-compare.ts)
if (args.includes("real")) {
  await import("./real-compare.js");
  process.exit(0);
}
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const rounds = Number(opt("rounds", "3"));
const nnReps = opt("reps", "5");
const chosen = args.filter((a) => /^w\d$/.test(a));
const wants = (w: string) => chosen.length === 0 || chosen.includes(w);
const root = fileURLToPath(new URL("..", import.meta.url));
const python = process.env.NNLAB_PYTHON ?? "/usr/bin/python3";
const perfPeers = process.env.PERFPEERS_DIR ?? "/tmp/perfpeers";
const peersDir = [process.env.NNLAB_PEERS_DIR, `${root}../shared/bench/peers`, "/tmp/peers"].find(
  (d) => d && existsSync(`${d}/bench_numpy.py`),
);

function pythonHas(module: string): boolean {
  try {
    execFileSync(python, ["-c", `import ${module}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

interface Command {
  /** Row of the table: workload and dtype (and thread count when not 1). */
  row: string;
  peer: string;
  file: string;
  argv: string[];
  cwd: string;
  /** The figure in microseconds from the command's JSON line. */
  pick: (json: any) => number;
}

const commands: Command[] = [];
const nn = (w: string, dtype: string, pick: (j: any) => number, row = `${w} ${dtype}`, extra: string[] = [], nodeFlags: string[] = [], script = "bench/train-step.ts") =>
  commands.push({ row, peer: "nnlab", file: process.execPath, cwd: root, pick, argv: [...nodeFlags, "--import", "tsx", script, w, "--dtype", dtype, "--reps", nnReps, ...extra] });
const RELAXED = "--experimental-wasm-relaxed-simd"; // Node 20: relaxed SIMD (on by default in browsers)
if (wants("w1")) for (const d of ["f32", "f64"]) nn("w1", d, (j) => j.us_per_iter.median);
if (wants("w2")) {
  for (const d of ["f32", "f64"]) nn("w2", d, (j) => j.us_per_step.median);
  // float32 products with fused multiply-adds, as in browsers and Node 22+
  nn("w2", "f32", (j) => j.us_per_step.median, "w2 f32 relaxed SIMD", [], [RELAXED]);
  for (const d of ["f32", "f64"]) nn("w2", d, (j) => j.us_per_step.median, `w2 ${d} 2 threads`, ["--threads", "2"]);
}
// w3: one 1024 x 1024 float32 product (the table shows time per product; GFLOP/s = 2 * 1024^3 / time)
if (wants("w3")) {
  nn("w3", "f32", (j) => j.us_per_call.median);
  nn("w3", "f32", (j) => j.us_per_call.median, "w3 f32 relaxed SIMD", [], [RELAXED]);
  nn("w3", "f32", (j) => j.us_per_call.median, "w3 f32 2 threads", ["--threads", "2"]);
}
// the same workloads in headless Chromium (bench/browser-step.ts), where Debian's chromium is installed
if (existsSync(process.env.CHROMIUM ?? "/usr/bin/chromium") && !args.includes("--no-browser")) {
  if (wants("w1")) for (const d of ["f32", "f64"]) nn("w1", d, (j) => j.us_per_iter.median, `w1 ${d} browser`, [], [], "bench/browser-step.ts");
  if (wants("w2")) for (const d of ["f32", "f64"]) nn("w2", d, (j) => j.us_per_step.median, `w2 ${d} browser`, [], [], "bench/browser-step.ts");
  if (wants("w3")) nn("w3", "f32", (j) => j.us_per_call.median, "w3 f32 browser", [], [], "bench/browser-step.ts");
}
// the natively built products (Node only; rows appear where `npm run build:native` succeeded)
if (existsSync(`${root}build/nnlab_native.node`) && !args.includes("--no-native")) {
  if (wants("w1")) for (const d of ["f32", "f64"]) nn("w1", d, (j) => j.us_per_iter.median, `w1 ${d} native`, ["--native"]);
  if (wants("w2")) {
    for (const d of ["f32", "f64"]) nn("w2", d, (j) => j.us_per_step.median, `w2 ${d} native`, ["--native"]);
    for (const d of ["f32", "f64"]) nn("w2", d, (j) => j.us_per_step.median, `w2 ${d} native 2 threads`, ["--native", "--threads", "2"]);
  }
  if (wants("w3")) {
    nn("w3", "f32", (j) => j.us_per_call.median, "w3 f32 native", ["--native"]);
    nn("w3", "f32", (j) => j.us_per_call.median, "w3 f32 native 2 threads", ["--native", "--threads", "2"]);
  }
}
if (wants("w4")) nn("w4", "f64", (j) => j.gradcheck_us.median, "w4 gradcheck f64");

if (peersDir && !args.includes("--no-peers")) {
  const py = (peer: string, script: string, w: string, d: string, threads: number, pick: (j: any) => number, row?: string, extra: string[] = []) =>
    commands.push({ row: row ?? `${w} ${d}${threads > 1 ? ` ${threads} threads` : ""}`, peer, file: python, cwd: peersDir, pick, argv: [script, w, "--dtype", d, "--threads", String(threads), ...extra] });
  if (pythonHas("numpy")) {
    if (wants("w1")) for (const d of ["f32", "f64"]) py("numpy", "bench_numpy.py", "w1", d, 1, (j) => j.result.us_per_iter.median);
    if (wants("w2")) {
      for (const d of ["f32", "f64"]) py("numpy", "bench_numpy.py", "w2", d, 1, (j) => j.result.us_per_step.median, undefined, ["--reps", "15"]);
      for (const d of ["f32", "f64"]) py("numpy", "bench_numpy.py", "w2", d, 2, (j) => j.result.us_per_step.median, undefined, ["--reps", "15"]);
    }
    if (wants("w3")) for (const t of [1, 2]) py("numpy", "bench_numpy.py", "w3", "f32", t, (j) => j.result.matmul[0].us_per_call.median, undefined, ["--sizes", "1024"]);
    if (wants("w4")) py("numpy", "bench_numpy.py", "w4", "f64", 1, (j) => j.result.us_numgrad.median, "w4 gradcheck f64");
  }
  if (pythonHas("torch")) {
    if (wants("w1")) py("torch", "bench_torch.py", "w1", "f32", 1, (j) => j.result.us_per_iter.median);
    if (wants("w2")) py("torch", "bench_torch.py", "w2", "f32", 1, (j) => j.result.us_per_step.median, undefined, ["--reps", "15"]);
    if (wants("w3")) py("torch", "bench_torch.py", "w3", "f32", 1, (j) => j.result.matmul[0].us_per_call.median, undefined, ["--sizes", "1024"]);
  }
  if (existsSync(`${perfPeers}/node_modules/@tensorflow/tfjs-backend-wasm`)) {
    const tf = (w: string, pick: (j: any) => number, extra: string[] = []) =>
      commands.push({ row: `${w} f32`, peer: "tfjs-wasm", file: process.execPath, cwd: peersDir!, pick, argv: ["bench_tfjs.js", w, "--backend", "wasm", "--mode", "minimize", ...extra] });
    if (wants("w1")) tf("w1", (j) => j.result.us_per_iter.median);
    if (wants("w2")) tf("w2", (j) => j.result.us_per_step.median);
    if (wants("w3")) tf("w3", (j) => j.result.matmul[0].us_per_call.median, ["--sizes", "1024"]);
  }
}

mkdirSync(`${root}runs`, { recursive: true });
const log = `${root}runs/bench-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl`;
const figures = new Map<string, number[]>(); // "row|peer" -> one figure per round
for (let round = 1; round <= rounds; round++) {
  for (const c of commands) {
    process.stderr.write(`[round ${round}/${rounds}] ${c.peer} ${c.row}\n`);
    let out: string;
    try {
      out = execFileSync(c.file, c.argv, { cwd: c.cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], env: { ...process.env, PERFPEERS_DIR: perfPeers } });
    } catch {
      process.stderr.write("  failed\n");
      continue;
    }
    const line = out.split("\n").filter((l) => l.startsWith("{")).at(-1);
    if (!line) continue;
    appendFileSync(log, JSON.stringify({ round, peer: c.peer, row: c.row, data: JSON.parse(line) }) + "\n");
    const key = `${c.row}|${c.peer}`;
    (figures.get(key) ?? figures.set(key, []).get(key)!).push(c.pick(JSON.parse(line)));
  }
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} us`);
const peers = [...new Set(commands.map((c) => c.peer))].filter((p) => p !== "nnlab");
const rows = [...new Set(commands.map((c) => c.row))];
console.log(`\nMedians of ${rounds} interleaved rounds (peer / nnlab > 1: nnlab is faster). Raw: ${log}\n`);
console.log(`| workload | nnlab | ${peers.join(" | ")} |`);
console.log(`|---|---|${peers.map(() => "---|").join("")}`);
// A row such as "w2 f32 native" compares nnlab's figure there with the peers' plain "w2 f32" figures
// (shown as the ratio alone); "w2 f32 2 threads" has numpy's own two-thread figure.
const base = (row: string) => row.replace(/ (native|2 threads|native 2 threads|browser|relaxed SIMD)$/, "");
const nnOf = (row: string) => figures.get(`${row}|nnlab`) ?? figures.get(`${base(row)}|nnlab`);
for (const row of rows) {
  const mine = nnOf(row);
  const cells = peers.map((p) => {
    const v = figures.get(`${row}|${p}`);
    // "w2 f64 native 2 threads" against the peer's "w2 f64 2 threads" if it has one, else its "w2 f64"
    const b = figures.get(`${row.replace(" native 2 threads", " 2 threads")}|${p}`) ?? figures.get(`${base(row)}|${p}`);
    if (!v) return b && mine && row !== base(row) ? `(${(median(b) / median(mine)).toFixed(2)}x)` : "-";
    return mine ? `${fmt(median(v))} (${(median(v) / median(mine)).toFixed(2)}x)` : fmt(median(v));
  });
  const own = figures.get(`${row}|nnlab`);
  console.log(`| ${row} | ${own ? fmt(median(own)) : mine ? `(1 thread) ${fmt(median(mine))}` : "-"} | ${cells.join(" | ")} |`);
}

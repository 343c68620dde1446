/**
 * Issue 17's browser goal, measured side by side: the w2 step (784-256-128-10, batch 128, one SGD step,
 * float32) in headless Chromium on the page's own path (a dedicated worker, two threads on shared memory:
 * bench/browser-threads.ts) against numpy on one thread, in rounds that alternate the two, so that a busy
 * moment of this shared machine hits both. numpy runs with OpenBLAS's own kernel choice (AVX-512 here:
 * OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for it alone, the faster of its two settings, which the
 * goal is held against). Prints each round's medians and ratio, then the median ratio over the rounds.
 *
 *   npx tsx bench/browser-vs-numpy.ts [--rounds 7] [--pairs 10]
 *
 * Needs python3 with numpy (Debian: python3-numpy) and the peers' scripts (../shared/bench/peers, or
 * $NNLAB_PEERS_DIR).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const rounds = Number(option("rounds", "7"));
const pairs = option("pairs", "10");
const root = fileURLToPath(new URL("..", import.meta.url));
const python = process.env.NNLAB_PYTHON ?? "/usr/bin/python3";
const peers = [process.env.NNLAB_PEERS_DIR, `${root}../shared/bench/peers`, "/tmp/peers"].find((d) => d && existsSync(`${d}/bench_numpy.py`));
if (!peers) throw new Error("bench/browser-vs-numpy: the peers' bench_numpy.py was not found (../shared/bench/peers or $NNLAB_PEERS_DIR)");

const lastJson = (text: string) => JSON.parse(text.trim().split("\n").at(-1)!);
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function numpyMs(): number {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const out = execFileSync(python, ["bench_numpy.py", "w2", "--dtype", "f32", "--reps", "15"], { cwd: peers, env, encoding: "utf8" });
  return lastJson(out).result.us_per_step.median / 1000;
}

function browserMs(): { ms: number; browser: string } {
  const out = execFileSync(process.execPath, ["--import", "tsx", "bench/browser-threads.ts", "--in-worker", "--pairs", pairs], { cwd: root, encoding: "utf8" });
  const j = lastJson(out);
  if (!j.same_loss) throw new Error("bench/browser-vs-numpy: one thread and two did not end on the same loss");
  return { ms: j.two_threads_ms.median, browser: j.browser };
}

const ratios: number[] = [];
const numpy: number[] = [];
const chromium: number[] = [];
let browser = "";
for (let round = 1; round <= rounds; round++) {
  // alternate which goes first, so that neither always meets the machine just after the other
  const first = round % 2 ? "numpy" : "browser";
  let n = 0;
  let b = 0;
  for (const which of first === "numpy" ? ["numpy", "browser"] : ["browser", "numpy"]) {
    if (which === "numpy") n = numpyMs();
    else ({ ms: b, browser } = browserMs());
  }
  numpy.push(n);
  chromium.push(b);
  ratios.push(b / n);
  console.log(`round ${round}: numpy ${n.toFixed(3)} ms, ${browser} two threads ${b.toFixed(3)} ms, ratio ${(b / n).toFixed(3)}`);
}
console.log(
  JSON.stringify({
    workload: "w2 f32",
    browser,
    rounds,
    numpy_ms_median: median(numpy),
    browser_two_threads_ms_median: median(chromium),
    ratio_median: median(ratios),
    ratios: ratios.map((r) => Number(r.toFixed(3))),
    goal: "ratio <= 2 (issue 17: the browser's w2 within 2x numpy's one-thread step)",
  }),
);

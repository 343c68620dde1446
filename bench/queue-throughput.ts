/**
 * Issue 15, acceptance 4: a sweep's throughput on a BullMQ queue in Redis with 1, 2 and 4 `nnlab worker`
 * processes (one trial at a time each) on this machine, beside the local thread pool with 1, 2 and 4
 * threads (`nnlab sweep --workers n`), and the queue's overhead per trial.
 *
 * Every configuration runs the same 24-trial sweep (a fresh sweep folder each time, so nothing resumes),
 * interleaved over rounds (3 by default); the table shows medians over rounds. Trials per minute come from
 * the sweep's own elapsed time (from opening the queue or the threads to the last result; process
 * start-up excluded, but what a sweep pays once is in it: loading BullMQ and connecting, the workers
 * opening the new sweep's queue; the local pool's threads loading the library). For the queue, the
 * steady rate beside it: from the first trial a worker starts to the last it completes (the queue's own
 * event times, from Redis's clock). The overhead per trial is measured on 96 near-empty trials (1 epoch)
 * through one worker, in the steady part: (last completed - first started) / 96 - the trials' own mean
 * time, i.e. a worker completing a job and taking the next, passing it to its thread and back.
 *
 *   npm run build && npx tsx bench/queue-throughput.ts [--rounds 3]
 *
 * Needs Debian's redis-server (npm test's pretest installs it). On the shared 2-core machine, 4 processes
 * or threads only show what oversubscription costs.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QueueEvents } from "bullmq";
import { type Running, startCli, startRedis, stopAll } from "../test/queue/processes.js";

const argv = process.argv.slice(2);
const ROUNDS = Number(argv[argv.indexOf("--rounds") + 1] || 3);
const TRIALS = 24;
const work = mkdtempSync(join(tmpdir(), "nnlab-queue-bench-"));
/** ~100-200 ms a trial on this machine: moons, one hidden layer of 16, 150 epochs. */
const SPEC = { name: "bench", seed: 1, data: { source: "moons", n: 300, noise: 0.2 }, model: { hidden: [{ units: 16 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 150 } };
const TINY = { ...SPEC, name: "tiny", training: { epochs: 1 } };
writeFileSync(join(work, "spec.json"), JSON.stringify(SPEC));
writeFileSync(join(work, "tiny.json"), JSON.stringify(TINY));
// 24 trials: 4 x 3 x 2
const GRID = ["--grid", "lambda=0,0.001,0.01,0.1", "--grid", "rate=0,0.1,0.2", "--grid", "seed=1,2"];

/** 96 trials: 4 x 3 x 8 */
const GRID_96 = ["--grid", "lambda=0,0.001,0.01,0.1", "--grid", "rate=0,0.1,0.2", "--grid", "seed=1,2,3,4,5,6,7,8"];

let run = 0;
/**
 * One sweep in a fresh runs folder: its JSON output and, on a queue, the span from the first trial started
 * to the last completed, in Redis's clock (the events' stream ids).
 */
async function sweep(spec: string, extra: string[], grid = GRID): Promise<{ elapsedMs: number; trials: Array<{ ms: number }>; steadyMs?: number }> {
  const sweepRun = startCli(["--runs", join(work, `runs-${run++}`), "--json", "sweep", spec, ...grid, ...extra], work);
  let span: Promise<number> | undefined;
  let events: QueueEvents | undefined;
  if (extra.includes("--queue")) {
    const line = await sweepRun.line(/^queue \S+ on /);
    events = new QueueEvents(/^queue (\S+)/.exec(line)![1]!, { connection: { url: extra[extra.indexOf("--queue") + 1]! }, lastEventId: "0" });
    const times = { first: Infinity, last: 0 };
    const at = (id: string) => Number(id.split("-")[0]);
    events.on("active", (_args, id) => void (times.first = Math.min(times.first, at(id))));
    events.on("completed", (_args, id) => void (times.last = Math.max(times.last, at(id))));
    span = sweepRun.exited.then(() => times.last - times.first);
  }
  const code = await sweepRun.exited;
  if (code !== 0) throw new Error(`sweep exited with ${code}: ${sweepRun.output()}`);
  const text = sweepRun.output();
  const out = JSON.parse(text.slice(text.indexOf("\n{") + 1));
  const steadyMs = span ? await span : undefined;
  await events?.close();
  return { ...out, steadyMs };
}

async function workers(url: string, count: number): Promise<Running[]> {
  const started = Array.from({ length: count }, (_, i) => startCli(["worker", "--queue", url, "--concurrency", "1", "--name", `bench-${i}`], work));
  await Promise.all(started.map((w) => w.line(/waiting for trials/)));
  return started;
}

const median = (a: number[]) => [...a].sort((p, q) => p - q)[(a.length - 1) >> 1]!;
const perMinute = (ms: number) => (TRIALS / ms) * 60_000;

const redis = await startRedis();
const figures = new Map<string, number[]>();
const note = (key: string, value: number) => figures.set(key, [...(figures.get(key) ?? []), value]);
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of [1, 2, 4]) {
      const pool = await workers(redis.url, n);
      await sweep("tiny.json", ["--queue", redis.url]); // warm: the workers' threads have loaded the library
      const queued = await sweep("spec.json", ["--queue", redis.url]);
      note(`queue ${n}`, perMinute(queued.elapsedMs));
      note(`queue steady ${n}`, perMinute(queued.steadyMs!));
      if (n === 1) {
        const tiny = await sweep("tiny.json", ["--queue", redis.url], GRID_96);
        const own = tiny.trials.reduce((s, x) => s + x.ms, 0) / 96;
        note("overhead", tiny.steadyMs! / 96 - own);
        note("tiny trial", own);
        note("fixed", tiny.elapsedMs - tiny.steadyMs!);
      }
      for (const w of pool) w.child.kill("SIGTERM");
      await Promise.all(pool.map((w) => w.exited));
      const local = await sweep("spec.json", ["--workers", String(n)]);
      note(`threads ${n}`, perMinute(local.elapsedMs));
      process.stderr.write(`round ${round + 1}: ${n} done\n`);
    }
  }
} finally {
  await stopAll();
}

const f = (key: string) => median(figures.get(key)!).toFixed(0);
console.log(`\nA sweep of ${TRIALS} trials (moons, 2-16-1, 150 epochs), medians of ${ROUNDS} rounds, trials per minute:\n`);
console.log("processes/threads   queue (nnlab worker)   queue, steady   local threads   queue / threads");
for (const n of [1, 2, 4]) {
  const ratio = median(figures.get(`queue ${n}`)!) / median(figures.get(`threads ${n}`)!);
  console.log(`${String(n).padEnd(20)}${f(`queue ${n}`).padEnd(23)}${f(`queue steady ${n}`).padEnd(16)}${f(`threads ${n}`).padEnd(16)}${ratio.toFixed(2)}`);
}
console.log(`\nQueue overhead per trial (1 worker, 96 trials of 1 epoch, ${median(figures.get("tiny trial")!).toFixed(1)} ms each): ${median(figures.get("overhead")!).toFixed(1)} ms`);
console.log(`Once per sweep (loading BullMQ, connecting, enqueueing, the workers opening the queue, the last collection): ${median(figures.get("fixed")!).toFixed(0)} ms`);
console.log(`(per-round figures: ${JSON.stringify(Object.fromEntries([...figures].map(([k, v]) => [k, v.map((x) => +x.toFixed(1))])))})`);

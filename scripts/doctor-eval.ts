/**
 * Scores the doctor: trains every planted-fault scenario, diagnoses it, prints the first cause named
 * against the planted one, then top-1 accuracy and false alarms on healthy runs. Three sets: the corpus
 * (test/doctor/scenarios.ts) and two written by independent examiners without reading the rules or the
 * other sets (test/doctor/held-out.ts, examiner-2.ts and examiner-3.ts; the last two come with controls:
 * `--controls` trains each control too, to show that the fault harms). The first three are in npm test;
 * examiner-3 (first-sight score 21/30, 2 false alarms in 5) is scored here only: one false alarm remains.
 * `npm run doctor:eval [-- name-filter] [--set corpus|held-out|examiner-2|examiner-3|all] [--controls] [--verbose]`
 */
import { parseSpec, runExperiment } from "../src/index.js";
import { EXAMINER_2, EXAMINER_2_CONTROLS } from "../test/doctor/examiner-2.js";
import { EXAMINER_3, EXAMINER_3_CONTROLS } from "../test/doctor/examiner-3.js";
import { HELD_OUT } from "../test/doctor/held-out.js";
import { SCENARIOS } from "../test/doctor/scenarios.js";
import { fileDataLoader } from "../src/node/index.js";

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const setIndex = args.indexOf("--set");
const set = setIndex >= 0 ? args[setIndex + 1] : "all";
const filter = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--set");
const controls = args.includes("--controls");
const sets = { corpus: SCENARIOS, "held-out": HELD_OUT, "examiner-2": EXAMINER_2, "examiner-3": EXAMINER_3, all: [...SCENARIOS, ...HELD_OUT, ...EXAMINER_2, ...EXAMINER_3] } as const;
const scenarios = sets[set as keyof typeof sets];
if (!scenarios) throw new Error(`--set must be corpus, held-out, examiner-2, examiner-3 or all; received ${set}`);
const f3 = (v: number | null | undefined) => (v === null || v === undefined ? "-" : v.toFixed(3));
let right = 0;
let falseAlarms = 0;
let healthy = 0;
let total = 0;
let badText = 0;
for (const s of scenarios.filter((s) => !filter || s.name.includes(filter))) {
  const started = Date.now();
  const result = await runExperiment(parseSpec({ name: s.name, ...s.spec }, s.name), { loadData: fileDataLoader() });
  const d = result.diagnosis;
  const got = d.healthy ? "healthy" : d.causes[0]!.id;
  total++;
  if (got === s.expect) right++;
  if (s.expect === "healthy") {
    healthy++;
    if (!d.healthy) falseAlarms++;
  }
  const mark = got === s.expect ? "ok  " : "MISS";
  console.log(`${mark} ${s.name.padEnd(30)} planted ${s.expect.padEnd(24)} named ${d.causes.map((c) => c.id).join(" > ") || "healthy"}  (${Date.now() - started} ms, stop ${result.history.stop.reason})`);
  const control = controls ? ({ ...EXAMINER_2_CONTROLS, ...EXAMINER_3_CONTROLS } as Record<string, Record<string, unknown>>)[s.name] : undefined;
  if (control) {
    const c = await runExperiment(parseSpec({ name: `${s.name}-control`, ...s.spec, ...control }, s.name), { loadData: fileDataLoader() });
    const e = (x: { accuracy?: number } | null) => (x?.accuracy === undefined ? "-" : `${(100 * (1 - x.accuracy)).toFixed(1)}%`);
    console.log(`       control (${JSON.stringify(control)}): train ${e(c.train)} dev ${e(c.dev)}, cost ${f3(c.train.dataLoss)}; the fault's run: train ${e(result.train)} dev ${e(result.dev)}, cost ${f3(result.train.dataLoss)}`);
  }
  const texts = [d.summary, ...d.causes.flatMap((c) => [...c.evidence, ...c.advice, ...(c.explains ?? [])])];
  for (const t of texts) {
    if (/Infinity|NaN|undefined|null/.test(t)) {
      badText++;
      console.log(`       BAD TEXT: ${t}`);
    }
  }
  if (verbose || got !== s.expect) {
    const ev = result.evidence;
    console.log(`       train ${f3(ev.errors.train)} dev ${f3(ev.errors.dev)} (n=${ev.errors.devExamples}) 1-R2 ${f3(ev.errors.trainUnexplained)} cost ${f3(ev.cost.initial)} -> ${f3(ev.cost.final)} (constant ${f3(ev.cost.constant)}) epochs ${ev.epochs.trained}/${ev.epochs.planned}`);
    for (const c of d.causes) {
      console.log(`       ${c.id}:`);
      for (const e of c.evidence) console.log(`         - ${e}`);
      for (const x of c.explains ?? []) console.log(`         (explains: ${x})`);
      if (verbose) for (const a of c.advice) console.log(`         advice: ${a}`);
    }
    console.log(`       shape ${JSON.stringify(ev.cost.shape, (k, v) => (typeof v === "number" ? +v.toPrecision(3) : v))}`);
    console.log(`       layers ${JSON.stringify(ev.layers.map((l) => ({ w: l.weight, a: l.activation, is: +l.initScale.toPrecision(2), fs: +l.finalScale.toPrecision(2), d: +l.drift.toPrecision(2), dead: [l.deadAtInit, l.deadMax, l.deadAtEnd, l.deadFromEpoch], sat: [+l.saturatedAtInit.toFixed(2), +l.saturatedAtEnd.toFixed(2)] })))} gradient ratio ${ev.gradientRatioAtInit.toPrecision(2)}/${ev.gradientRatioAtEnd.toPrecision(2)} regularization ${JSON.stringify(ev.regularization)}`);
  }
}
console.log(`\ntop-1 accuracy ${right}/${total} (${((100 * right) / total).toFixed(1)}%); false alarms on healthy runs ${falseAlarms}/${healthy}; texts with Infinity/NaN/undefined/null ${badText}`);

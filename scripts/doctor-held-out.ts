/**
 * Scores the doctor on the held-out scenarios (test/doctor/held-out.ts): trains every scenario, diagnoses it, and
 * prints each first cause against the planted one, then top-1 accuracy and false alarms.
 * `npx tsx scripts/doctor-held-out.ts [name-filter] [--verbose]`
 */
import { parseSpec } from "../src/cli/spec.js";
import { runExperiment } from "../src/cli/run-experiment.js";
import { HELD_OUT } from "../test/doctor/held-out.js";

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const filter = args.find((a) => !a.startsWith("--"));
let right = 0;
let falseAlarms = 0;
let healthy = 0;
let total = 0;
let badText = 0;
for (const s of HELD_OUT.filter((s) => !filter || s.name.includes(filter))) {
  const started = Date.now();
  const result = await runExperiment(parseSpec({ name: s.name, ...s.spec }, s.name));
  const d = result.diagnosis;
  const got = d.healthy ? "healthy" : d.causes[0]!.id;
  total++;
  if (got === s.expect) right++;
  if (s.expect === "healthy") {
    healthy++;
    if (!d.healthy) falseAlarms++;
  }
  const mark = got === s.expect ? "ok  " : "MISS";
  console.log(`${mark} ${s.name.padEnd(28)} planted ${s.expect.padEnd(24)} named ${d.causes.map((c) => c.id).join(" > ") || "healthy"}  (${Date.now() - started} ms, stop ${result.history.stop.reason})`);
  const ev0 = result.evidence;
  const f3 = (v: number | null | undefined) => (v === null || v === undefined ? "-" : v.toFixed(3));
  console.log(`       train ${f3(ev0.errors.train)} dev ${f3(ev0.errors.dev)} 1-R2 ${f3(ev0.errors.trainUnexplained)} cost ${f3(ev0.cost.initial)}->${f3(ev0.cost.final)} (const ${f3(ev0.cost.constant)}) epochs ${ev0.epochs.trained}/${ev0.epochs.planned}${ev0.data.classCounts ? ` classes ${JSON.stringify(ev0.data.classCounts)}` : ""}`);
  const texts = [d.summary, ...d.causes.flatMap((c) => [...c.evidence, ...c.advice, ...(c.explains ?? [])])];
  for (const t of texts) if (/Infinity|NaN|undefined|null/.test(t)) { badText++; console.log(`       BAD TEXT: ${t}`); }
  if (verbose || got !== s.expect) {
    console.log(`       summary: ${d.summary}`);
    for (const c of d.causes) {
      console.log(`       ${c.id}:`);
      for (const e of c.evidence) console.log(`         - ${e}`);
      for (const x of c.explains ?? []) console.log(`         (explains: ${x})`);
      if (verbose) for (const a of c.advice) console.log(`         advice: ${a}`);
    }
    const ev = result.evidence;
    console.log(`       errors train ${ev.errors.train?.toFixed(3)} dev ${ev.errors.dev?.toFixed(3)} n=${ev.errors.devExamples}; shape ${JSON.stringify(ev.cost.shape, (k, v) => (typeof v === "number" ? +v.toPrecision(3) : v))}`);
    console.log(`       layers ${JSON.stringify(ev.layers.map((l) => ({ w: l.weight, a: l.activation, is: +l.initScale.toPrecision(2), fs: +l.finalScale.toPrecision(2), d: +l.drift.toPrecision(2), dead: [l.deadAtInit, l.deadMax, l.deadAtEnd, l.deadFromEpoch], sat: [+l.saturatedAtInit.toFixed(2), +l.saturatedAtEnd.toFixed(2)] })))} gr ${ev.gradientRatioAtInit.toPrecision(2)}/${ev.gradientRatioAtEnd.toPrecision(2)} reg ${JSON.stringify(ev.regularization)}`);
  }
}
console.log(`\ntop-1 accuracy ${right}/${total} (${((100 * right) / total).toFixed(1)}%); false alarms on healthy runs ${falseAlarms}/${healthy}; texts with Infinity/NaN/undefined/null ${badText}`);

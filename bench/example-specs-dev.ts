/**
 * Whether each real set's example spec (examples/specs/<set>.json) still earns its place: its mean dev
 * error over split seeds 100.. (seeds no test figure in the README uses) against the spec `nnlab improve`
 * starts from (src/improve/start.ts), both trained with model seeds 1..k. The README keeps an example
 * that is lower or level; dev figures only, so the choice never reads a test set.
 *   npx tsx bench/example-specs-dev.ts [--splits 20] [--seeds 5] [set ...]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadExperimentData, parseSpec, runExperiment } from "../src/index.js";
import { startingSpec } from "../src/improve/start.js";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const SPLITS = flag("--splits", 20);
const SEEDS = flag("--seeds", 5);
const named = args.filter((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
const SETS = named.length ? named : ["iris", "wine", "breast-cancer", "digits"];
const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

/** Mean dev error over split seeds 100..100+SPLITS-1 and model seeds 1..SEEDS. */
async function meanDevError(spec: Record<string, unknown>, name: string, loaded: Awaited<ReturnType<typeof loadExperimentData>>): Promise<number> {
  let sum = 0;
  for (let split = 100; split < 100 + SPLITS; split++) {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = await runExperiment(parseSpec({ ...spec, seed, split: { ratios: "auto", seed: split } }, name), { data: loaded, recordFlow: false });
      sum += 1 - r.dev!.accuracy!;
    }
  }
  return sum / (SPLITS * SEEDS);
}

console.log(`mean dev error over split seeds 100-${99 + SPLITS}, model seeds 1-${SEEDS}`);
console.log("| set | example spec | improve's starting spec |");
console.log("|---|---|---|");
for (const name of SETS) {
  const example = JSON.parse(readFileSync(join(import.meta.dirname, "..", "examples", "specs", `${name}.json`), "utf8")) as Record<string, unknown>;
  const loaded = await loadExperimentData(parseSpec(example, name));
  const start = JSON.parse(JSON.stringify(startingSpec(loaded.data, { source: name }, { name }))) as Record<string, unknown>;
  console.log(`| ${name} | ${pct(await meanDevError(example, name, loaded))} | ${pct(await meanDevError(start, name, loaded))} |`);
}

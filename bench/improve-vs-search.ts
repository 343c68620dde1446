/**
 * Issue 16, acceptance 2: `improve` from the default start (the network `nnlab improve data.csv` picks,
 * src/improve/start.ts) on each built-in real set, against a random search given the same number of
 * trainings, and scikit-learn's MLPClassifier (defaults, 5 seeds) on the same training and test rows.
 *
 * The random search draws the learning rate (1e-4..1e-1, log), L2 lambda (1e-4..10, log), dropout (0..0.5)
 * and the hidden units (8..256, log, integers) for the same starting spec, one training each, picks the
 * lowest dev error (ties: the lower dev cost) and reports that trial's test accuracy: the same information
 * (dev only) that improve uses to choose. Test accuracy of improve is its final run's (the test set read once).
 *   PYTHON=/usr/bin/python3 npx tsx bench/improve-vs-search.ts [set ...]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { improve, loadExperimentData, parseRange, parseSpec, randomTrials, runExperiment, type SearchRange } from "../src/index.js";
import { startingSpec } from "../src/improve/start.js";

const SETS = process.argv.slice(2).length ? process.argv.slice(2) : ["iris", "wine", "breast-cancer", "digits"];
const ROOT = join(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "nnlab-improve-bench-"));
const RANGES = ["lr=1e-4..1e-1:log", "l2=1e-4..10:log", "dropout=0..0.5", "model.hidden.0.units=8..256:log:int"].map((r) => parseRange(r) as SearchRange);

const PYTHON = `
import json, sys, csv, warnings
import numpy as np
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
warnings.filterwarnings("ignore")
rows = list(csv.reader(open(sys.argv[1])))[1:]
x = np.array([[float(v) for v in r[:-1]] for r in rows]); y = np.array([r[-1] for r in rows])
split = json.load(open(sys.argv[2]))
train, test = np.array(split["train"]), np.array(split["test"])
scaler = StandardScaler().fit(x[train])
print(json.dumps([float((MLPClassifier(random_state=s).fit(scaler.transform(x[train]), y[train]).predict(scaler.transform(x[test])) == y[test]).mean()) for s in range(5)]))
`;
writeFileSync(join(work, "mlp.py"), PYTHON);

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const median = (a: number[]) => [...a].sort((p, q) => p - q)[(a.length - 1) >> 1]!;

console.log("| set | improve: test accuracy (trainings, steps kept, end) | random search, same trainings: test accuracy | MLPClassifier defaults, median of 5 |");
console.log("|---|---|---|---|");
for (const name of SETS) {
  const loaded = await loadExperimentData(parseSpec({ data: { source: name } }));
  const start = parseSpec({ ...startingSpec(loaded.data, { source: name }, { name }), split: { ratios: "auto", seed: 0 } });
  const t0 = Date.now();
  const result = await improve(start, { data: loaded });
  const improveMs = Date.now() - t0;
  const kept = result.steps.filter((s) => s.kept).length;

  // random search with as many trainings as improve used
  const tasks = randomTrials(JSON.parse(JSON.stringify(start)), RANGES, result.trainings, 7);
  let best: { dev: number; devCost: number; test: number } | null = null;
  for (const task of tasks) {
    const r = await runExperiment(task.spec, { data: loaded, recordFlow: false });
    const dev = 1 - r.dev!.accuracy!;
    if (!best || dev < best.dev || (dev === best.dev && r.dev!.dataLoss < best.devCost)) best = { dev, devCost: r.dev!.dataLoss, test: r.test.accuracy! };
  }

  const split = { train: Array.from(result.final.split.train.ids), test: Array.from(result.final.split.test.ids) };
  writeFileSync(join(work, `${name}.json`), JSON.stringify(split));
  const python = spawnSync(process.env.PYTHON ?? "python3", [join(work, "mlp.py"), join(ROOT, "data/sets", `${name}.csv`), join(work, `${name}.json`)], { encoding: "utf8" });
  if (python.status !== 0) throw new Error(`python3 (scikit-learn) failed on ${name}: ${python.stderr.trim().split("\n").at(-1)}`);
  const sklearn = JSON.parse(python.stdout.trim().split("\n").at(-1)!) as number[];
  console.log(
    `| ${name} | ${pct(result.final.test.accuracy!)} (${result.trainings}, ${kept} of ${result.steps.length}, ${result.end}; ${(improveMs / 1000).toFixed(0)} s) | ${pct(best!.test)} | ${pct(median(sklearn))} |`,
  );
  for (const step of result.steps) console.log(`    ${step.line}`);
}

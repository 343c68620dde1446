/**
 * Issue 13, acceptance 2: nnlab on each built-in real set (examples/specs/<name>.json) against
 * scikit-learn's MLPClassifier with its default settings, on the same split: the same training rows
 * (nnlab's train part; nnlab also watches its dev part for early stopping) and the same test rows, inputs
 * standardized on the training rows for both. Needs python3 with scikit-learn (Debian: python3-sklearn).
 *
 * Two tables. First, the example spec's own split: nnlab over model seeds 1..5 against MLPClassifier over
 * random_state 0..4 (medians and ranges), and MLPClassifier trained to convergence (max_iter 2000: its
 * default stops after 200 epochs, with a ConvergenceWarning on these sets). Second, because a test set of
 * 30 rows moves 3.3 points per row, the same comparison over ten split seeds (0..9; one model seed each,
 * nnlab 1 and random_state 0): the mean test accuracy and the number of splits on which each is ahead.
 * The example specs were chosen on the dev set (lowest median dev cost over a small grid; iris: improve's starting
 * spec, lower in mean dev error over split seeds 100-199), not the test set.
 *   PYTHON=/usr/bin/python3 npx tsx bench/real-sets-vs-sklearn.ts   (Debian's Python over another on the PATH)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSpec, runExperiment, type ExperimentSpec } from "../src/index.js";

const SETS = ["iris", "wine", "breast-cancer", "digits"];
const ROOT = join(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "nnlab-vs-sklearn-"));
const SPLIT_SEEDS = Array.from({ length: 10 }, (_, i) => i);

const PYTHON = `
import json, sys, csv, warnings
import numpy as np
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
warnings.filterwarnings("ignore")
path, jobs_path = sys.argv[1], sys.argv[2]
with open(path) as f:
    rows = list(csv.reader(f))[1:]
x = np.array([[float(v) for v in r[:-1]] for r in rows])
y = np.array([r[-1] for r in rows])
out = []
for job in json.load(open(jobs_path)):
    train, test = np.array(job["train"]), np.array(job["test"])
    scaler = StandardScaler().fit(x[train])
    xt, xs = scaler.transform(x[train]), scaler.transform(x[test])
    acc = lambda **kw: float((MLPClassifier(**kw).fit(xt, y[train]).predict(xs) == y[test]).mean())
    out.append({"default": [acc(random_state=s) for s in job["seeds"]], "converged": [acc(random_state=s, max_iter=2000) for s in job["seeds"]]})
print(json.dumps(out))
`;
writeFileSync(join(work, "mlp.py"), PYTHON);

const median = (a: number[]) => [...a].sort((p, q) => p - q)[(a.length - 1) >> 1]!;
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const range = (a: number[]) => `${pct(Math.min(...a))}-${pct(Math.max(...a))}`;

async function nnlab(spec: ExperimentSpec) {
  const result = await runExperiment(spec, { recordFlow: false });
  return { accuracy: result.test.accuracy!, train: Array.from(result.split.train.ids), test: Array.from(result.split.test.ids) };
}

function sklearn(name: string, jobs: Array<{ train: number[]; test: number[]; seeds: number[] }>) {
  writeFileSync(join(work, `${name}.json`), JSON.stringify(jobs));
  const python = spawnSync(process.env.PYTHON ?? "python3", [join(work, "mlp.py"), join(ROOT, "data/sets", `${name}.csv`), join(work, `${name}.json`)], { encoding: "utf8" });
  if (python.status !== 0) throw new Error(`python3 (scikit-learn) failed on ${name}: ${python.stderr.trim().split("\n").at(-1)}`);
  return JSON.parse(python.stdout.trim().split("\n").at(-1)!) as Array<{ default: number[]; converged: number[] }>;
}

const own: string[] = [];
const across: string[] = [];
for (const name of SETS) {
  const raw = JSON.parse(readFileSync(join(ROOT, "examples/specs", `${name}.json`), "utf8"));
  const runs = [];
  for (const seed of [1, 2, 3, 4, 5]) runs.push(await nnlab(parseSpec({ ...raw, seed }, name)));
  const [peer] = sklearn(name, [{ train: runs[0]!.train, test: runs[0]!.test, seeds: [0, 1, 2, 3, 4] }]);
  const ours = runs.map((r) => r.accuracy);
  own.push(
    `| ${name} | ${runs[0]!.train.length} / ${runs[0]!.test.length} | ${pct(median(ours))} (${range(ours)}) | ${pct(median(peer!.default))} (${range(peer!.default)}) | ${pct(median(peer!.converged))} (${range(peer!.converged)}) |`,
  );

  const splits = [];
  for (const splitSeed of SPLIT_SEEDS) splits.push(await nnlab(parseSpec({ ...raw, split: { ratios: raw.split?.ratios ?? "auto", seed: splitSeed } }, name)));
  const peers = sklearn(name, splits.map((s) => ({ train: s.train, test: s.test, seeds: [0] })));
  const a = splits.map((s) => s.accuracy);
  const b = peers.map((p) => p.default[0]!);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const ahead = a.filter((v, i) => v > b[i]!).length;
  const behind = a.filter((v, i) => v < b[i]!).length;
  across.push(`| ${name} | ${pct(mean(a))} | ${pct(mean(b))} | ${ahead} / ${SPLIT_SEEDS.length - ahead - behind} / ${behind} |`);
}
console.log("The example spec's split (test accuracy):\n");
console.log("| set | train / test rows | nnlab, median of model seeds 1-5 (range) | MLPClassifier defaults, median of 5 seeds (range) | MLPClassifier to convergence (max_iter 2000) |");
console.log("|---|---|---|---|---|");
for (const row of own) console.log(row);
console.log(`\nTen split seeds (${SPLIT_SEEDS[0]}..${SPLIT_SEEDS.at(-1)}), one model seed each:\n`);
console.log("| set | nnlab mean test accuracy | MLPClassifier defaults, mean | splits nnlab ahead / level / behind |");
console.log("|---|---|---|---|");
for (const row of across) console.log(row);

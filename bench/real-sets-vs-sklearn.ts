/**
 * Issue 13, acceptance 2: nnlab on each built-in real set (examples/specs/<name>.json) against
 * scikit-learn's MLPClassifier with its default settings, on the same split: the same training rows
 * (nnlab's train part; nnlab also watches its dev part for early stopping) and the same test rows, inputs
 * standardized on the training rows for both. Needs python3 with scikit-learn (Debian: python3-sklearn).
 *   npx tsx bench/real-sets-vs-sklearn.ts   (PYTHON=/usr/bin/python3 picks Debian's Python over another on the PATH)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSpec, runExperiment } from "../src/index.js";

const SETS = ["iris", "wine", "breast-cancer", "digits"];
const ROOT = join(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "nnlab-vs-sklearn-"));

const PYTHON = `
import json, sys, csv
import numpy as np
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
path, split_path = sys.argv[1], sys.argv[2]
with open(path) as f:
    rows = list(csv.reader(f))[1:]
x = np.array([[float(v) for v in r[:-1]] for r in rows])
y = np.array([r[-1] for r in rows])
split = json.load(open(split_path))
train, test = np.array(split["train"]), np.array(split["test"])
scaler = StandardScaler().fit(x[train])
accuracies = []
for seed in range(5):
    model = MLPClassifier(random_state=seed).fit(scaler.transform(x[train]), y[train])
    accuracies.append(float((model.predict(scaler.transform(x[test])) == y[test]).mean()))
print(json.dumps(accuracies))
`;
writeFileSync(join(work, "mlp.py"), PYTHON);

const rows: string[] = [];
for (const name of SETS) {
  const spec = parseSpec(JSON.parse(readFileSync(join(ROOT, "examples/specs", `${name}.json`), "utf8")), name);
  const result = await runExperiment(spec, { recordFlow: false });
  const split = { train: Array.from(result.split.train.ids), test: Array.from(result.split.test.ids) };
  writeFileSync(join(work, `${name}.json`), JSON.stringify(split));
  const python = spawnSync(process.env.PYTHON ?? "python3", [join(work, "mlp.py"), join(ROOT, "data/sets", `${name}.csv`), join(work, `${name}.json`)], { encoding: "utf8" });
  if (python.status !== 0) throw new Error(`python3 (scikit-learn) failed on ${name}: ${python.stderr.trim().split("\n").at(-1)}`);
  const sklearn = JSON.parse(python.stdout.trim().split("\n").at(-1)!) as number[];
  const nnlab = result.test.accuracy!;
  const sorted = [...sklearn].sort((a, b) => a - b);
  rows.push(
    `| ${name} | ${split.train.length} / ${split.test.length} | ${(100 * nnlab).toFixed(1)}% | ${(100 * sorted[2]!).toFixed(1)}% (${(100 * sorted[0]!).toFixed(1)}-${(100 * sorted[4]!).toFixed(1)}%) |`,
  );
}
console.log("| set | train / test rows | nnlab test accuracy | MLPClassifier, median of 5 seeds (range) |");
console.log("|---|---|---|---|");
for (const row of rows) console.log(row);

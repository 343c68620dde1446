/**
 * Per-class metrics and class weights through the command line: nnlab train (text and --json), nnlab
 * predict against a label column (a hand-made model, so every figure is known), and the report.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Dense, loadModel, saveModel, Sequential } from "../../src/index.js";
import { runCli } from "./run-cli.js";

async function folder(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nnlab-metrics-"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  return dir;
}

/** 120 rows, 1 in 6 of class 1, separable by x1 + x2 > 1.2 with some overlap (deterministic). */
function imbalancedCsv(): string {
  const rows = ["x1,x2,y"];
  for (let i = 0; i < 120; i++) {
    const y = i % 6 === 0 ? 1 : 0;
    const a = ((i * 37) % 23) / 23;
    const b = ((i * 53) % 19) / 19;
    rows.push(`${(a + y * 0.6).toFixed(3)},${(b + y * 0.5).toFixed(3)},${y}`);
  }
  return rows.join("\n") + "\n";
}

describe("nnlab train: per-class metrics and classWeight", () => {
  it("prints the per-class table and confusion matrix of the test set, and --json carries the metrics of every set", async () => {
    const spec = { name: "imb", data: { source: "imb.csv" }, classWeight: "balanced", model: { hidden: [{ units: 6 }] }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 60 } };
    const dir = await folder({ "imb.csv": imbalancedCsv(), "imb.json": spec });
    const text = await runCli(["train", "imb.json", "-q"], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Run \S+: 2-6-1, class weights balanced \[0\.6, 3\] on /m); // 72 train rows, 12 of class 1: 72 / (2 * 60), 72 / (2 * 12)
    expect(text.stdout).toMatch(/^Per class, test set \(24 examples\): accuracy \d+\.\d%, macro F1 \d\.\d{3}, weighted F1 \d\.\d{3}$/m);
    expect(text.stdout).toMatch(/^class\s+precision\s+recall\s+F1\s+support$/m);
    expect(text.stdout).toMatch(/^macro avg\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+24$/m);
    expect(text.stdout).toMatch(/^Confusion matrix \(rows true, columns predicted\):$/m);

    const json = JSON.parse((await runCli(["--json", "train", "imb.json", "-q"], dir)).stdout);
    for (const set of ["train", "dev", "test"] as const) {
      const m = json.metrics[set];
      expect(m.task).toBe("classification");
      // the confusion matrix agrees with the evaluation's own count of correct examples
      const cells: number[][] = m.confusion;
      expect(cells.flat().reduce((s, v) => s + v, 0)).toBe(json[set].examples);
      expect(cells[0]![0]! + cells[1]![1]!).toBe(json[set].correct);
      expect(m.accuracy).toBe(json[set].accuracy);
      // supports are the rows' sums, recall is the diagonal over them
      expect(m.classes.map((c: { support: number }) => c.support)).toEqual(cells.map((r) => r[0]! + r[1]!));
      const recall1 = cells[1]![1]! / (cells[1]![0]! + cells[1]![1]!);
      expect(m.classes[1].recall).toBeCloseTo(recall1, 15);
    }
    // summary.json keeps them (nnlab runs, diagnose)
    const summary = JSON.parse(await readFile(join(dir, json.dir, "summary.json"), "utf8"));
    expect(summary.metrics.test.confusion).toEqual(json.metrics.test.confusion);
    const report = await readFile(join(dir, json.report), "utf8");
    expect(report).toContain("<h2>Results</h2>");
    expect(report).toContain("Confusion matrix, test set");
    expect(report).toMatch(/<h3>Per class, test set<\/h3>/);
  });

  it("a bad classWeight is refused with its path", async () => {
    const dir = await folder({ "imb.csv": imbalancedCsv(), "w.json": { data: { source: "imb.csv" }, classWeight: [1, 2, 3], training: { epochs: 2 } } });
    const r = await runCli(["train", "w.json"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/classWeight: expected 2 weights \(one per class\); received 3/);
    const bad = await folder({ "w.json": { classWeight: "even" } });
    expect((await runCli(["train", "w.json"], bad)).stderr).toMatch(/classWeight: expected "balanced" or an array; received "even"/);
  });
});

describe("nnlab predict with a label column", () => {
  // one sigmoid unit, w = 1, b = 0, classes ["no", "yes"]: predicts "yes" where x > 0
  const classifier = new Sequential({ inputSize: 1, dtype: "float64", layers: [new Dense({ units: 1, activation: "sigmoid" })] });
  classifier.setWeights({ W1: [[1]], b1: [[0]] });
  classifier.classes = ["no", "yes"];
  classifier.featureNames = ["x"];
  // x -2 -1 0.5 1 2 with labels no yes no yes yes: predicted no no yes yes yes
  //   true no: [no 1, yes 1]; true yes: [no 1, yes 2] -> precision/recall no 1/2, 1/2; yes 2/3, 2/3; accuracy 3/5
  const labelled = "x,truth\n-2,no\n-1,yes\n0.5,no\n1,yes\n2,yes\n";

  it("scores a classifier: per-class figures by hand, on stderr when the CSV goes to stdout", async () => {
    const dir = await folder({ "model.json": saveModel(classifier), "data.csv": labelled });
    const r = await runCli(["predict", "model.json", "data.csv"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")[0]).toBe("x,truth,prediction,p(yes)"); // stdout stays a CSV (the file's label column kept as written)
    expect(r.stderr).toMatch(/^Per class, against column "truth" of data\.csv \(5 examples\): accuracy 60\.0%, macro F1 0\.583, weighted F1 0\.600$/m);
    expect(r.stderr).toMatch(/^no\s+0\.500\s+0\.500\s+0\.500\s+2$/m);
    expect(r.stderr).toMatch(/^yes\s+0\.667\s+0\.667\s+0\.667\s+3$/m);
    const json = JSON.parse((await runCli(["--json", "predict", "model.json", "data.csv"], dir)).stdout);
    expect(json.label).toBe("truth");
    expect(json.metrics.confusion).toEqual([[1, 1], [1, 2]]);
    expect(json.metrics.accuracy).toBe(0.6);
    expect(json.metrics.macro.f1).toBeCloseTo((0.5 + 2 / 3) / 2, 15);
    expect(json.predictions).toEqual(["no", "no", "yes", "yes", "yes"]);
  });

  it("--label names the column; an unknown class or column is one clear line", async () => {
    const dir = await folder({ "model.json": saveModel(classifier), "data.csv": "id,x,truth\n1,-2,no\n2,3,yes\n", "odd.csv": "x,truth\n1,maybe\n" });
    const two = JSON.parse((await runCli(["--json", "predict", "model.json", "data.csv"], dir)).stdout);
    expect(two.metrics).toBeNull(); // two columns besides the feature: which is the label is not guessed
    const named = JSON.parse((await runCli(["--json", "predict", "model.json", "data.csv", "--label", "truth"], dir)).stdout);
    expect(named.metrics.confusion).toEqual([[1, 0], [0, 1]]);
    const odd = await runCli(["predict", "model.json", "odd.csv"], dir);
    expect(odd.code).toBe(2);
    expect(odd.stderr).toMatch(/odd\.csv: label "maybe" in column "truth" is not one of the model's classes \(no, yes\): fix the label, or score nothing with --no-label$/m);
    expect((await runCli(["predict", "model.json", "data.csv", "--label", "nope"], dir)).stderr).toMatch(/--label nope: no such column \(columns: id, x, truth\)/);
  });

  it("scores against the column the model was trained to predict, not an id column beside the features; --no-label scores nothing", async () => {
    // an "id" column was taken for the label: "label 1000 in column "id" is not one of the model's classes", exit 2,
    // or for a regression "MSE 38.78 ... against column "id""
    const trained = new Sequential({ inputSize: 1, dtype: "float64", layers: [new Dense({ units: 1, activation: "sigmoid" })] });
    trained.setWeights({ W1: [[1]], b1: [[0]] });
    trained.classes = ["no", "yes"];
    trained.featureNames = ["x"];
    trained.labelName = "truth";
    const dir = await folder({ "model.json": saveModel(trained), "ids.csv": "id,x\n1000,-2\n1001,3\n", "both.csv": "id,x,truth\n1000,-2,no\n1001,3,no\n" });
    const ids = await runCli(["--json", "predict", "model.json", "ids.csv"], dir);
    expect(ids.code, ids.stderr).toBe(0);
    expect(JSON.parse(ids.stdout)).toMatchObject({ label: null, metrics: null, predictions: ["no", "yes"] });
    const both = JSON.parse((await runCli(["--json", "predict", "model.json", "both.csv"], dir)).stdout);
    expect(both.label).toBe("truth"); // two columns besides the feature: the model's own label is the one
    expect(both.metrics.confusion).toEqual([[1, 1], [0, 0]]);
    // a bad row: predict has no onInvalidRow option to point at
    // a missing label is told as one (the hint spoke of feature columns alone)
    await writeFile(join(dir, "nolabel.csv"), "x,truth\n1,\n");
    expect((await runCli(["predict", "model.json", "nolabel.csv"], dir)).stderr).toMatch(/label "truth" is missing \(every row needs .*, and a label in "truth" to score against \(--no-label scores nothing\)/);
    await writeFile(join(dir, "gap.csv"), "x,truth\n,no\n");
    expect((await runCli(["predict", "model.json", "gap.csv"], dir)).stderr).toBe(
      `nnlab: gap.csv:2:1: column "x" is missing a value (every row needs a number in each of the model's feature columns, and a label in "truth" to score against (--no-label scores nothing): fix or remove such rows)\n`,
    );
    expect((await runCli(["predict", "model.json", "gap.csv", "--no-label"], dir)).stderr).toBe(
      `nnlab: gap.csv:2:1: column "x" is missing a value (every row needs a number in each of the model's feature columns: fix or remove such rows)\n`,
    );
    const none = JSON.parse((await runCli(["--json", "predict", "model.json", "both.csv", "--no-label"], dir)).stdout);
    expect(none).toMatchObject({ label: null, metrics: null });
    expect(loadModel(saveModel(trained)).labelName).toBe("truth");
  });

  it("scores a regression: MSE, MAE and R^2 by hand", async () => {
    const linear = new Sequential({ inputSize: 1, dtype: "float64", layers: [new Dense({ units: 1 })] });
    linear.setWeights({ W1: [[2]], b1: [[1]] }); // predicts 1, 3, 5
    linear.featureNames = ["x"];
    const dir = await folder({ "model.json": saveModel(linear), "data.csv": "x,t\n0,1\n1,3\n2,6\n" });
    // errors 0, 0, -1: MSE = MAE = 1/3; mean t = 10/3, SS_tot = 38/3, SS_res = 1: R^2 = 35/38
    const json = JSON.parse((await runCli(["--json", "predict", "model.json", "data.csv", "--out", "p.csv"], dir)).stdout);
    expect(json.metrics.task).toBe("regression");
    expect(json.metrics.mse).toBeCloseTo(1 / 3, 15);
    expect(json.metrics.mae).toBeCloseTo(1 / 3, 15);
    expect(json.metrics.r2).toBeCloseTo(35 / 38, 15);
    const text = await runCli(["predict", "model.json", "data.csv", "--out", "p.csv"], dir);
    expect(text.stdout).toMatch(/^Regression, against column "t" of data\.csv \(3 examples\): MSE 0\.3333, MAE 0\.3333, R\^2 0\.9211$/m);
    // the predicted values themselves (they were written as class 1 of a "p(1)" column, the prediction a constant 1)
    expect(json.predictions).toEqual([1, 3, 5]);
    expect(await readFile(join(dir, "p.csv"), "utf8")).toBe("x,t,prediction\n0,1,1\n1,3,3\n2,6,5\n");
  });

  it("writes each output's value for a regression with two outputs, and classes for a sigmoid output saved without labels", async () => {
    const two = new Sequential({ inputSize: 1, dtype: "float64", layers: [new Dense({ units: 2 })] });
    two.setWeights({ W1: [[2, -1]], b1: [[1, 0]] });
    two.featureNames = ["x"];
    const binary = new Sequential({ inputSize: 1, dtype: "float64", layers: [new Dense({ units: 1, activation: "sigmoid" })] });
    binary.setWeights({ W1: [[4]], b1: [[0]] });
    const dir = await folder({ "two.json": saveModel(two), "binary.json": saveModel(binary), "x.csv": "x\n0\n1\n-1\n" });
    const values = await runCli(["--json", "predict", "two.json", "x.csv", "--out", "two.csv"], dir);
    expect(values.code, values.stderr).toBe(0);
    expect(JSON.parse(values.stdout).predictions).toEqual([[1, 0], [3, -1], [-1, 1]]);
    expect(await readFile(join(dir, "two.csv"), "utf8")).toBe("x,prediction 1,prediction 2\n0,1,0\n1,3,-1\n-1,-1,1\n");
    const classes = await runCli(["predict", "binary.json", "x.csv"], dir);
    expect(classes.stdout.split("\n")[0]).toBe("x,prediction,p(1)");
    expect(classes.stdout.split("\n").slice(1, 4).map((r) => r.split(",")[1])).toEqual(["0", "1", "0"]); // p = 0.5 is not above the 0.5 threshold
  });
});

describe("nnlab predict on a model trained on data.inputFeatures", () => {
  it("reads the two columns the features came from and computes them (it asked for a column named x1^2)", async () => {
    const rows = ["a,b,y"];
    for (let i = 0; i < 80; i++) {
      const a = ((i * 37) % 41) / 20 - 1;
      const b = ((i * 53) % 43) / 21 - 1;
      rows.push(`${a.toFixed(3)},${b.toFixed(3)},${a * a + b * b < 0.5 ? "in" : "out"}`);
    }
    const spec = { data: { source: "ring.csv", inputFeatures: ["x1^2", "x2^2", "x1*x2"] }, model: { hidden: [{ units: 4 }] }, training: { epochs: 20 } };
    const dir = await folder({ "ring.csv": rows.join("\n") + "\n", "ring.json": spec });
    const train = await runCli(["train", "ring.json", "-q", "--json", "--runs", "runs"], dir);
    expect(train.code).toBe(0);
    const runDir = join(dir, JSON.parse(train.stdout).dir as string);
    const model = loadModel(JSON.parse(await readFile(join(runDir, "model.json"), "utf8")));
    expect(model.featureNames).toEqual(["x1^2", "x2^2", "x1*x2"]);
    expect(model.inputFeaturesFrom).toEqual(["a", "b"]);
    const r = await runCli(["--json", "predict", join(runDir, "model.json"), "ring.csv"], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    // the library's own predictions on the computed features
    const { inputFeatures, parseCsv } = await import("../../src/index.js");
    const { data } = parseCsv(rows.join("\n") + "\n");
    expect(json.predictions).toEqual(model.predictLabels(inputFeatures(data.x, ["x1^2", "x2^2", "x1*x2"])));
    expect(json.metrics.accuracy).toBeGreaterThan(0.5);
  });
});

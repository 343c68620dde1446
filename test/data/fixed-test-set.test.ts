/**
 * A test set the user fixes: the split's own seed, a separate test file (data.test) and a split column.
 * Issue 13's acceptance: a sweep over seeds with a fixed split seed tests every trial on the same rows.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csvTextLoader, loadExperimentData, parseSpec, runExperiment, splitData } from "../../src/index.js";
import { blobs } from "../../src/data/generators.js";
import { split } from "../../src/data/split.js";
import { fileDataLoader } from "../../src/node/index.js";
import { gridTrials } from "../../src/sweep/index.js";

/** Three well-separated blobs as CSV text (n rows, features a and b, label c). */
function blobsCsv(n: number, seed: number, extra?: (i: number) => string): string {
  const data = blobs({ n, classes: 3, seed });
  const lines = [`a,b,c${extra ? ",part" : ""}`];
  for (let i = 0; i < n; i++) lines.push(`${data.x.data[2 * i]},${data.x.data[2 * i + 1]},k${data.y.data[i]}${extra ? `,${extra(i)}` : ""}`);
  return `${lines.join("\n")}\n`;
}

const sorted = (ids: Int32Array) => [...ids].sort((a, b) => a - b);
const small = { model: { hidden: [{ units: 4 }] }, training: { epochs: 3 } };

describe("a fixed split seed", () => {
  const csv = blobsCsv(300, 7);

  it("keeps the test set of a sweep over seeds (gridTrials seeds 0..2): the same row ids in every trial", async () => {
    const base = { ...small, data: { source: "blobs.csv", label: "c" }, split: { ratios: [0.6, 0.2, 0.2], seed: 42 } };
    const trials = gridTrials(base, [{ name: "seed", path: "seed", values: [0, 1, 2] }]);
    const tests: number[][] = [];
    const trains: number[][] = [];
    for (const trial of trials) {
      const result = await runExperiment(trial.spec, { loadData: csvTextLoader(csv, "blobs.csv"), recordFlow: false });
      tests.push(sorted(result.split.test.ids));
      trains.push(sorted(result.split.train.ids));
    }
    expect(tests[0]).toHaveLength(60);
    expect(tests[1]).toEqual(tests[0]);
    expect(tests[2]).toEqual(tests[0]);
    expect(trains[1]).toEqual(trains[0]);
  });

  it("without one, the split follows the spec's seed as before (same bits as split with that seed)", async () => {
    const spec = parseSpec({ seed: 5, data: { source: "blobs.csv", label: "c" } });
    const loaded = await loadExperimentData(spec, csvTextLoader(csv, "blobs.csv"));
    const parts = splitData(spec, loaded.data);
    expect(parts.indices).toEqual(split(loaded.data, "auto", { seed: 5 }).indices);
    const other = splitData(parseSpec({ seed: 6, data: { source: "blobs.csv", label: "c" } }), loaded.data);
    expect(sorted(other.test.ids)).not.toEqual(sorted(parts.test.ids));
    const own = splitData(parseSpec({ seed: 6, split: { seed: 5 }, data: { source: "blobs.csv", label: "c" } }), loaded.data);
    expect(own.indices).toEqual(parts.indices);
  });

  it("refuses split ratios that do not sum to 1 in the object form, in one line", () => {
    expect(() => parseSpec({ split: { ratios: [0.5, 0.2], seed: 1 } })).toThrow(/split\.ratios: ratios must sum to 1; received \[0\.5,0\.2\]/);
  });
});

describe("data.test: a test file", () => {
  const trainCsv = blobsCsv(200, 1);
  const testCsv = blobsCsv(50, 2);

  it("is the test set of every seed; the source splits into train and dev only", async () => {
    const seen: number[][] = [];
    for (const seed of [0, 1, 2]) {
      const spec = parseSpec({ ...small, seed, data: { source: "train.csv", test: "test.csv", label: "c" } });
      const result = await runExperiment(spec, { loadData: csvTextLoader(trainCsv, "train.csv", { test: { text: testCsv, name: "test.csv" } }), recordFlow: false });
      expect(result.split.test.x.rows).toBe(50);
      expect(result.split.train.x.rows + result.split.dev!.x.rows).toBe(200);
      expect(result.split.dev!.x.rows).toBe(50); // "auto" on 250 rows: 60/20/20, so dev is a quarter of the 200
      expect(Math.max(...result.split.train.ids, ...result.split.dev!.ids)).toBeLessThan(200);
      seen.push(sorted(result.split.test.ids));
    }
    expect(seen[0]).toEqual(Array.from({ length: 50 }, (_, i) => 200 + i));
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
  });

  it("is read by fileDataLoader relative to the spec file, with the same columns; labels are matched by value", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnlab-fixed-test-"));
    writeFileSync(join(dir, "train.csv"), trainCsv);
    // only two of the three classes, in another order: class indices must follow the training data's
    const testRows = testCsv.split("\n").filter((l, i) => i === 0 || l.endsWith(",k2") || l.endsWith(",k0"));
    writeFileSync(join(dir, "test.csv"), `${testRows.join("\n")}\n`);
    const spec = parseSpec({ data: { source: "train.csv", test: "test.csv", label: "c" }, split: [0.8, 0.2] });
    const loaded = await loadExperimentData(spec, fileDataLoader({ specPath: join(dir, "spec.json") }));
    expect(loaded.source).toMatch(/test set .*test\.csv/);
    const parts = splitData(spec, loaded.data);
    expect(parts.sizes.train).toBe(160);
    expect(parts.sizes.dev).toBe(40);
    expect(parts.test.classes).toEqual(["k0", "k1", "k2"]);
    const labels = new Set(parts.test.y.data);
    expect([...labels].sort()).toEqual([0, 2]);
    expect(parts.sizes.reason).toMatch(/rows fixed by the data: \d+ test/);
  });

  it("says in one line what is wrong: a class the training data lacks, other features, 3-way ratios", async () => {
    const spec = (extra: object) => parseSpec({ ...small, data: { source: "train.csv", test: "test.csv", label: "c" }, ...extra });
    const extraClass = `${testCsv}1,2,k9\n`;
    await expect(loadExperimentData(spec({}), csvTextLoader(trainCsv, "train.csv", { test: { text: extraClass } }))).rejects.toThrow(
      /^data\.test "test\.csv": expected labels the training data has \("k0", "k1", "k2"\); received "k9", which no training row has$/,
    );
    const otherColumns = testCsv.replace("a,b,c", "a,z,c");
    await expect(loadExperimentData(spec({}), csvTextLoader(trainCsv, "train.csv", { test: { text: otherColumns } }))).rejects.toThrow(
      /expected the training data's features \(a, b\); received a, z/,
    );
    const loaded = await loadExperimentData(spec({}), csvTextLoader(trainCsv, "train.csv", { test: { text: testCsv } }));
    expect(() => splitData(spec({ split: [0.6, 0.2, 0.2] }), loaded.data)).toThrow(/the test set is fixed \(50 rows.*expected \[train, dev\] ratios; received \[0\.6,0\.2,0\.2\]/);
    expect(() => parseSpec({ data: { source: "a.csv", test: "b.csv", splitColumn: "part" } })).toThrow(/either data\.test .* or data\.splitColumn .*; received both/);
  });
});

describe("data.splitColumn: each row's part from the CSV", () => {
  const word = (i: number) => (i % 10 < 6 ? "train" : i % 10 < 8 ? "dev" : "test");
  const csv = blobsCsv(200, 3, word);

  it("puts every row in its part whatever the seed, and the column is not a feature", async () => {
    for (const seed of [0, 1]) {
      const spec = parseSpec({ ...small, seed, data: { source: "p.csv", label: "c", splitColumn: "part" } });
      const loaded = await loadExperimentData(spec, csvTextLoader(csv, "p.csv"));
      expect(loaded.data.featureNames).toEqual(["a", "b"]);
      const parts = splitData(spec, loaded.data);
      expect(sorted(parts.test.ids)).toEqual(Array.from({ length: 200 }, (_, i) => i).filter((i) => word(i) === "test"));
      expect(sorted(parts.dev!.ids)).toEqual(Array.from({ length: 200 }, (_, i) => i).filter((i) => word(i) === "dev"));
      expect(parts.train.x.rows).toBe(120);
      expect("part" in parts.train).toBe(false);
    }
  });

  it("refuses a cell that is not train, dev or test, naming line and column", async () => {
    const bad = csv.replace(/,dev\n/, ",holdout\n");
    const spec = parseSpec({ data: { source: "p.csv", label: "c", splitColumn: "part" } });
    await expect(loadExperimentData(spec, csvTextLoader(bad, "p.csv"))).rejects.toThrow(/^p\.csv:\d+:4: split column "part" must be train, dev or test \(or training, val, valid, validation\); received "holdout"/);
  });

  it("refuses split ratios where every row's part is fixed (a README audit: [0.5, 0.5] was silently ignored, and without dev rows gave no dev set)", async () => {
    const load = async (text: string, split: unknown) => {
      const spec = parseSpec({ ...small, data: { source: "p.csv", label: "c", splitColumn: "part" }, ...(split === undefined ? {} : { split }) });
      return splitData(spec, (await loadExperimentData(spec, csvTextLoader(text, "p.csv"))).data);
    };
    await expect(load(csv, [0.5, 0.5])).rejects.toThrow(/^split: every row's part is fixed by the data \(120 train, 40 dev, 40 test: .*\), so split ratios have no rows to divide; expected no split ratios \(or "auto"\); received \[0\.5,0\.5\]$/);
    const noDev = csv.replace(/,dev\n/g, ",train\n");
    await expect(load(noDev, [0.5, 0.5])).rejects.toThrow(/\(160 train, 40 test: /);
    // "auto", or no split given: the column's parts (the control)
    expect((await load(csv, "auto")).train.x.rows).toBe(120);
    expect((await load(noDev, undefined)).dev?.x.rows ?? 0).toBe(0);
  });
});

describe("data.task: what a CSV's label column holds", () => {
  const dir = mkdtempSync(join(tmpdir(), "nnlab-task-"));
  const write = (name: string, rows: Array<[number, number]>) => {
    writeFileSync(join(dir, name), `x,y\n${rows.map(([x, y]) => `${x},${y}`).join("\n")}\n`);
    return join(dir, name);
  };
  const load = (data: Record<string, unknown>) => loadExperimentData(parseSpec({ data, training: { epochs: 1 } }, "spec"), fileDataLoader());

  it("reads a 1-10 score as a regression target, and 26 numbered codes as classes, when told", async () => {
    // the guess (whole numbers, at most 20 values: classes) was the only way, and data.task was refused
    const rating = write("rating.csv", Array.from({ length: 60 }, (_, i) => [i / 60, 1 + (i % 10)]));
    expect((await load({ source: rating, label: "y" })).data.task).toBe("multiclass");
    const asScore = (await load({ source: rating, label: "y", task: "regression" })).data;
    expect(asScore.task).toBe("regression");
    expect(asScore.y.data[3]).toBe(4);
    const codes = write("codes.csv", Array.from({ length: 78 }, (_, i) => [i / 78, 1 + (i % 26)]));
    expect((await load({ source: codes, label: "y" })).data.task).toBe("regression");
    const asClasses = (await load({ source: codes, label: "y", task: "classification" })).data;
    expect(asClasses.task).toBe("multiclass");
    expect(asClasses.classes).toHaveLength(26);
  });

  it("reads a test file with the training data's task, not a guess of its own", async () => {
    // 47 distinct ages train a regression; the test file's 13 were guessed to be classes and refused
    const ages = write("ages.csv", Array.from({ length: 94 }, (_, i) => [i / 94, 20 + (i % 47)]));
    const test = write("ages-test.csv", Array.from({ length: 15 }, (_, i) => [i / 15, 20 + (i % 13)]));
    const loaded = await load({ source: ages, label: "y", test });
    expect(loaded.data.task).toBe("regression");
    expect(loaded.data.x.rows).toBe(94 + 15);
  });

  it("is refused for a built-in set, whose task is fixed", async () => {
    await expect(load({ source: "iris", task: "regression" })).rejects.toThrow('data.task: expected nothing for the real data set "iris" (its task is fixed: task is for CSV files); received "regression"');
    await expect(load({ source: "moons", task: "regression" })).rejects.toThrow('data.task: expected nothing for the built-in data set "moons"');
  });
});

describe("data.seed: a generator's points, apart from the model's seed", () => {
  it("keeps one test set over a sweep of the spec's seed, where split.seed alone did not for a generator", async () => {
    // the README said a split seed keeps one test set; a generator drew other points for every seed
    const testRows = async (seed: number, dataSeed?: number) => {
      const spec = parseSpec({ seed, data: { source: "moons", n: 100, ...(dataSeed === undefined ? {} : { seed: dataSeed }) }, split: { ratios: [0.6, 0.2, 0.2], seed: 5 }, training: { epochs: 1 } }, "spec");
      return Array.from(splitData(spec, (await loadExperimentData(spec)).data).test.x.data);
    };
    expect(await testRows(1)).not.toEqual(await testRows(2));
    expect(await testRows(1, 9)).toEqual(await testRows(2, 9));
    const spec = (data: Record<string, unknown>) => parseSpec({ data, training: { epochs: 1 } }, "spec");
    await expect(loadExperimentData(spec({ source: "iris", seed: 3 }))).rejects.toThrow('data.seed: expected nothing for the real data set "iris"');
    await expect(loadExperimentData(spec({ source: "x.csv", seed: 3 }), fileDataLoader())).rejects.toThrow("data.seed: expected nothing for a file");
  });
});

describe("a test file is checked against the training rows", () => {
  // a test file whose feature f3 sat 5 std away trained "healthy" with warnings: [], and one made of 50
  // training rows gave 98% test accuracy as unbiased: checkSameDistribution was never called
  const rows = (n: number, seed: number, shift = 0) => {
    const data = blobs({ n, classes: 3, seed });
    return Array.from({ length: n }, (_, i) => `${data.x.data[2 * i]},${data.x.data[2 * i + 1]! + shift},k${data.y.data[i]}`);
  };
  const csv = (lines: string[]) => `a,b,c\n${lines.join("\n")}\n`;
  const train = rows(400, 1);
  const warningsWith = async (testLines: string[]) => {
    const spec = parseSpec({ data: { source: "train.csv", label: "c", test: "test.csv" }, training: { epochs: 1 } }, "spec");
    const loaded = await loadExperimentData(spec, csvTextLoader(csv(train), "train.csv", { test: { text: csv(testLines), name: "test.csv" } }));
    return splitData(spec, loaded.data).warnings;
  };

  it("stays silent on a test file drawn like the training rows", async () => {
    expect(await warningsWith(rows(200, 2))).toEqual([]);
  });

  it("names a shifted feature", async () => {
    const warnings = await warningsWith(rows(200, 2, 3));
    expect(warnings.some((w) => w.startsWith('feature "b" differs between train and test: KS'))).toBe(true);
    expect(warnings.some((w) => w.startsWith("train and test do not look drawn from one distribution"))).toBe(true);
  });

  it("counts test rows that repeat a training or dev row", async () => {
    const warnings = await warningsWith([...train.slice(0, 50), ...rows(150, 2)]);
    expect(warnings).toContain("50 of the 200 test rows repeat a training or dev row's features: the test error counts them as unseen examples, so it is optimistic; drop them from the test file (or from the training data)");
  });
});

describe("a dev set the split column fixes (the doctor audit on planted CSVs, session 20)", () => {
  // dev rows shifted 1.5 std from the training rows went without a word, and the run was read as bias
  const rows = (n: number, seed: number, shift: number, part: string) => {
    const data = blobs({ n, classes: 3, seed });
    return Array.from({ length: n }, (_, i) => `${data.x.data[2 * i]! + shift},${data.x.data[2 * i + 1]},k${data.y.data[i]},${part}`);
  };
  const warningsWith = async (devShift: number) => {
    const text = `a,b,c,part\n${[...rows(400, 1, 0, "train"), ...rows(150, 2, devShift, "dev"), ...rows(150, 3, devShift, "test")].join("\n")}\n`;
    const spec = parseSpec({ data: { source: "d.csv", label: "c", splitColumn: "part" }, training: { epochs: 1 } }, "spec");
    const loaded = await loadExperimentData(spec, csvTextLoader(text, "d.csv"));
    return splitData(spec, loaded.data).warnings;
  };

  it("names a dev set unlike the training rows, and says what its error then measures", async () => {
    const warnings = await warningsWith(1.5);
    expect(warnings.some((w) => w.startsWith('feature "a" differs between train and dev: KS'))).toBe(true);
    expect(warnings.some((w) => w.startsWith("the dev rows (fixed by the data) do not look drawn from the training rows' distribution: the dev error then measures that difference as well"))).toBe(true);
  });

  it("stays silent on dev rows drawn like the training rows", async () => {
    expect((await warningsWith(0)).filter((w) => /dev/.test(w))).toEqual([]);
  });
});


import { describe, expect, it } from "vitest";
import { Tensor } from "../tensor/tensor.js";
import { makeDataset } from "./dataset.js";
import { featureWarnings } from "./feature-checks.js";

/** A dataset with these named columns (rows of values) and a label. */
function data(names: string[], rows: number[][], image = false) {
  const d = makeDataset(Tensor.from2D(rows, "float64"), Tensor.column(rows.map((_, i) => i % 2), "float64"));
  d.featureNames = names;
  if (image) d.image = { width: names.length, height: 1, channels: 1 };
  return d;
}

describe("featureWarnings", () => {
  const rows = Array.from({ length: 40 }, (_, i) => [1000 + i, Math.sin(i), Math.cos(3 * i), 7, Math.sin(i)]);

  it("names an id that counts the rows, a constant column and a copy of another (an improve audit's CSV)", () => {
    expect(featureWarnings(data(["id", "x0", "x1", "const", "x0dup"], rows))).toEqual([
      'feature "const" has one value in every row: it carries nothing to learn from; leave it out of data.features',
      '"x0dup" is a copy of "x0": a copy adds no information; leave it out of data.features',
      'feature "id" counts the rows (the same step from each row to the next): a row number or an id, not a measurement? The network reads it as one; leave it out of data.features unless the order means something',
    ]);
  });

  it("says nothing of measurements, shuffled ids, or images (constant border pixels), nor of every feature constant (the doctor's data problem)", () => {
    const clean = rows.map(([, a, b]) => [a!, b!, a! * b!]);
    expect(featureWarnings(data(["a", "b", "ab"], clean))).toEqual([]);
    // ids not in row order: no step from row to row
    const shuffled = rows.map((r, i) => [((i * 17) % 40) + 1000, r[1]!]);
    expect(featureWarnings(data(["id", "x"], shuffled))).toEqual([]);
    expect(featureWarnings(data(["p0", "p1", "p2"], rows.map((r) => [0, r[1]!, r[2]!]), true))).toEqual([]);
    expect(featureWarnings(data(["a", "b"], rows.map(() => [1, 2])))).toEqual([]);
  });

  it("names a feature that is the label in other words: a copy, a code per class, a rescaled regression target (the doctor audit on planted CSVs)", () => {
    // the label is i % 2: "copy" is it, "code" spells each class as another number, "noisy" is wrong on one row
    const leaky = rows.map(([, a], i) => [a!, i % 2, i % 2 === 0 ? 7 : -3, i === 5 ? 0 : i % 2]);
    expect(featureWarnings(data(["a", "copy", "code", "noisy"], leaky))).toEqual([
      'features "copy", "code" are the label in other words (in each, each value goes with one class and each class with one value): copies of the label, or computed from it? Scores with them will not hold on data without them; leave them out of data.features',
    ]);
    const target = rows.map((r) => r[1]! * 3 + r[2]!);
    const regression = makeDataset(Tensor.from2D(rows.map((r, i) => [r[1]!, 2 * target[i]! + 5]), "float64"), Tensor.column(target, "float64"), { task: "regression" });
    regression.featureNames = ["x", "price again"];
    expect(featureWarnings(regression)).toEqual([
      'feature "price again" is the label in other words (equal to the target, or a straight-line function of it): a copy of the label, or computed from it? Scores with it will not hold on data without it; leave it out of data.features',
    ]);
    // a class of 4 rows is matched by any feature unique to them (a one-hot column): not said
    const rare = rows.map(([, a], i) => [a!, i < 4 ? 1 : 0]);
    const rareData = makeDataset(Tensor.from2D(rare, "float64"), Tensor.column(rows.map((_, i) => (i < 4 ? 1 : 0)), "float64"));
    rareData.featureNames = ["a", "city"];
    expect(featureWarnings(rareData)).toEqual([]);
    // under 20 rows a 0/1 feature can match a 0/1 label by chance: not said
    expect(featureWarnings(data(["a", "copy"], leaky.slice(0, 12).map((r) => [r[0]!, r[1]!])))).toEqual([]);
  });
});

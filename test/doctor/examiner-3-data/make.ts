/**
 * Makes the CSV files of the examiner-3 doctor scenario set. Seeded: same bits on every run.
 * `npx tsx test/doctor/examiner-3-data/make.ts`
 */
import { Rng } from "../../../src/index.js";
import { csvWriter } from "../write-csv.js";

const write = csvWriter(new URL("./", import.meta.url).pathname);

// 1. Regression: y = x1 * sin(2 x2) + 0.3 x3 + noise (std 0.1). Clean, well scaled.
function ripple(seed: number, n: number, noise: number, flipTarget = false) {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const x1 = rng.uniformIn(-2, 2);
    const x2 = rng.uniformIn(-1.5, 1.5);
    const x3 = rng.normal();
    const y = x1 * Math.sin(2 * x2) + 0.3 * x3 + noise * rng.normal();
    rows.push([x1, x2, x3, flipTarget ? 2 * rng.normal() : y]);
  }
  return rows;
}
write("ripple.csv", ["a", "b", "c", "target"], ripple(301, 360, 0.1));
// 1b. The same inputs with a target that is pure noise (the label column was the wrong one).
write("ripple-shuffled.csv", ["a", "b", "c", "target"], ripple(301, 360, 0.1, true));

// 2. Binary classification with raw features on very different scales: income (tens of thousands),
// age (years), a ratio (0..0.01). The class depends on all three.
{
  const rng = new Rng(302);
  const rows: number[][] = [];
  for (let i = 0; i < 400; i++) {
    const income = rng.uniformIn(20000, 120000);
    const age = rng.uniformIn(18, 80);
    const ratio = rng.uniformIn(0, 0.01);
    const z = (income - 70000) / 20000 - (age - 49) / 12 + (ratio - 0.005) / 0.002;
    rows.push([income, age, ratio, z + 0.3 * rng.normal() > 0 ? 1 : 0]);
  }
  write("loans.csv", ["income", "age", "ratio", "approved"], rows);
}

// 3. Regression in raw units: house area (m^2, 30..300), year built (1900..2020), price in thousands.
{
  const rng = new Rng(303);
  const rows: number[][] = [];
  for (let i = 0; i < 350; i++) {
    const area = rng.uniformIn(30, 300);
    const year = rng.uniformIn(1900, 2020);
    const price = 2 * area + 1.5 * (year - 1960) + 0.004 * (area - 150) ** 2 + 15 * rng.normal();
    rows.push([area, year, price / 100]);
  }
  write("houses.csv", ["area", "year", "price"], rows);
}

// 4. Small regression with 2 signal features and 10 noise features: 70 rows (a big net memorizes it).
{
  const rng = new Rng(304);
  const rows: number[][] = [];
  for (let i = 0; i < 70; i++) {
    const xs = Array.from({ length: 12 }, () => rng.normal());
    const y = Math.tanh(xs[0]!) + 0.5 * xs[1]! + 0.3 * rng.normal();
    rows.push([...xs, y]);
  }
  write("sparse-signal.csv", [...Array.from({ length: 12 }, (_, i) => `f${i}`), "y"], rows);
}

// 5. Three-class classification from 4 features, clean; and the same with the label column
// replaced by a random class (no relation to the inputs).
function tri(seed: number, random: boolean) {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < 450; i++) {
    const xs = Array.from({ length: 4 }, () => rng.normal());
    const s = xs[0]! + 0.5 * xs[2]!;
    const label = s < -0.5 ? 0 : s < 0.6 ? 1 : 2;
    const r = rng.uniform();
    rows.push([...xs, random ? Math.floor(r * 3) : label]);
  }
  return rows;
}
write("tri.csv", ["p", "q", "r", "s", "kind"], tri(305, false));
write("tri-random.csv", ["p", "q", "r", "s", "kind"], tri(305, true));

// 6. Binary moons-like data where 35% of the labels were flipped at random (annotation noise).
function ring(seed: number, flip: number) {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < 400; i++) {
    const x = rng.uniformIn(-2, 2);
    const y = rng.uniformIn(-2, 2);
    let label = x * x + y * y < 1.6 ? 1 : 0;
    if (rng.uniform() < flip) label = 1 - label;
    rows.push([x, y, label]);
  }
  return rows;
}
write("ring.csv", ["x", "y", "inside"], ring(306, 0));
write("ring-flipped.csv", ["x", "y", "inside"], ring(306, 0.45));

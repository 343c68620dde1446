/**
 * Makes the CSV files of the third (examiner-2) doctor scenario set. Seeded: same bits on every run.
 * `npx tsx test/doctor/examiner-2-data/make.ts`
 */
import { Rng } from "../../../src/index.js";
import { csvWriter } from "../write-csv.js";

const write = csvWriter(new URL("./", import.meta.url).pathname);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

// 1. Regression: y = sin(x1) + x2^2 / 2 + noise (std 0.1); the noise is the floor.
{
  const rng = new Rng(201);
  const rows: number[][] = [];
  for (let i = 0; i < 400; i++) {
    const x1 = rng.uniformIn(-3, 3);
    const x2 = rng.uniformIn(-2, 2);
    rows.push([x1, x2, Math.sin(x1) + (x2 * x2) / 2 + 0.1 * rng.normal()]);
  }
  write("sine-bowl.csv", ["x1", "x2", "y"], rows);
}

// 1b. The same function with four times the noise (std 0.4): a small training set overfits it.
{
  const rng = new Rng(209);
  const rows: number[][] = [];
  for (let i = 0; i < 300; i++) {
    const x1 = rng.uniformIn(-3, 3);
    const x2 = rng.uniformIn(-2, 2);
    rows.push([x1, x2, Math.sin(x1) + (x2 * x2) / 2 + 0.4 * rng.normal()]);
  }
  write("sine-bowl-noisy.csv", ["x1", "x2", "y"], rows);
}

// 2. Tabular binary classification, mixed scales (income in dollars, age in years, a 0-1 score,
//    visits as counts); the label depends on all four through a logistic with some noise.
{
  const rng = new Rng(202);
  const rows: number[][] = [];
  for (let i = 0; i < 400; i++) {
    const income = Math.max(5000, 52000 + 18000 * rng.normal());
    const age = Math.round(rng.uniformIn(19, 75));
    const score = rng.uniform();
    const visits = Math.floor(rng.uniformIn(0, 40));
    const z = 1.6 * ((income - 52000) / 18000) - 1.2 * ((age - 47) / 16) + 2.5 * (score - 0.5) * 3.4 + 0.9 * Math.sin(visits / 6) ;
    rows.push([income, age, score, visits, rng.uniform() < sigmoid(2 * z) ? 1 : 0]);
  }
  write("customers.csv", ["income", "age", "score", "visits", "churn"], rows);
}

// 3. Regression with mixed scales: house-like prices (in thousands) from area in square feet,
//    rooms, year built and distance in metres; the price is in hundreds of thousands (a target of order 1-10).
{
  const rng = new Rng(203);
  const rows: number[][] = [];
  for (let i = 0; i < 360; i++) {
    const area = rng.uniformIn(400, 4000);
    const rooms = 1 + Math.floor(rng.uniformIn(0, 6));
    const year = Math.round(rng.uniformIn(1950, 2022));
    const dist = rng.uniformIn(100, 30000);
    const price = 80 + 0.12 * area + 15 * rooms + 1.5 * (year - 1950) - 60 * Math.log(dist / 100) / Math.log(300) + 20 * rng.normal();
    rows.push([area, rooms, year, dist, price / 100]);
  }
  write("prices.csv", ["area", "rooms", "year", "distance", "price"], rows);
}

// 4. Unbalanced 90/10 with a learnable minority: the minority sits in a ring-shaped region (nonlinear),
//    so a constant predictor gets 90% and a good model about 99%.
{
  const rng = new Rng(204);
  const rows: number[][] = [];
  let pos = 0;
  let neg = 0;
  while (pos + neg < 500) {
    const a = rng.uniformIn(-3, 3);
    const b = rng.uniformIn(-3, 3);
    const c = rng.normal();
    const r = Math.hypot(a - 1, b + 0.5);
    const label = r < 0.95 ? 1 : 0;
    if (label === 1 && pos >= 50) continue;
    if (label === 0 && neg >= 450) continue;
    if (label) pos++;
    else neg++;
    rows.push([a, b, c, label]);
  }
  write("rare-ring.csv", ["a", "b", "c", "flag"], rows);
}

// 5. Unbalanced 90/10 with no signal: the labels are drawn independently of the features.
{
  const rng = new Rng(205);
  const rows: number[][] = [];
  for (let i = 0; i < 500; i++) rows.push([rng.normal(), rng.normal(), rng.normal(), rng.normal(), i % 10 === 0 ? 1 : 0]);
  write("rare-noise.csv", ["f1", "f2", "f3", "f4", "flag"], rows);
}

// 6. Regression whose target is pure noise (no relation to the features).
{
  const rng = new Rng(206);
  const rows: number[][] = [];
  for (let i = 0; i < 300; i++) rows.push([rng.normal(), rng.uniformIn(0, 10), rng.normal(), 5 + 2 * rng.normal()]);
  write("noise-target.csv", ["p", "q", "r", "target"], rows);
}

// 7. Multiclass with text labels and mixed scales: four grades from a wine-like chemistry table.
{
  const rng = new Rng(207);
  const names = ["low", "mid", "high", "top"];
  const rows: (number | string)[][] = [];
  for (let i = 0; i < 400; i++) {
    const k = i % 4;
    const alcohol = 9 + 1.2 * k + 0.6 * rng.normal();
    const sulphur = 140 - 25 * k + 20 * rng.normal();
    const acidity = 0.3 + 0.05 * ((k * 3) % 4) + 0.05 * rng.normal();
    const density = 0.99 + 0.002 * rng.normal();
    rows.push([alcohol, sulphur, acidity, density, names[k]!]);
  }
  write("grades.csv", ["alcohol", "sulphur", "acidity", "density", "grade"], rows);
}

// 8. A data problem by duplication: binary labels that are pure coin flips on a feature set with signal-free columns.
{
  const rng = new Rng(208);
  const rows: number[][] = [];
  for (let i = 0; i < 400; i++) rows.push([rng.normal(), rng.normal(), rng.uniform(), rng.uniform() < 0.5 ? 1 : 0]);
  write("coin-flips.csv", ["u", "v", "w", "label"], rows);
}

// Salaries in dollars (mean ~62,000, std ~15,000) from experience, level and weekly hours: a target far
// from unit scale, for the target-not-normalized scenarios (learned raw with normalizeTarget: false).
{
  const rng = new Rng(211);
  const rows: number[][] = [];
  for (let i = 0; i < 360; i++) {
    const years = rng.uniformIn(0, 30);
    const level = 1 + Math.floor(rng.uniformIn(0, 5));
    const hours = rng.uniformIn(20, 50);
    const salary = 30000 + 9000 * Math.sqrt(years) + 4000 * level + 300 * (hours - 35) + 4000 * rng.normal();
    rows.push([years, level, hours, Math.round(salary)]);
  }
  write("salaries.csv", ["years", "level", "hours", "salary"], rows);
}

/**
 * Writes the held-out scenarios' CSV files (deterministic: the library's seeded Rng).
 * `npx tsx test/doctor/held-out-data/make.ts`
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Rng } from "../../../src/index.js";

const dir = import.meta.dirname;
const rows = (header: string[], body: Array<Array<string | number>>) => [header.join(","), ...body.map((r) => r.join(","))].join("\n") + "\n";
const write = (file: string, header: string[], body: Array<Array<string | number>>) => writeFileSync(join(dir, file), rows(header, body));

// Houses: a regression target (about unit scale) from raw features on very different scales.
{
  const rng = new Rng(101);
  const body: Array<Array<string | number>> = [];
  for (let i = 0; i < 400; i++) {
    const sqft = 1800 + 600 * rng.normal();
    const age = Math.max(0, 30 + 15 * rng.normal());
    const dist = Math.max(100, 8000 + 4000 * rng.normal());
    const rooms = Math.max(1, Math.round(3.2 + rng.normal()));
    const z = [(sqft - 1800) / 600, (age - 30) / 15, (dist - 8000) / 4000, (rooms - 3.2)];
    const price = 1.5 * z[0]! + 0.8 * Math.tanh(z[1]!) - 0.3 * z[2]! * z[2]! + 0.3 * z[3]! + 0.2 * rng.normal() + 0.01;
    body.push([sqft.toFixed(1), age.toFixed(1), dist.toFixed(0), rooms, price.toFixed(4)]);
  }
  write("houses.csv", ["sqft", "age", "distance_m", "rooms", "price"], body);
}

// Assay: three classes from a concentration (~1e-4 mol/L) and a mass (~5e4 mg); a third feature ~1.
{
  const rng = new Rng(102);
  const body: Array<Array<string | number>> = [];
  for (let i = 0; i < 450; i++) {
    const conc = 1e-4 * (1 + 0.5 * rng.normal());
    const mass = 5e4 + 1.5e4 * rng.normal();
    const ph = 7 + rng.normal();
    const u = (conc - 1e-4) / 5e-5;
    const v = (mass - 5e4) / 1.5e4;
    const label = u + v > 0.6 ? "high" : u - v > 0.4 ? "skewed" : "normal";
    body.push([conc.toExponential(4), mass.toFixed(1), ph.toFixed(3), label]);
  }
  write("assay.csv", ["concentration", "mass", "ph", "grade"], body);
}

// Fraud: 10% positives, well separable in two features (class imbalance, nothing wrong).
{
  const rng = new Rng(103);
  const body: Array<Array<string | number>> = [];
  for (let i = 0; i < 500; i++) {
    const fraud = i % 10 === 0 ? 1 : 0;
    const a = fraud ? 2.2 + 0.5 * rng.normal() : 0.5 * rng.normal();
    const b = fraud ? 1.5 + 0.5 * rng.normal() : 0.5 * rng.normal();
    body.push([a.toFixed(4), b.toFixed(4), fraud]);
  }
  write("fraud.csv", ["amount_z", "velocity_z", "fraud"], body);
}

// Plants: three species, one of which has only 2 examples (it cannot reach every split part).
{
  const rng = new Rng(104);
  const body: Array<Array<string | number>> = [];
  const centres: Record<string, [number, number]> = { setosa: [0, 2], versicolor: [2, -1], virginica: [-2, -1] };
  for (let i = 0; i < 402; i++) {
    const species = i < 2 ? "virginica" : i % 2 ? "setosa" : "versicolor";
    const [cx, cy] = centres[species]!;
    body.push([(cx + 0.5 * rng.normal()).toFixed(4), (cy + 0.5 * rng.normal()).toFixed(4), species]);
  }
  write("plants.csv", ["petal", "sepal", "species"], body);
}

// Broken export: every feature constant (a join that filled defaults), labels half and half.
{
  const rng = new Rng(105);
  const body: Array<Array<string | number>> = [];
  for (let i = 0; i < 300; i++) body.push([3.5, -1, 0.25, rng.uniform() < 0.5 ? "yes" : "no"]);
  write("constant-features.csv", ["f1", "f2", "f3", "label"], body);
}

// Flat target: a regression label that a broken pipeline filled with one value (nothing to predict).
{
  const rng = new Rng(108);
  const body: Array<Array<string | number>> = [];
  for (let i = 0; i < 300; i++) body.push([rng.normal().toFixed(4), rng.normal().toFixed(4), "2.5"]);
  write("flat-target.csv", ["x1", "x2", "yield"], body);
}

// Wide: 12 features, 400 rows, label from three of them plus label noise (for a small train split).
{
  const rng = new Rng(109);
  const body: Array<Array<string | number>> = [];
  for (let i = 0; i < 400; i++) {
    const f = Array.from({ length: 12 }, () => rng.normal());
    const label = f[0]! + f[1]! - f[2]! + 0.2 * rng.normal() > 0 ? 1 : 0;
    body.push([...f.map((v) => v.toFixed(3)), label]);
  }
  write("wide.csv", [...Array.from({ length: 12 }, (_, i) => `f${i + 1}`), "label"], body);
}

// A temperature in kelvin (~300 K, std ~6) from a pressure, a humidity and an hour of the day, and a
// concentration in mol/L (~2e-4) from three unit-scale readings: targets far above and far below unit
// scale, for the target-not-normalized scenarios (learned raw with normalizeTarget: false).
{
  const rng = new Rng(312);
  const kelvin: Array<Array<string | number>> = [];
  const molar: Array<Array<string | number>> = [];
  for (let i = 0; i < 400; i++) {
    const pressure = rng.uniform() * 2 - 1;
    const humidity = rng.uniform();
    const hour = rng.uniform() * 24;
    const t = 293 + 4 * pressure - 3 * humidity + 5 * Math.sin((2 * Math.PI * (hour - 9)) / 24) + 0.8 * rng.normal();
    kelvin.push([pressure.toFixed(4), humidity.toFixed(4), hour.toFixed(2), t.toFixed(3)]);
    const a = rng.normal();
    const b = rng.normal();
    const c = rng.normal();
    const conc = 2e-4 * (1 + 0.4 * Math.tanh(a) + 0.3 * b * c) + 1e-5 * rng.normal();
    molar.push([a.toFixed(4), b.toFixed(4), c.toFixed(4), conc.toExponential(4)]);
  }
  write("kelvin.csv", ["pressure", "humidity", "hour", "temperature_k"], kelvin);
  write("molar.csv", ["a", "b", "c", "concentration"], molar);
}

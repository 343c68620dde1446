/**
 * Writes the corpus's CSV files (deterministic: the library's seeded Rng). Run with
 * `npx tsx test/doctor/make-data.ts`; the files are committed, so this only documents how they were made.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Rng } from "../../src/index.js";

const dir = join(import.meta.dirname, "data");
const rows = (header: string[], body: Array<Array<string | number>>) => [header.join(","), ...body.map((r) => r.join(","))].join("\n") + "\n";

// Loans: income in dollars, age in years, debt ratio in [0, 1]; repaid when a wavy rule of the three holds.
{
  const rng = new Rng(11);
  const body: Array<Array<string | number>> = [];
  for (let i = 0; i < 600; i++) {
    const income = Math.round(52000 + 18000 * rng.normal());
    const age = Math.round(41 + 12 * rng.normal());
    const debt = Math.min(0.95, Math.max(0.01, 0.35 + 0.15 * rng.normal()));
    const score = (income - 52000) / 18000 - 2.5 * (debt - 0.35) / 0.15 * (0.5 + 0.5 * Math.tanh((age - 41) / 12));
    body.push([income, age, debt.toFixed(3), score + 0.3 * rng.normal() > 0 ? "repaid" : "default"]);
  }
  writeFileSync(join(dir, "loans.csv"), rows(["income", "age", "debt_ratio", "outcome"], body));
}

// Sensors: a pressure in pascals (~1e5), a strain (~1e-3) and a temperature; three machine states.
{
  const rng = new Rng(12);
  const body: Array<Array<string | number>> = [];
  for (let i = 0; i < 600; i++) {
    const state = i % 3;
    const pressure = 101325 + 4000 * (state - 1) + 2500 * rng.normal();
    const strain = 0.001 * (1 + 0.4 * Math.sin(2 * state) + 0.25 * rng.normal());
    const temperature = 20 + 5 * rng.normal();
    body.push([pressure.toFixed(1), strain.toExponential(4), temperature.toFixed(2), ["idle", "load", "fault"][state]!]);
  }
  writeFileSync(join(dir, "sensors.csv"), rows(["pressure", "strain", "temperature", "state"], body));
}

// A well-scaled two-class table (healthy runs on a CSV).
{
  const rng = new Rng(13);
  const body: Array<Array<string | number>> = [];
  for (let i = 0; i < 500; i++) {
    const a = rng.normal();
    const b = rng.normal();
    const c = rng.normal();
    body.push([a.toFixed(4), b.toFixed(4), c.toFixed(4), a * a + b - 0.5 * c > 0.6 ? 1 : 0]);
  }
  writeFileSync(join(dir, "scaled.csv"), rows(["a", "b", "c", "label"], body));
}

// Every row labelled the same: a filter gone wrong upstream.
{
  const rng = new Rng(14);
  const body: Array<Array<string | number>> = [];
  for (let i = 0; i < 300; i++) body.push([rng.normal().toFixed(4), rng.normal().toFixed(4), "spam"]);
  writeFileSync(join(dir, "one-class.csv"), rows(["x1", "x2", "label"], body));
}

// Rents in dollars (~1500, std ~400) from size, rooms, floor and distance: a regression target far from
// unit scale (for the target-not-normalized scenarios, learned raw with normalizeTarget: false).
{
  const rng = new Rng(15);
  const body: Array<Array<string | number>> = [];
  for (let i = 0; i < 400; i++) {
    const size = 30 + 120 * rng.uniform();
    const rooms = 1 + Math.floor(5 * rng.uniform());
    const floor = Math.floor(21 * rng.uniform());
    const distance = 0.5 + 19.5 * rng.uniform();
    const rent = 400 + 12 * size + 50 * rooms + 10 * floor - 150 * Math.log(distance) + 80 * rng.normal();
    body.push([size.toFixed(1), rooms, floor, distance.toFixed(2), rent.toFixed(0)]);
  }
  writeFileSync(join(dir, "rents.csv"), rows(["size_m2", "rooms", "floor", "distance_km", "rent"], body));
}

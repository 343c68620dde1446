/** Labelled points in two noisy rings ("inner", "outer"), as CSV text: data small enough to travel with queued trials. */
import { Rng } from "../../src/tensor/rng.js";

export function ringsCsv(options: { rows: number; seed: number; innerRadius: number; noise: number; labelColumn: string }): string {
  const rng = new Rng(options.seed);
  const rows = [`x1,x2,${options.labelColumn}`];
  for (let i = 0; i < options.rows; i++) {
    const outer = i % 2;
    const angle = rng.uniform() * 2 * Math.PI;
    const radius = (outer ? 1 : options.innerRadius) + options.noise * rng.normal();
    rows.push(`${(radius * Math.cos(angle)).toFixed(5)},${(radius * Math.sin(angle)).toFixed(5)},${outer ? "outer" : "inner"}`);
  }
  return rows.join("\n") + "\n";
}

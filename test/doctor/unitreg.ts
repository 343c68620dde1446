import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rng } from "../../src/tensor/rng.js";

/**
 * A unit-scale regression of the doctor audit of session 26, written to a fresh temporary folder: 500 rows
 * of a, b, c ~ N(0, 1) and y = sin(1.5 a) + 0.5 b c + N(0, 0.01). Returns the CSV's path.
 */
export function writeUnitreg(): string {
  const rng = new Rng(7);
  const rows = Array.from({ length: 500 }, () => {
    const [a, b, c] = [rng.normal(), rng.normal(), rng.normal()];
    return `${a},${b},${c},${Math.sin(1.5 * a) + 0.5 * b * c + 0.1 * rng.normal()}`;
  });
  const path = join(mkdtempSync(join(tmpdir(), "nnlab-unitreg-")), "unitreg.csv");
  writeFileSync(path, `a,b,c,y\n${rows.join("\n")}\n`);
  return path;
}

/**
 * Reads the course's reference data from ../shared/data (see its README). A deliberately tiny CSV
 * reader: these files are known, numeric and have the header x1,x2,y.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Tensor } from "../../src/index.js";

export const dataDir = fileURLToPath(new URL("../../../shared/data/", import.meta.url));

export function readXY(relative: string): { x: Tensor; y: Tensor } {
  const lines = readFileSync(dataDir + relative, "utf8").trim().split("\n");
  if (lines[0]!.trim() !== "x1,x2,y") throw new Error(`${relative}: unexpected header ${lines[0]}`);
  const rows = lines.slice(1).map((l) => l.split(",").map(Number));
  return {
    x: Tensor.from2D(rows.map((r) => [r[0]!, r[1]!])),
    y: Tensor.column(rows.map((r) => r[2]!)),
  };
}

export interface Fixtures {
  football_init: Record<"W1" | "W2" | "W3" | "b1" | "b2" | "b3", number[][]>;
  football_dropout_masks: { D1: string[]; D2: string[]; keep_prob?: number };
  circles_init_draws: Record<"W1" | "W2" | "W3", number[][]>;
  gradcheck_nd: Record<"X" | "W1" | "b1" | "W2" | "b2" | "W3" | "b3", number[][]> & { Y: number[] };
}

export const fixtures: Fixtures = JSON.parse(readFileSync(dataDir + "reference/c2w1-fixtures.json", "utf8"));

/** The course's (units, inputs) matrix as nnlab's example-major [inputs, units]. */
export function courseWeight(w: number[][]): Tensor {
  return Tensor.from2D(w).transpose();
}

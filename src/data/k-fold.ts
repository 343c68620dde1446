import { checkPositiveInteger, fail } from "../errors.js";
import { Rng } from "../tensor/rng.js";

export interface Fold {
  train: Int32Array;
  dev: Int32Array;
}

function foldsFrom(assignment: Int32Array, k: number): Fold[] {
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const dev: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < assignment.length; i++) (assignment[i] === f ? dev : train).push(i);
    folds.push({ train: Int32Array.from(train), dev: Int32Array.from(dev) });
  }
  return folds;
}

/** k folds of shuffled positions 0..n-1: every position is in exactly one dev part; sizes differ by at most 1. */
export function kFold(n: number, k: number, options: { seed?: number } = {}): Fold[] {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 2) fail("kFold", "n (the number of examples) must be an integer >= 2", n);
  checkPositiveInteger("kFold", "k", k);
  if (k < 2 || k > n) fail("kFold", `k in [2, ${n}] (the number of examples)`, k);
  const order = new Rng(options.seed ?? 0).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const assignment = new Int32Array(n);
  order.forEach((position, rank) => (assignment[position] = rank % k));
  return foldsFrom(assignment, k);
}

/**
 * Stratified k folds: each class's (shuffled) members are dealt to the folds in turn, continuing where
 * the previous class stopped, so every fold holds each class's share to within one example and the
 * fold sizes differ by at most one.
 */
export function stratifiedKFold(labels: Int32Array, k: number, options: { seed?: number } = {}): Fold[] {
  if (!(Array.isArray(labels) || labels instanceof Int32Array) || labels.length < 2) {
    fail("stratifiedKFold", "labels must be an Int32Array of at least 2 class indices (one per example)", labels);
  }
  checkPositiveInteger("stratifiedKFold", "k", k);
  if (k < 2 || k > labels.length) fail("stratifiedKFold", `k in [2, ${labels.length}]`, k);
  const rng = new Rng(options.seed ?? 0);
  const byClass = new Map<number, number[]>();
  labels.forEach((c, i) => {
    const list = byClass.get(c) ?? [];
    list.push(i);
    byClass.set(c, list);
  });
  const assignment = new Int32Array(labels.length);
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const position of rng.shuffle(Int32Array.from(byClass.get(c)!))) {
      assignment[position] = next;
      next = (next + 1) % k;
    }
  }
  return foldsFrom(assignment, k);
}

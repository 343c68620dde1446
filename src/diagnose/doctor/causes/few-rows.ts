import type { Evidence } from "../evidence.js";
import type { WorstRows } from "../worst-rows.js";
import { highBias, num, percent, watchedDevSet } from "../signals.js";

/**
 * The worst 1% of a set's rows (at least one) carrying this share of its squared error or more: most of it.
 * The share on the training / dev rows at the weights kept, y = sin(a) + 0.5 b + 0.3 noise (2x32 tanh,
 * Adam, early stopping; 400 rows, 240 / 80, and 2000, 1200 / 400; 3 split seeds each):
 * - Gaussian noise 6-20%; uniform noise 5-21%; Student t noise of 5 degrees 12-26% (pure Gaussian draws
 *   reach 45% at their 99.9th percentile on 30 rows, 21% on 80, 12% on 240);
 * - the 31 regressions of doctor:eval (houses, rents, sine-bowl, ripple, prices, ..., every fault): 1.7-32%;
 * - t of 3 degrees 13-57% (1 set of 12 over half), 2 degrees 23-86% (4 runs of 6), 1.5 degrees (5 of 6)
 *   and 1.2 degrees (6 of 6; the audit's 400 rows: train 46-99%, dev 8-99.9%, 3 split seeds of 3);
 * - clean targets (sin, |a|, a step, exp(1.5 a)) fitted to a training R^2 of 0.98 or more: 12-83% (a
 *   near-perfect fit leaves its error at the hardest inputs: a kink, a step, a steep end), which is why the
 *   reading also needs a bias or a variance for the rows to account for (it then read one run of 15: a dev
 *   row of exp(1.5 a) carrying 83% of the dev cost, the dev R^2 0.78 against 1.00 on train); with Gaussian
 *   noise, exp(1.5 a) read it once in 3: the steep end unfitted (train R^2 0.23), its two worst rows
 *   carrying 94% of the training cost from inputs beyond 93% and 99% of the training rows' (EDGE).
 */
const MOST = 0.5;

/** Below this many rows one row's share swings with the draw (Gaussian: 45% on 30 rows at the 99.9th percentile). */
const FEWEST_ROWS = 30;

/**
 * Rows whose inputs lie farther out than this share of the training rows' are at the inputs' edge: where
 * every row listed is, the target may be steep there rather than wrong (y = exp(1.5 a): its worst rows
 * beyond 99%; noise lands on rows anywhere, so 3 listed rows are all this far out 1 time in 1000).
 */
const EDGE = 0.9;

/** The worst rows listed in the evidence and the advice, per set. */
const LISTED = 3;

/**
 * A regression whose squared error a few rows carry, on the training or the dev set (worst-rows.ts), where
 * the run shows a bias or a variance those costs set: y = sin(a) + 0.5 b + 0.3 t(1.2 degrees) on 400 rows
 * was called "high bias: a bigger network" (3x128: MSE against the noise-free function 3.38 and 227.8 on
 * two seeds) or "high variance: more data, regularization" (L2 1 made it worse); one dev row with noise 884
 * set the dev MSE (9,730) and early stopping's epoch (4). Dropping the 6 rows with |y| > 6 gave MSE 0.058
 * and 0.067 (a doctor audit, session 27). Null where no set shows it.
 */
export function fewRowsCarryCost(e: Evidence): { evidence: string; advice: string[] } | null {
  const worst = e.errors.worstRows;
  const { trainUnexplained: train, devUnexplained: dev } = e.errors;
  if (e.task !== "regression" || !worst || train === null) return null;
  if (e.stop.reason === "diverged" || e.stop.reason === "nonFiniteCost") return null;
  const heavy = (w: WorstRows | null): w is WorstRows => !!w && w.rows >= FEWEST_ROWS && w.share >= MOST;
  if (!heavy(worst.train) && !heavy(worst.dev)) return null;
  // the bias high-bias reads, or the dev-train gap high-variance reads (its regression test)
  const variance = dev !== null && dev - train > 0.1 && dev > 1.5 * train;
  if (!highBias(e) && !variance) return null;
  const held = e.errors.heldOut === "test" ? "test" : "dev";
  const sets = [
    { rows: worst.train, name: "training" },
    { rows: worst.dev, name: held },
  ].filter((s): s is { rows: WorstRows; name: string } => s.rows !== null);
  const heavySets = sets.filter((s) => heavy(s.rows));
  // the dev cost chose early stopping's epoch: where a few dev rows carry it, so do they the epoch
  const chosen = e.keptEpoch != null && watchedDevSet(e) && heavy(worst.dev) && e.errors.heldOut === "dev" ? `; early stopping kept epoch ${e.keptEpoch} by a dev cost that ${worst.dev.worst === 1 ? "this row sets" : "these rows set"}` : "";
  const listed = heavySets.flatMap((s) => s.rows.top.slice(0, Math.min(LISTED, s.rows.worst)));
  const edge = listed.every((r) => r.fartherThan >= EDGE);
  const rowText = (r: WorstRows["top"][number]) => `target ${num(r.target)}, predicted ${num(r.prediction)}, inputs farther out than ${percent(r.fartherThan)} of the training rows'`;
  const evidence = `${sets.map((s) => carries(s.rows, s.name)).join("; ")}: under squared error a few rows set the fit, and the ${heavySets.map((s) => s.name).join(" and ")} cost is mostly theirs (${listed.map(rowText).join("; ")})${chosen}`;
  const targets = listed.map((r) => num(r.target)).join(", ");
  return {
    evidence,
    advice: [
      `check those rows (targets ${targets}) and any others as far out: a unit or entry error, a sensor fault, rows of another population? If they are faults, drop or correct them (or cap the target) and train again: the bias and variance are then read from the other rows`,
      `squared error, the cost nnlab trains a regression on, lets a few rows set the fit${chosen ? " and, through the dev cost, early stopping's epoch" : ""}: until they are dealt with, a bigger network, regularization or more data are judged by those rows${edge ? "; if they are genuine (at the inputs' edge the target may be steep), more rows in that range would let the network learn it" : ""}`,
    ],
  };
}

/** "the worst 2 of the 240 training rows (0.8%) carry 98.1% of the training cost". */
function carries(w: WorstRows, name: string): string {
  const rows = w.worst === 1 ? `the worst of the ${w.rows} ${name} rows carries` : `the worst ${w.worst} of the ${w.rows} ${name} rows (${percent(w.worst / w.rows)}) carry`;
  return `${rows} ${percent(w.share)} of the ${name} cost`;
}

/**
 * Random search: N points drawn from ranges of some knobs, seeded. Random points beat a grid when only a
 * few knobs matter (each trial tries a new value of every knob), and a learning rate or lambda is drawn
 * on a log scale: as many points between 1e-4 and 1e-3 as between 1e-2 and 1e-1.
 */
import { NnlabError } from "../errors.js";
import { portableExp, portableLog } from "../tensor/portable-math.js";
import { Rng } from "../tensor/rng.js";
import { GRID_ALIASES, type GridAxis, type GridTrialsOptions, pointTrials } from "./grid.js";
import type { TrialTask } from "./trial.js";

/** A knob's range: drawn uniformly between low and high, or log-uniformly (`log`), or as integers (`integer`). */
export interface SearchRange {
  name: string;
  path: string;
  low: number;
  high: number;
  log: boolean;
  integer: boolean;
}

/**
 * Reads "NAME=LOW..HIGH[:log][:int]" ("lr=1e-4..1e-1:log", "dropout=0..0.5", "epochs=50..400:int"), or
 * null when the text does not have that shape (the caller words that error). Throws for a shape that
 * reads but cannot be drawn from: LOW not below HIGH, a log range that reaches 0.
 */
export function parseRange(text: string): SearchRange | null {
  const match = /^([A-Za-z][\w.]*)=([^.:][^:]*?)\.\.([^:]+)((?::(?:log|int))*)$/.exec(text.trim());
  if (!match) return null;
  const [, name, lowText, highText, flags] = match;
  const low = Number(lowText);
  const high = Number(highText);
  if (lowText!.trim() === "" || highText!.trim() === "" || !Number.isFinite(low) || !Number.isFinite(high)) return null;
  const range = { name: name!, path: GRID_ALIASES[name!] ?? name!, low, high, log: flags!.includes(":log"), integer: flags!.includes(":int") };
  if (!(low < high)) throw new NnlabError(`range ${JSON.stringify(text)}: expected LOW below HIGH; received ${low} and ${high}`);
  if (range.log && !(low > 0)) throw new NnlabError(`range ${JSON.stringify(text)}: expected LOW above 0 for a log scale; received ${low}`);
  if (range.integer && !(Number.isInteger(low) && Number.isInteger(high))) {
    throw new NnlabError(`range ${JSON.stringify(text)}: expected whole numbers for :int; received ${low} and ${high}`);
  }
  return range;
}

/**
 * One draw from a range for uniform u in [0, 1): log-uniform as exp(log LOW + u (log HIGH - log LOW)),
 * in portable arithmetic (the same bits on every machine). Integers cover LOW..HIGH inclusive; other
 * values keep 3 significant digits, so that the table reads "lr=0.00316" and the spec holds that value.
 */
export function drawFromRange(range: SearchRange, u: number): number {
  const { low, high } = range;
  if (range.integer) {
    if (!range.log) return low + Math.floor(u * (high - low + 1));
    // log-uniform on [LOW, HIGH + 1), rounded down: each integer gets the share of the log scale it spans
    const value = Math.floor(portableExp(portableLog(low) + u * (portableLog(high + 1) - portableLog(low))));
    return Math.min(high, Math.max(low, value));
  }
  const value = range.log ? portableExp(portableLog(low) + u * (portableLog(high) - portableLog(low))) : low + u * (high - low);
  // 3 significant digits, more where the range is narrow (0.3001..0.3004 drew 0.3 four times, below the
  // range), and never outside it
  const scale = Math.max(Math.abs(low), Math.abs(high));
  const digits = Math.min(15, Math.max(3, high > low && scale > 0 ? Math.floor(Math.log10(scale / (high - low))) + 3 : 3));
  return Math.min(high, Math.max(low, Number(value.toPrecision(digits))));
}

/** `count` points, each knob drawn in turn from a generator seeded with `seed`: the same seed, the same points. */
export function randomPoints(ranges: readonly SearchRange[], count: number, seed: number): Array<Record<string, number>> {
  if (!(Number.isInteger(count) && count >= 1)) throw new NnlabError(`random search: expected a whole number of points >= 1; received ${count}`);
  if (ranges.length === 0) throw new NnlabError("random search: expected at least one range (e.g. lr=1e-4..1e-1:log); received none");
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => Object.fromEntries(ranges.map((r) => [r.name, drawFromRange(r, rng.uniform())])));
}

/** The random search's trials: `count` seeded points set into the base spec, each validated (see gridTrials). */
export function randomTrials(base: unknown, ranges: readonly SearchRange[], count: number, seed: number, options: GridTrialsOptions = {}): TrialTask[] {
  return pointTrials(base, ranges, randomPoints(ranges, count, seed), options);
}

/**
 * The searched knobs as axes for the table and the curves: each with the values drawn for it, in order.
 * (A random search's axes are these, not a grid: no two trials share the other knobs' values.)
 */
export function rangeAxes(ranges: readonly SearchRange[], tasks: readonly TrialTask[]): GridAxis[] {
  return ranges.map((r) => ({ name: r.name, path: r.path, values: [...new Set(tasks.map((t) => t.values[r.name] as number))].sort((a, b) => a - b) }));
}

/** "lr = 0.0001..0.1 (log)": a range as the report shows it. */
export function rangeLabel(range: SearchRange): string {
  const flags = [range.log ? "log" : "", range.integer ? "integers" : ""].filter(Boolean).join(", ");
  return `${range.name} (${range.path}) = ${range.low}..${range.high}${flags ? ` (${flags})` : ""}`;
}

/**
 * A grid sweep from code, in memory: what `nnlab sweep spec.json --grid ...` runs, without its folder.
 * The CLI's sweep adds a folder that resumes, threads or a job queue, folds and the report; the library
 * had no documented way to sweep at all (a library audit: only the CLI's parts, under "may change").
 */
import { checkOptions, NnlabError } from "../errors.js";
import type { DataLoader } from "../experiment/data-source.js";
import { serialExecutor, type TrialExecutor, TrialFailure } from "./executor.js";
import { GRID_ALIASES, type GridAxis, gridTrials } from "./grid.js";
import { rankTrials } from "./rank.js";
import type { FailedTrial } from "./report.js";
import type { TrialResult } from "./trial.js";

export interface SweepGridOptions {
  /** Loads data that is not built in (nnlab/node's fileDataLoader(), or csvTextLoader in a page). */
  loadData?: DataLoader;
  /** Who trains the trials: one after another here by default; nnlab/node's threadPool(...) for threads (then no loadData: the executor reads the data). */
  executor?: TrialExecutor;
}

const OPTION_FIELDS: Record<keyof SweepGridOptions, true> = { loadData: true, executor: true };

export interface SweepGridResult {
  /** Every trial that finished, best first (by dev error; a regression by dev MSE; diverged ones last). */
  trials: TrialResult[];
  /** Trials that failed for their own reason (a value the data cannot take), with why. */
  failed: FailedTrial[];
}

/**
 * Trains every combination of `grid`'s values set into the `base` spec (raw JSON, as `nnlab train` reads
 * it), and ranks them: `grid` maps a knob, by the CLI's short name (lambda, l2, l1, rate, dropout, lr,
 * epochs, batch, seed) or its dotted path in the spec ("model.hidden.0.units"), to its values. Each
 * combination is checked as a spec before any trains, and said with its values when one is refused.
 * Same seeds, same bits as `nnlab sweep` of the same grid.
 *
 *   const { trials } = await sweepGrid(spec, { lambda: [0, 0.01, 0.1], lr: [0.01, 0.1] });
 *   trials[0].values; // { lambda: 0.1, lr: 0.01 }: the best
 */
export async function sweepGrid(base: unknown, grid: Record<string, ReadonlyArray<number | string | boolean>>, options: SweepGridOptions = {}): Promise<SweepGridResult> {
  checkOptions("sweepGrid", options, Object.keys(OPTION_FIELDS), "{ loadData: fileDataLoader() }");
  // an executor brings its own way to the data (threadPool's workers read the files): a loader beside it
  // went unused, and every trial failed or read another file of that name (a review)
  if (options.executor && options.loadData) {
    throw new NnlabError("sweepGrid: expected loadData or an executor, not both: the executor reads the data its own way (give serialExecutor({ loader }) as the executor to use a loader)");
  }
  if (!grid || typeof grid !== "object" || Array.isArray(grid) || Object.keys(grid).length === 0) {
    throw new NnlabError(`sweepGrid: expected a grid of knobs and their values, e.g. { lambda: [0, 0.1] }; received ${JSON.stringify(grid)}`);
  }
  const axes: GridAxis[] = Object.entries(grid).map(([name, values]) => {
    if (!Array.isArray(values) || values.length === 0 || values.some((v) => !["number", "string", "boolean"].includes(typeof v))) {
      throw new NnlabError(`sweepGrid: expected ${name} to have a non-empty list of values (numbers, strings or true/false); received ${JSON.stringify(values)}`);
    }
    // true/false as the CLI's grid writes them ("normalize=true,false"), which gridTrials turns back into switches
    return { name, path: GRID_ALIASES[name] ?? name, values: values.map((v) => (typeof v === "boolean" ? String(v) : v)) };
  });
  const tasks = gridTrials(base, axes, { source: "sweepGrid" });
  const executor = options.executor ?? serialExecutor(options.loadData ? { loader: options.loadData } : {});
  const finished: TrialResult[] = [];
  const failed: FailedTrial[] = [];
  await executor.run(
    tasks,
    (result) => void finished.push(result),
    (failure: TrialFailure) => void failed.push({ index: failure.index, values: tasks.find((t) => t.index === failure.index)?.values ?? {}, reason: failure.reason }),
  );
  return { trials: rankTrials(finished), failed: failed.sort((a, b) => a.index - b.index) };
}

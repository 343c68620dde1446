import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { formatNumber, type HalvingRung, rungsLabel } from "../index.js";
import { type KernelPath, nativeAvailable } from "../node/native.js";
import { LOCK_FILE, liveLockOwner } from "../node/run-lock.js";
import type { RunSummary, TrainedRunKind } from "./run-summary.js";
import { percent } from "./table.js";

/** Which command made a folder under runs/ ("unknown": none that nnlab can tell). */
export type RunKind = TrainedRunKind | "sweep" | "improve" | "learning-curve" | "compare-init" | "lr-find" | "unknown";

/** A folder under runs/ as `nnlab runs` lists it. */
export interface RunEntry {
  id: string;
  dir: string;
  kind: RunKind;
  /** The summary of a trained run (train, doctor and demo runs). */
  summary?: RunSummary;
  /** One line on what the folder holds ("6 trials, best lambda=0.7 (dev error 5.0%)"). */
  description: string;
  /**
   * The dev error of a trained classifier, or the best (sweep) or final (improve) dev error its record
   * gives; null for other kinds, regressions and runs without a dev set (listed after those with one).
   */
  devError: number | null;
  /** Why the folder could not be read, e.g. "unreadable summary.json (Unexpected end of JSON input)". */
  problem?: string;
}

/**
 * The file each command leaves as its record, and the kind it tells. A folder from before a command kept
 * a record is known by its name (createRunDir's `<time>-<name>-<command>`).
 */
const RECORDS: Array<[file: string, kind: RunKind]> = [
  ["summary.json", "train"],
  ["lr-find.json", "lr-find"],
  ["results.json", "sweep"],
  ["compare-init.json", "compare-init"],
  ["learning-curve.json", "learning-curve"],
  ["demo.json", "demo"],
  ["improve.json", "improve"],
];
const NAMES: Array<[RegExp, RunKind]> = [
  [/^sweep-/, "sweep"],
  [/^improve-/, "improve"],
  [/-compare-init(-\d+)?$/, "compare-init"],
  [/-learning-curve(-\d+)?$/, "learning-curve"],
  [/-lr-find(-\d+)?$/, "lr-find"],
  [/-doctor(-\d+)?$/, "doctor"],
  [/^\d{8}-\d{6}-demo(-none|-l2|-dropout)?(-\d+)?$/, "demo"],
];

const kindByName = (id: string): RunKind | undefined => NAMES.find(([pattern]) => pattern.test(id))?.[1];

/** The kind of a trained run told by its id, for callers that do not say it (doctor's `<name>-doctor`). */
export function trainedKindOf(id: string): TrainedRunKind {
  const kind = kindByName(id);
  return kind === "doctor" || kind === "demo" ? kind : "train";
}

/**
 * The dev error of a trained classifier, else null. A run without a dev set has none: its test error,
 * shown and ranked as "dev", made the listing choose between runs by the test set.
 */
export function devErrorOf(summary: RunSummary): number | null {
  const accuracy = summary.dev?.accuracy;
  return typeof accuracy === "number" && Number.isFinite(accuracy) ? 1 - accuracy : null;
}

function trainedDescription(s: RunSummary, resume: string): string {
  const verdict = s.diagnosis ? (s.diagnosis.healthy ? "healthy" : (s.diagnosis.causes[0]?.id ?? "-")) : (s.biasVariance?.verdict ?? "-");
  // a Ctrl-C'd run reads as a finished one otherwise: say so, and how to go on with it
  return s.interrupted ? `interrupted after ${s.epochsTrained} epoch${s.epochsTrained === 1 ? "" : "s"} (continue it with ${resume}): ${verdict}` : verdict;
}

/**
 * The command that continues run `id` kept in `runsDir` (the default "runs" needs no --runs); `kernels` is
 * kernelsOption's "--kernels <path> " (or ""), a global option too.
 */
export const resumeCommand = (runsDir: string, id: string, kernels = "") => `nnlab ${runsDir === "runs" ? "" : `--runs ${runsDir} `}${kernels}train --resume ${id}`;

/**
 * "--kernels <path> " for a follow-up command that must compute on `path` again (float32 results differ
 * between the paths in their last bits): where they were chosen explicitly (`choice`, the --kernels given),
 * or where "auto" would choose the other kernels on this machine; else "".
 */
export function kernelsOption(path: KernelPath | null | undefined, choice?: string): string {
  if (path !== "native" && path !== "portable") return "";
  const explicit = choice !== undefined && choice !== "auto";
  return explicit || path !== (nativeAvailable() ? "native" : "portable") ? `--kernels ${path} ` : "";
}

/**
 * The dev error a sweep's or improve's record gives (the best trial's, the final spec's), to sort it among
 * the trained runs; null for a regression (a cost is not an error rate) and other kinds.
 */
function recordDevError(kind: RunKind, record: Record<string, unknown>): number | null {
  const rate = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 1 ? v : null);
  if (kind === "sweep") return Array.isArray(record.trials) ? rate((record.trials[0] as { devError?: unknown } | undefined)?.devError) : null;
  if (kind === "improve" && record.metric === "error") return rate((record.final as { scores?: { dev?: unknown } } | undefined)?.scores?.dev);
  return null;
}

/** One line on a record that has no summary, from the fields each command writes. */
function recordDescription(kind: RunKind, record: Record<string, unknown>): string {
  if (kind === "sweep") {
    const trials = record.trials ?? [];
    if (!Array.isArray(trials) || !trials.every((t) => t && typeof t === "object" && t.values && typeof t.values === "object")) {
      throw new Error(`expected "trials": a list of trials with their values; received ${JSON.stringify(record.trials)?.slice(0, 40)}`);
    }
    const best = trials[0] as { values: Record<string, unknown>; devError: number | null; devLoss: number; devDataLoss?: number } | undefined;
    // a regression's best by its dev MSE, as the sweep printed it (the whole cost has the penalty in it)
    const bestText = best ? `, best ${Object.entries(best.values).map(([k, v]) => `${k}=${v}`).join(", ")} (${typeof best.devError === "number" ? `dev error ${percent(best.devError)}` : `dev MSE ${formatNumber(best.devDataLoss ?? best.devLoss)}`})` : "";
    // successive halving: the trials are the last rung's, and the rungs say what else was trained (it read "3 trials" for 30 trainings)
    const rungs = Array.isArray(record.rungs) && record.rungs.every((r) => r && Array.isArray(r.trials) && Array.isArray(r.failed) && typeof r.epochs === "number") ? (record.rungs as HalvingRung[]) : null;
    const halving = rungs ? ` in the last rung of a successive halving (${rungsLabel(rungs)})` : "";
    return `${trials.length} trial${trials.length === 1 ? "" : "s"}${halving}${record.complete === false ? " (interrupted: rerun to finish)" : ""}${bestText}`;
  }
  if (kind === "improve") {
    const steps = (record.steps as Array<{ kept: boolean }>) ?? [];
    const final = (record.final as { scores?: { dev?: number } } | undefined)?.scores;
    const devText = typeof final?.dev === "number" ? `, final dev ${record.metric === "cost" ? `cost ${formatNumber(final.dev)}` : `error ${percent(final.dev)}`}` : "";
    return `${String(record.end ?? "-")}, ${steps.length} step${steps.length === 1 ? "" : "s"} (${steps.filter((s) => s.kept).length} kept)${devText}`;
  }
  if (kind === "lr-find") return `suggested learning rate ${formatNumber(Number(record.suggestion))}`;
  if (kind === "learning-curve") {
    const points = (record.points as Array<{ size: number; devError: number | null; devLoss: number; diverged?: boolean }>) ?? [];
    const last = points[points.length - 1];
    // a regression's points have no error rate (it printed "dev error -"): its dev MSE, as a sweep's entry gives it
    const dev = last && (typeof last.devError === "number" ? `dev error ${percent(last.devError)}` : `dev MSE ${formatNumber(last.devLoss)}`);
    // a curve cut short or with diverged sizes says so, as the command did
    const diverged = points.filter((p) => p.diverged).length;
    return `${points.length} training-set size${points.length === 1 ? "" : "s"}${last ? `, ${dev} at ${last.size} examples` : ""}${diverged ? `, ${diverged} diverged` : ""}${record.interrupted ? ", interrupted" : ""}`;
  }
  if (kind === "compare-init") return `${((record.results as unknown[]) ?? []).length} initializations compared${record.interrupted ? ", interrupted" : ""}`;
  if (kind === "demo") {
    const runs = (record.runs as Array<{ id: string }>) ?? [];
    return `${runs.length} model${runs.length === 1 ? "" : "s"} compared${record.interrupted ? ", interrupted" : ""}`;
  }
  return "-";
}

/**
 * Reads what a run folder holds: its kind, its summary (trained runs) or record, and a problem instead of
 * silence when the record cannot be read or the folder holds no run at all.
 */
export async function readRunEntry(dir: string): Promise<RunEntry> {
  const id = basename(dir);
  let files: string[];
  try {
    files = await readdir(dir);
  } catch (error) {
    return { id, dir, kind: kindByName(id) ?? "unknown", description: "-", devError: null, problem: `unreadable folder (${(error as Error).message})` };
  }
  // The lock of a run being trained (.lock): not one of the run's files; a live one says it trains now
  // (a resume of it would be refused), where the files alone read as a run killed or interrupted.
  const locked = files.includes(LOCK_FILE);
  files = files.filter((f) => f !== LOCK_FILE);
  const trainer = locked ? await liveLockOwner(dir) : null;
  const trainingNow = trainer && `training now (process ${trainer.pid}${trainer.elsewhere ? ` on ${trainer.host}` : ""})`;
  const record = RECORDS.find(([file]) => files.includes(file));
  if (!record && trainingNow) return { id, dir, kind: "train", description: trainingNow, devError: null };
  if (!record) {
    const kind = files.some((f) => /^trial-\d+\.json$/.test(f)) ? "sweep" : kindByName(id);
    if (kind === "sweep") return { id, dir, kind, description: `${files.filter((f) => f.startsWith("trial-")).length} trials finished, none summarized yet (rerun the sweep to finish)`, devError: null };
    if (kind && files.includes("report.html")) return { id, dir, kind, description: "see its report.html", devError: null };
    // a train run stopped as it started (its spec, history and temporary files, no checkpoint yet): it was "unknown"
    const starting = (f: string) => f === "spec.json" || f === "history.jsonl" || /^\..+\.tmp$/.test(f);
    if (files.length > 0 && !files.includes("checkpoint.json") && files.every(starting) && (kind === undefined || kind === "train")) {
      return { id, dir, kind: "train", description: "unfinished: stopped before its first checkpoint, in its first seconds: train its spec again (nothing to resume)", devError: null };
    }
    if (files.includes("checkpoint.json")) {
      return { id, dir, kind: "train", description: `unfinished: killed or stopped while training; continue it with ${resumeCommand(dirname(dir), id)}`, devError: null };
    }
    return { id, dir, kind: kind ?? "unknown", description: "-", devError: null, problem: files.length ? `no run record (${files.slice(0, 3).join(", ")}${files.length > 3 ? ", ..." : ""}): unfinished, or not an nnlab run` : "empty folder: an unfinished or failed run" };
  }
  const [file, recordKind] = record;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(await readFile(join(dir, file), "utf8"));
    if (!parsed || typeof parsed !== "object") throw new Error(`expected a JSON object; received ${JSON.stringify(parsed)?.slice(0, 40)}`);
  } catch (error) {
    const kind = recordKind === "train" ? (kindByName(id) ?? "train") : recordKind;
    return { id, dir, kind, description: "-", devError: null, problem: `unreadable ${file} (${(error as Error).message.replace(/\s*\n\s*/g, " ")})` };
  }
  if (recordKind !== "train") {
    // a record of another shape is named as unreadable, as a broken summary.json is (one such folder ended the whole listing with a TypeError)
    try {
      return { id, dir, kind: recordKind, description: recordDescription(recordKind, parsed), devError: recordDevError(recordKind, parsed) };
    } catch (error) {
      return { id, dir, kind: recordKind, description: "-", devError: null, problem: `unreadable ${file} (${(error as Error).message})` };
    }
  }
  const summary = parsed as unknown as RunSummary;
  if (!summary.train || typeof summary.model !== "string") {
    return { id, dir, kind: summary.kind ?? kindByName(id) ?? "train", description: "-", devError: null, problem: "unreadable summary.json (it lacks the model and train fields)" };
  }
  // an interrupted run that is being resumed: its summary is the interruption's, and it trains now
  const description = summary.interrupted && trainingNow ? trainingNow : trainedDescription(summary, resumeCommand(dirname(dir), id, kernelsOption(summary.kernels)));
  return { id, dir, kind: summary.kind ?? kindByName(id) ?? "train", summary, description, devError: devErrorOf(summary) };
}

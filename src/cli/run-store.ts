import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type ExperimentResult, type History, NnlabError, saveModel } from "../index.js";
import { writeFileAtomic } from "../node/save-file.js";
import { describeFsError } from "../node/fs-error.js";
import { appendedHistory } from "./history-log.js";
import { readRunEntry, type RunEntry, trainedKindOf } from "./run-entry.js";
import type { RunSummary, TrainedRunKind } from "./run-summary.js";

export type { RunSummary, TrainedRunKind } from "./run-summary.js";

function stamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}-${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

/**
 * A new, unique run folder runs/<time>-<name>. Prefer withRunDir, which removes the folder again when
 * writing into it fails.
 */
export async function createRunDir(root: string, name: string): Promise<{ id: string; dir: string }> {
  await mkdir(root, { recursive: true });
  const base = `${stamp(new Date())}-${name}`;
  for (let k = 0; ; k++) {
    const id = k === 0 ? base : `${base}-${k + 1}`;
    const dir = join(root, id);
    try {
      await mkdir(dir);
      return { id, dir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

/**
 * Runs `write` in a new run folder (createRunDir) and returns its result; when `write` throws, the folder
 * and whatever was written into it are removed before the error goes on, so that a failed command leaves
 * no half-made run behind for `nnlab runs` to trip over. Do the work that can fail (training) before.
 */
export async function withRunDir<T>(root: string, name: string, write: (run: { id: string; dir: string }) => Promise<T>): Promise<T> {
  const run = await createRunDir(root, name);
  try {
    return await write(run);
  } catch (error) {
    await rm(run.dir, { recursive: true, force: true });
    throw error;
  }
}

export function summarize(id: string, result: ExperimentResult, kind: TrainedRunKind = trainedKindOf(id)): RunSummary {
  return {
    id,
    kind,
    name: result.spec.name,
    createdAt: new Date().toISOString(),
    dataSource: result.dataSource,
    model: result.modelDescription,
    epochsTrained: result.history.length,
    stop: result.history.stop,
    earlyStopping: result.history.earlyStopping,
    interrupted: result.interrupted,
    train: result.train,
    dev: result.dev,
    test: result.test,
    metrics: result.metrics,
    biasVariance: result.biasVariance,
    dropoutCheck: result.dropoutCheck,
    findings: result.findings,
    evidence: result.evidence,
    diagnosis: result.diagnosis,
    // The split's warnings (a class missing from the dev or test set) first: they qualify every figure.
    warnings: [...result.split.warnings, ...result.history.warnings],
    elapsedMs: result.elapsedMs,
  };
}

/** Writes spec, history (JSON lines), model, gradient flow and summary, each atomically. */
export async function saveRun(dir: string, id: string, result: ExperimentResult, kind?: TrainedRunKind, extra: Pick<RunSummary, "kernels"> = {}): Promise<RunSummary> {
  const summary = { ...summarize(id, result, kind), ...extra };
  await writeFileAtomic(join(dir, "spec.json"), JSON.stringify(result.spec, null, 2) + "\n");
  await saveHistory(join(dir, "history.jsonl"), result.history);
  await writeFileAtomic(join(dir, "model.json"), saveModel(result.model));
  await writeFileAtomic(join(dir, "flow.json"), JSON.stringify(result.flow));
  await writeFileAtomic(join(dir, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  return summary;
}

/**
 * history.jsonl, one JSON line per epoch. `nnlab train` appended each line as its epoch ended (HistoryLog):
 * when the file holds exactly this history it is flushed, not written again (a long run's history may be
 * larger than one string can be; it ended "RangeError: Invalid string length", without its model).
 * Otherwise it is written atomically, from bytes gathered a few thousand lines at a time.
 */
async function saveHistory(path: string, history: History): Promise<void> {
  const log = appendedHistory(path);
  if (log?.holds(history)) {
    log.sync();
    return;
  }
  const parts: Buffer[] = [];
  const lines: string[] = [];
  for (let i = 0; i < history.length; i++) {
    lines.push(JSON.stringify(history.row(i)));
    if (lines.length === 4096) parts.push(Buffer.from(lines.splice(0).join("\n") + "\n", "utf8"));
  }
  // as before: an empty history is a lone newline
  if (lines.length || !parts.length) parts.push(Buffer.from(lines.join("\n") + "\n", "utf8"));
  await writeFileAtomic(path, parts.length === 1 ? parts[0]! : Buffer.concat(parts));
}

/** Finds a run folder of any kind by path, or by id (or a unique prefix or ending of one) under root. */
export async function resolveRunFolder(ref: string, root: string): Promise<string> {
  for (const candidate of [resolve(ref), join(root, ref)]) {
    try {
      if ((await stat(candidate)).isDirectory() && resolve(candidate) !== resolve(root)) return candidate;
    } catch {
      // not this one
    }
  }
  const ids = await listRunIds(root);
  const matches = ids.filter((id) => id.startsWith(ref) || id.endsWith(ref));
  if (matches.length === 1) return join(root, matches[0]!);
  throw new NnlabError(
    matches.length > 1
      ? `run "${ref}" is ambiguous: it matches ${matches.join(", ")}`
      : `no run "${ref}" in ${root} (expected a run folder or an id from \`nnlab runs\`)`,
  );
}

/** Finds a trained run (one with a summary.json: train, doctor, demo) by folder path or id under root. */
export async function resolveRun(ref: string, root: string): Promise<string> {
  const dir = await resolveRunFolder(ref, root);
  try {
    if ((await stat(join(dir, "summary.json"))).isFile()) return dir;
  } catch {
    // said below
  }
  const entry = await readRunEntry(dir);
  if (entry.kind === "demo") {
    // the demo's own folder holds its side-by-side table; each of its runs is a trained run of its own
    const ids = await demoRunIds(dir);
    if (ids.length) throw new NnlabError(`${entry.id} is the demo's comparison of ${ids.length} runs (no summary.json of its own): expected one of its runs, ${ids.join(", ")}`);
  }
  // a train run without its summary is one killed or still training: what to do is what `nnlab runs` says
  // (it said "is a train run (no summary.json): expected a trained run")
  if (entry.kind === "train") throw new NnlabError(`${entry.id} has no summary.json to read yet: ${entry.description}`);
  const article = /^(lr|[aeiou])/.test(entry.kind) ? "an" : "a";
  throw new NnlabError(`${entry.id} is ${entry.kind === "unknown" ? "not a finished run" : `${article} ${entry.kind} run`} (no summary.json): expected a trained run (train, doctor, or one of a demo's runs); \`nnlab runs\` lists each run's kind`);
}

/** The ids of the runs a demo folder's demo.json lists (none when it cannot be read). */
async function demoRunIds(dir: string): Promise<string[]> {
  try {
    const demo = JSON.parse(await readFile(join(dir, "demo.json"), "utf8")) as { runs?: Array<{ id?: unknown }> };
    return (demo.runs ?? []).flatMap((r) => (typeof r.id === "string" ? [r.id] : []));
  } catch {
    return [];
  }
}

async function listRunIds(root: string): Promise<string[]> {
  try {
    return (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch (error) {
    // no folder yet is no runs yet; a folder that cannot be read said "No runs in rr yet" (chmod 000)
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new NnlabError(describeFsError(error, root, "cannot list the runs folder") ?? `${root}: cannot list the runs folder (${(error as Error).message})`);
  }
}

export async function readSummary(dir: string): Promise<RunSummary> {
  let summary: RunSummary | null;
  try {
    summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8")) as RunSummary | null;
  } catch (error) {
    // V8 quotes the text around a JSON error, newlines and all: one line.
    throw new NnlabError(`${dir}: cannot read summary.json (${(error as Error).message.replace(/\s*\n\s*/g, " ")})`);
  }
  // An edited or foreign file: said here, not as a TypeError where a field is first read.
  const complete = (s: RunSummary | null): s is RunSummary =>
    !!s && typeof s === "object" && !!s.train && typeof s.model === "string" && Array.isArray(s.findings) && Array.isArray(s.warnings) && !!s.stop;
  if (!complete(summary)) {
    const received = summary && typeof summary === "object" && !Array.isArray(summary) ? `an object with fields: ${Object.keys(summary).slice(0, 5).join(", ") || "none"}` : JSON.stringify(summary).slice(0, 40);
    throw new NnlabError(`${dir}: cannot read summary.json (expected a run summary: model, train, findings, warnings and stop; received ${received})`);
  }
  return summary;
}

/** Every run under root that has a readable summary, oldest first (listRunEntries lists every folder). */
export async function listRuns(root: string): Promise<RunSummary[]> {
  return (await listRunEntries(root)).flatMap((e) => (e.summary ? [e.summary] : []));
}

/** Every folder under root as a RunEntry, oldest first (ids start with their time). */
export async function listRunEntries(root: string): Promise<RunEntry[]> {
  return Promise.all((await listRunIds(root)).map((id) => readRunEntry(join(root, id))));
}

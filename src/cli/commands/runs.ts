import { type GlobalOptions, output } from "../context.js";
import { readRunEntry, type RunEntry } from "../run-entry.js";
import { listRunEntries, resolveRunFolder } from "../run-store.js";
import { formatNumber, formatTable, percent } from "../table.js";

/**
 * Lowest dev error first (trained runs, a sweep's best trial, improve's final spec); runs without one
 * (regressions, runs without a dev set, reports, unreadable ones) after, oldest first: a run without a dev
 * set is never ranked by its test error.
 */
function byDevError(a: RunEntry, b: RunEntry): number {
  if (a.devError !== null && b.devError !== null && a.devError !== b.devError) return a.devError - b.devError;
  if ((a.devError === null) !== (b.devError === null)) return a.devError === null ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The JSON of an entry: a trained run's summary with its kind, else what the folder holds. */
function entryJson(e: RunEntry): Record<string, unknown> {
  if (e.summary) return { ...e.summary, kind: e.kind };
  return { id: e.id, kind: e.kind, description: e.description, ...(e.problem ? { problem: e.problem } : {}) };
}

/**
 * nnlab runs [ids...]: every folder under runs/ — trained runs, sweeps, learning curves, init comparisons,
 * demos, doctor and lr-find runs — with its kind, sorted by dev error; with ids, those side by side. A
 * folder that cannot be read is listed with the reason, never dropped.
 */
export async function runsCommand(ids: string[], options: GlobalOptions): Promise<number> {
  const entries = ids.length
    ? await Promise.all(ids.map(async (id) => readRunEntry(await resolveRunFolder(id, options.runs))))
    : await listRunEntries(options.runs);
  const sorted = ids.length ? entries : [...entries].sort(byDevError);
  output(options, sorted.map(entryJson), () => {
    if (sorted.length === 0) return `No runs in ${options.runs} yet: try \`nnlab train spec.json\` or \`nnlab demo\`.`;
    const table = formatTable(
      ["run", "kind", "model", "epochs", "train acc", "dev acc", "dev cost", "result"],
      sorted.map((e) => {
        const s = e.summary;
        // a run without a dev set shows its test figures marked as such (they were shown as "dev acc")
        const mark = s && !s.dev && s.test ? " (test)" : "";
        const held = s ? (s.dev ?? s.test) : undefined;
        return [
          e.id,
          e.kind,
          s?.model ?? "-",
          s?.epochsTrained ?? "-",
          percent(s?.train.accuracy),
          typeof held?.accuracy === "number" ? `${percent(held.accuracy)}${mark}` : "-",
          typeof held?.loss === "number" ? `${formatNumber(held.loss)}${mark}` : "-",
          e.problem ?? e.description,
        ];
      }),
    );
    const problems = sorted.filter((e) => e.problem).map((e) => `${e.id}: ${e.problem}`);
    return problems.length ? [table, "", ...problems].join("\n") : table;
  });
  return 0;
}

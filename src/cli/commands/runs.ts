import { type GlobalOptions, output } from "../context.js";
import { listRuns, readSummary, resolveRun } from "../run-store.js";
import { formatTable, percent } from "../table.js";

/** nnlab runs [ids...]: every past run, sorted by dev error; with ids, those runs side by side. */
export async function runsCommand(ids: string[], options: GlobalOptions): Promise<number> {
  const runs = ids.length ? await Promise.all(ids.map(async (id) => readSummary(await resolveRun(id, options.runs)))) : await listRuns(options.runs);
  const devError = (r: (typeof runs)[number]) => 1 - ((r.dev ?? r.test).accuracy ?? NaN);
  const sorted = [...runs].sort((a, b) => devError(a) - devError(b));
  output(options, sorted, () => {
    if (runs.length === 0) return `No runs in ${options.runs} yet: try \`nnlab train spec.json\` or \`nnlab demo\`.`;
    return formatTable(
      ["run", "model", "epochs", "train acc", "dev acc", "dev cost", "diagnosis"],
      sorted.map((r) => [
        r.id,
        r.model,
        r.epochsTrained,
        percent(r.train.accuracy),
        percent((r.dev ?? r.test).accuracy),
        (r.dev ?? r.test).loss,
        r.diagnosis ? (r.diagnosis.healthy ? "healthy" : r.diagnosis.causes[0]!.id) : (r.biasVariance?.verdict ?? "-"),
      ]),
    );
  });
  return 0;
}

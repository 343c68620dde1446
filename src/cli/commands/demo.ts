import { join } from "node:path";
import { writeFileAtomic } from "../../node/save-file.js";
import { CliError, type GlobalOptions, interruptFlag, output } from "../context.js";
import { type DemoRun, demoReport, demoText } from "../demo-report.js";
import { progressBar } from "../progress-bar.js";
import { writeReport } from "../report-file.js";
import { experimentReport, parseSpec, runExperiment } from "../../index.js";
import { saveRun, withRunDir } from "../run-store.js";

const variants = [
  { name: "demo-none", label: "no regularization", spec: {} },
  { name: "demo-l2", label: "L2, lambda = 0.7", spec: { l2: 0.7 } },
  { name: "demo-dropout", label: "dropout, rate 0.14 (keep_prob 0.86)", spec: { dropout: 0.14 } },
] as const;

/**
 * nnlab demo: the course's regularization exercise on the built-in football data — the 2-20-3-1
 * network without regularization, with L2 and with dropout — side by side, each diagnosed, with a
 * report comparing them.
 */
export async function demoCommand(options: GlobalOptions & { epochs?: string }): Promise<number> {
  const epochs = Number(options.epochs ?? 10_000);
  // Said about the flag: the spec it goes into is built here, not written by the user.
  if (!(options.epochs === undefined || (/^\s*\d+\s*$/.test(options.epochs) && Number.isSafeInteger(epochs) && epochs >= 1))) {
    throw new CliError(`demo: --epochs must be a whole number >= 1; received ${options.epochs}`);
  }
  const interrupt = interruptFlag();
  const results: DemoRun[] = [];
  try {
    for (const v of variants) {
      if (interrupt.requested()) break;
      // The built-in football data puts 8% of its points on the wrong side of the boundary: the Bayes error.
      const spec = parseSpec({ name: v.name, seed: 3, baselineError: 0.08, data: { source: "football", n: 411 }, training: { epochs }, ...v.spec }, "demo");
      const bar = progressBar(v.label.padEnd(36), !options.quiet && !options.json);
      let result;
      try {
        result = await runExperiment(spec, { onProgress: (p) => bar.update(p), shouldStop: interrupt.requested });
      } finally {
        bar.stop();
      }
      const id = await withRunDir(options.runs, v.name, async ({ id, dir }) => {
        await saveRun(dir, id, result, "demo");
        await writeReport(dir, experimentReport(result, `nnlab run ${id}: ${v.label}`));
        return id;
      });
      results.push({ label: v.label, id, result });
      if (!options.quiet && !options.json) process.stderr.write(`  ${v.label}: done in ${(result.elapsedMs / 1000).toFixed(1)} s\n`);
    }
  } finally {
    interrupt.dispose();
  }
  const runs = results.map((r) => ({ label: r.label, id: r.id, train: r.result.train, dev: r.result.dev, diagnosis: r.result.diagnosis, biasVariance: r.result.biasVariance }));
  const { id, reportPath } = await withRunDir(options.runs, "demo", async ({ id, dir }) => {
    await writeFileAtomic(join(dir, "demo.json"), JSON.stringify({ createdAt: new Date().toISOString(), epochs, runs, ...(interrupt.requested() ? { interrupted: true } : {}) }, null, 2) + "\n");
    return { id, reportPath: await writeReport(dir, demoReport(results, epochs)) };
  });
  output(options, { runs, report: reportPath, id, ...(interrupt.requested() ? { interrupted: true } : {}) }, () => demoText(results, epochs, reportPath, variants.length));
  return interrupt.requested() ? 130 : 0;
}

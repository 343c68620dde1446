import { join } from "node:path";
import { writeFileAtomic } from "../node/save-file.js";
import type { RunReport } from "../report/run-report.js";

// TEMPORARY: replaced by the SVG report renderer (src/report) when it lands this session.
function renderReport(report: RunReport): string {
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
  return `<!doctype html><meta charset="utf-8"><title>${escape(report.title)}</title><h1>${escape(report.title)}</h1><pre>${escape(JSON.stringify(report, null, 2))}</pre>`;
}

/** Writes report.html into `dir` atomically and returns its path. */
export async function writeReport(dir: string, report: RunReport): Promise<string> {
  const path = join(dir, "report.html");
  await writeFileAtomic(path, renderReport(report));
  return path;
}

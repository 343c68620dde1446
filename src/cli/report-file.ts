import { join } from "node:path";
import { writeFileAtomic } from "../node/save-file.js";
import { renderReport, type RunReport } from "../index.js";

/** Writes report.html into `dir` atomically and returns its path. */
export async function writeReport(dir: string, report: RunReport): Promise<string> {
  const path = join(dir, "report.html");
  await writeFileAtomic(path, renderReport(report));
  return path;
}

/**
 * Loads a CSV file of a million rows (4 numeric features and a string label) with the streaming
 * loader and prints the time and the process's peak memory, as JSON.
 *
 *   npx tsx bench/load-csv.ts [rows]
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { once } from "node:events";
import { Rng } from "../src/index.js";
import { loadCsv } from "../src/node/index.js";

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = await mkdtemp(join(tmpdir(), "nnlab-bench-"));
const path = join(dir, "big.csv");
const out = createWriteStream(path);
const rng = new Rng(1);
out.write("a,b,c,d,label\n");
for (let i = 0; i < rows; i++) {
  const line = `${rng.normal()},${rng.normal()},${rng.uniform()},${i},${rng.uniform() < 0.5 ? "yes" : "no"}\n`;
  if (!out.write(line)) await once(out, "drain");
}
out.end();
await once(out, "finish");
const bytes = (await stat(path)).size;
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const { data, summary } = await loadCsv(path);
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    rows: summary.kept,
    fileMB: +(bytes / 2 ** 20).toFixed(1),
    seconds: +seconds.toFixed(2),
    rowsPerSecond: Math.round(summary.kept / seconds),
    rssBeforeMB: +(rssBefore / 2 ** 20).toFixed(0),
    peakRssMB: +(process.resourceUsage().maxRSS / 1024).toFixed(0),
    datasetMB: +((data.x.data.byteLength + data.y.data.byteLength) / 2 ** 20).toFixed(1),
    classes: data.classes,
  }),
);
await rm(dir, { recursive: true });

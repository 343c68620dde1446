/**
 * Memory and time of the streaming CSV loader. Generating and loading are separate processes, so that
 * `/usr/bin/time -v` on the load measures the load alone (the generator's own heap would count too):
 *
 *   npx tsx bench/load-csv.ts generate /tmp/big.csv [rows=1000000] [cols=20]   # cols-1 features + a yes/no label
 *   /usr/bin/time -v npx tsx bench/load-csv.ts load /tmp/big.csv [float64|float32]
 *
 * `load` prints one JSON line: rows, file size, load time, rows/s, the process's peak RSS (as the
 * kernel counts it, baseline included) and the dataset's own size. Keep generated files out of the repo.
 */
import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { Rng } from "../src/index.js";
import { loadCsv } from "../src/node/index.js";

const [mode, path, a, b] = process.argv.slice(2);
if (!path || (mode !== "generate" && mode !== "load")) {
  console.error("usage: bench/load-csv.ts generate <file.csv> [rows] [cols] | load <file.csv> [float64|float32]");
  process.exit(2);
}

if (mode === "generate") {
  const rows = Number(a ?? 1_000_000);
  const cols = Number(b ?? 20);
  const rng = new Rng(1);
  const out = createWriteStream(path);
  const header = [...Array.from({ length: cols - 1 }, (_, j) => `x${j + 1}`), "label"].join(",");
  out.write(header + "\n");
  const cells: string[] = new Array(cols);
  for (let i = 0; i < rows; i++) {
    // Five decimals: about 8.6 bytes a cell, like the 172 MB file of issue 11.
    for (let j = 0; j < cols - 1; j++) cells[j] = rng.normal().toFixed(5);
    cells[cols - 1] = rng.uniform() < 0.5 ? "yes" : "no";
    if (!out.write(cells.join(",") + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  console.log(JSON.stringify({ path, rows, cols, fileMB: +((await stat(path)).size / 2 ** 20).toFixed(1) }));
} else {
  const dtype = (a ?? "float64") as "float64" | "float32";
  const bytes = (await stat(path)).size;
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const { data, summary } = await loadCsv(path, { dtype });
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    JSON.stringify({
      dtype,
      rows: summary.kept,
      cols: data.x.cols + data.y.cols,
      fileMB: +(bytes / 2 ** 20).toFixed(1),
      float64MB: +((summary.kept * (data.x.cols + data.y.cols) * 8) / 2 ** 20).toFixed(1),
      seconds: +seconds.toFixed(2),
      rowsPerSecond: Math.round(summary.kept / seconds),
      rssBeforeMB: +(rssBefore / 2 ** 20).toFixed(0),
      peakRssMB: +(process.resourceUsage().maxRSS / 1024).toFixed(0),
      datasetMB: +((data.x.data.byteLength + data.y.data.byteLength) / 2 ** 20).toFixed(1),
      classes: data.classes,
    }),
  );
}

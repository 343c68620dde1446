import type { LoadProgress } from "../node/index.js";

/**
 * Load progress on stderr, one line rewritten in place, when stderr is a terminal (undefined otherwise,
 * so logs and pipes stay clean): "  loading big.csv: 412,000 rows, 70 of 165 MB (42%), 11.3 MB/s, 8 s left".
 * The last report (every byte read) clears the line for what the command prints next. None under --quiet
 * or --json (`quiet`): the line showed on a terminal whatever the flags asked.
 */
export function loadProgressLine(name: string, options: { quiet?: boolean } = {}): ((p: LoadProgress) => void) | undefined {
  if (options.quiet || !process.stderr.isTTY) return undefined;
  return (p) => {
    const done = p.totalBytes > 0 && p.bytes >= p.totalBytes;
    process.stderr.write(done ? "\r\x1b[K" : `\r\x1b[K${formatLoadProgress(name, p)}`);
  };
}

/** The progress line's text (tested without a terminal). */
export function formatLoadProgress(name: string, p: LoadProgress): string {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.bytes / 1e6 / seconds : 0;
  const parts = [`${p.rows.toLocaleString("en-US")} rows`];
  if (p.totalBytes > 0) {
    parts.push(`${mb(p.bytes)} of ${mb(p.totalBytes)} MB (${Math.floor((100 * p.bytes) / p.totalBytes)}%)`);
    parts.push(`${rate.toFixed(1)} MB/s`);
    if (p.bytes > 0) parts.push(`${Math.ceil((seconds * (p.totalBytes - p.bytes)) / p.bytes)} s left`);
  } else {
    parts.push(`${mb(p.bytes)} MB`, `${rate.toFixed(1)} MB/s`);
  }
  return `  loading ${name}: ${parts.join(", ")}`;
}

import { describe, expect, it } from "vitest";
import { formatLoadProgress } from "./load-progress.js";

describe("the load progress line", () => {
  it("says rows, megabytes of the total, speed and time left", () => {
    expect(formatLoadProgress("big.csv", { rows: 412_000, bytes: 70e6, totalBytes: 165e6, elapsedMs: 6200 })).toBe(
      "  loading big.csv: 412,000 rows, 70 of 165 MB (42%), 11.3 MB/s, 9 s left",
    );
    expect(formatLoadProgress("pipe", { rows: 10, bytes: 2e6, totalBytes: 0, elapsedMs: 1000 })).toBe("  loading pipe: 10 rows, 2.0 MB, 2.0 MB/s");
  });
});

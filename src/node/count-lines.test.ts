import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { countLines } from "./count-lines.js";

it("countLines: lines, a last one without a newline counted, across read blocks", async () => {
  const dir = await mkdtemp(join(tmpdir(), "nnlab-lines-"));
  const cases: Array<[string, number]> = [["", 0], ["a", 1], ["a\n", 1], ["a\nb", 2], ["a\r\nb\r\n", 2], ["\n\n", 2], ["a\n".repeat(600_000), 600_000]];
  try {
    for (const [i, [text, lines]] of cases.entries()) {
      const path = join(dir, `${i}.csv`);
      await writeFile(path, text);
      expect(await countLines(path), JSON.stringify(text.slice(0, 10))).toBe(lines);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

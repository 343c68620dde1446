import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCsv } from "../node/load-csv.js";
import { parseCsv } from "./csv.js";
import { blobs } from "./generators.js";
import { split } from "./split.js";

const CSV = "species,x1,x2\na,1,2\nb,3,4\na,5,6\nb,7,8\n";
const KNOWN = "label, features, header, delimiter, decimalComma, task, onInvalidRow, invalidRowHint, textColumnHint, source, dtype, splitColumn, carryColumns";

describe("data functions refuse options they do not know", () => {
  it("split", () => {
    expect(() => split(blobs({ n: 60, seed: 1 }), "auto", { random_state: 1 } as never)).toThrow('split: options may have stratify, seed, inPlace; received "random_state"');
  });

  it("parseCsv: { labelColumn } read the last column as the label", () => {
    expect(() => parseCsv(CSV, { labelColumn: "species" } as never)).toThrow(`parseCsv: options may have ${KNOWN}; received "labelColumn"`);
    expect(parseCsv(CSV, { label: "species" }).data.labelName).toBe("species");
  });

  it("loadCsv, which also takes onProgress", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-options-"));
    try {
      const path = join(dir, "pets.csv");
      await writeFile(path, CSV);
      await expect(loadCsv(path, { labelColumn: "species" } as never)).rejects.toThrow(`loadCsv: options may have ${KNOWN}, onProgress; received "labelColumn"`);
      expect((await loadCsv(path, { label: "species", onProgress: () => {} })).data.labelName).toBe("species");
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

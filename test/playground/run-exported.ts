/** Runs the page's "export as TypeScript" code in this process, with the library's own files for "nnlab". */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { vi } from "vitest";
import type { modelToJSON } from "../../src/index.js";

/** Writes the code into `dir` as <name>.ts and imports it; returns what it printed and the model.json it wrote. */
export async function runExportedCode(code: string, dir: string, name: string): Promise<{ printed: string[]; model: ReturnType<typeof modelToJSON> }> {
  const script = join(dir, `${name}.ts`);
  const model = join(dir, `${name}.model.json`);
  writeFileSync(
    script,
    code
      .replace('from "nnlab";', `from ${JSON.stringify(join(import.meta.dirname, "../../src/index.js"))};`)
      .replace('from "nnlab/node";', `from ${JSON.stringify(join(import.meta.dirname, "../../src/node/index.js"))};`)
      .replace('writeFileSync("model.json"', `writeFileSync(${JSON.stringify(model)}`),
  );
  const printed: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: string) => void printed.push(String(line)));
  try {
    await (await import(script)).trained;
  } finally {
    log.mockRestore();
  }
  return { printed, model: JSON.parse(readFileSync(model, "utf8")) };
}

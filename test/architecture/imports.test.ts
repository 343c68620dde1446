/**
 * The layering the design asks for, read from the source: the faces (CLI, page) use the library through
 * its public entry points only; the library itself stays browser-safe; the model does not reach into
 * training. Every import, export-from and dynamic import() is read with TypeScript's own pre-processor.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
    .map((name) => join(folder, name));
}

/** The modules `text` (the file `file`) imports: repository paths for relative ones ("src/x.ts"), else the bare name. */
export function importsOf(file: string, text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) =>
    fileName.startsWith(".") ? relative(ROOT, resolve(ROOT, dirname(file), fileName)).replace(/\.js$/, ".ts") : fileName,
  );
}

interface Rule {
  files: (file: string) => boolean;
  allowed: (target: string) => boolean;
  why: string;
}

const inside = (folder: string) => (path: string) => path.startsWith(`${folder}/`);
const isLibrary = (path: string) => path.startsWith("src/") && !inside("src/cli")(path) && !inside("src/node")(path);

const RULES: Rule[] = [
  {
    files: inside("src/cli"),
    allowed: (t) => !t.startsWith("src/") || inside("src/cli")(t) || t === "src/index.ts" || inside("src/node")(t),
    why: "the CLI uses the library through src/index.ts and src/node/ only",
  },
  {
    files: inside("web"),
    allowed: (t) => !t.startsWith("src/") || t === "src/index.ts",
    why: "the page uses the library through src/index.ts only",
  },
  {
    files: inside("src/model"),
    allowed: (t) => !inside("src/train")(t),
    why: "the model does not depend on training (training depends on the model)",
  },
  {
    files: (f) => isLibrary(f) && !f.endsWith(".test.ts"),
    allowed: (t) => !t.startsWith("node:") && !inside("src/cli")(t) && !inside("src/node")(t),
    why: "the library runs in the browser: no Node built-ins, no CLI, no Node helpers",
  },
];

/** Every import that breaks a rule, as "file -> target (why)". */
export function violations(files: Array<{ file: string; text: string }>): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    for (const rule of RULES) {
      if (!rule.files(file)) continue;
      for (const target of importsOf(file, text)) if (!rule.allowed(target)) found.push(`${file} -> ${target} (${rule.why})`);
    }
  }
  return found;
}

describe("the import layering", () => {
  const files = [...sourceFiles("src"), ...sourceFiles("web/src")].map((file) => ({ file, text: readFileSync(join(ROOT, file), "utf8") }));

  it("reads every kind of import, and flags each rule's breach (the check can fail)", () => {
    const planted = [
      { file: "src/cli/commands/x.ts", text: 'import { Dense } from "../../layers/dense.js";\nexport * from "../../index.js";' },
      { file: "web/src/x.ts", text: 'const m = await import("../../src/train/fit.js");' },
      { file: "src/model/x.ts", text: 'import type { Trainer } from "../train/trainer.js";' },
      { file: "src/data/x.ts", text: 'import { readFile } from "node:fs/promises";\nimport "../node/index.js";' },
      { file: "src/cli/y.ts", text: 'import { fileDataLoader } from "../node/index.js";\nimport { Command } from "commander";' },
    ];
    expect(violations(planted)).toEqual([
      "src/cli/commands/x.ts -> src/layers/dense.ts (the CLI uses the library through src/index.ts and src/node/ only)",
      "web/src/x.ts -> src/train/fit.ts (the page uses the library through src/index.ts only)",
      "src/model/x.ts -> src/train/trainer.ts (the model does not depend on training (training depends on the model))",
      "src/data/x.ts -> node:fs/promises (the library runs in the browser: no Node built-ins, no CLI, no Node helpers)",
      "src/data/x.ts -> src/node/index.ts (the library runs in the browser: no Node built-ins, no CLI, no Node helpers)",
    ]);
  });

  it("holds in the repository", () => {
    expect(files.filter((f) => f.file.startsWith("src/cli/")).length).toBeGreaterThan(30);
    expect(files.filter((f) => f.file.startsWith("web/src/")).length).toBeGreaterThan(10);
    expect(violations(files)).toEqual([]);
  });
});

import { isBuiltIn, readInNodeOnly, type Spec, specJson } from "./page-spec.js";

/** The page's spec as the formats "Export as" offers: their file names and text. */
export type ExportFormat = "ts" | "command";

export const EXPORT_FILES: Readonly<Record<ExportFormat, string>> = { ts: "train.ts", command: "train.sh" };

/** The spec as a JavaScript literal inside code: its JSON, indented to sit under `parseSpec(`. */
function literal(spec: Readonly<Spec>): string {
  return specJson(spec).trimEnd();
}

/**
 * A file name (a dropped file's, or one a shared link set) quoted for a comment line: JSON escapes newlines
 * and other control characters, and U+2028 and U+2029, which end a // comment in JavaScript, are escaped too,
 * so that no name can put a line of code into the exported file.
 */
function quotedName(name: string): string {
  return JSON.stringify(name).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Where the data comes from, as a comment line for code that needs the CSV beside it. */
function dataNote(spec: Readonly<Spec>): string {
  return isBuiltIn(spec) ? "" : `// ${quotedName(spec.data.source)} is read from the folder this runs in (the page does not hand it out).\n`;
}

/**
 * TypeScript that trains the page's spec with the library: parseSpec, then runExperiment, as `nnlab train`
 * does — the same split, network, normalization, optimizer, seed and epochs, so the same numbers as the page
 * (float64 specs: bit for bit). It prints the final costs and the doctor's diagnosis and writes model.json.
 * No top-level await: tsx runs a file in a package without "type": "module" (what npm install leaves) as
 * CommonJS, where that fails; the run is exported as a promise instead, for a caller to await.
 */
export function typescriptFor(spec: Readonly<Spec>): string {
  return (
    `// The playground's run, trained with the nnlab library: npm install nnlab, then npx tsx train.ts\n` +
    `// (the same spec as "nnlab train spec.json": the same numbers as the page).\n` +
    `import { writeFileSync } from "node:fs";\n` +
    `import { diagnosisLines, parseSpec, runExperiment, saveModel } from "nnlab";\n` +
    `import { fileDataLoader } from "nnlab/node";\n\n` +
    dataNote(spec) +
    `const spec = parseSpec(${literal(spec)});\n\n` +
    `async function main(): Promise<void> {\n` +
    `  const result = await runExperiment(spec, { loadData: fileDataLoader() });\n` +
    `  // the costs J of the weights kept, on the training and dev sets: the page's and nnlab train's figures\n` +
    `  console.log(\`train cost \${result.train.loss} after \${result.history.length} epochs\`);\n` +
    `  if (result.dev) console.log(\`dev cost \${result.dev.loss}\${result.dev.accuracy === undefined ? "" : \`, dev error \${1 - result.dev.accuracy}\`}\`);\n` +
    `  console.log(diagnosisLines(result.diagnosis).join("\\n"));\n` +
    `  writeFileSync("model.json", saveModel(result.model)); // the trained model: nnlab predict model.json data.csv\n` +
    `}\n\n` +
    `export const trained = main();\n`
  );
}

/** The `nnlab train` command for the spec saved as spec.json (what "Download spec.json" writes). */
export function commandFor(spec: Readonly<Spec>): string {
  const csv = isBuiltIn(spec) ? "" : readInNodeOnly(spec) ? (spec.data.source === "fashion-mnist" ? " (it reads Debian's dataset-fashion-mnist)" : ` (with the IDX files beside it)`) : ` (with ${quotedName(spec.data.source)} beside it)`;
  const same = `# the same numbers as the page; the run's folder (runs/<id>/) holds model.json, history.jsonl and report.html\n`;
  return `# The playground's run from the command line: save the spec as spec.json ("Download spec.json")${csv}, then\n` + `nnlab train spec.json\n` + same;
}

export function exportText(format: ExportFormat, spec: Readonly<Spec>): string {
  return format === "ts" ? typescriptFor(spec) : commandFor(spec);
}

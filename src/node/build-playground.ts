import { randomBytes } from "node:crypto";
import { copyFile, mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NnlabError } from "../errors.js";

/** The playground's sources (web/) and its built page (web/dist/), from src/node or dist/node alike. */
export const PLAYGROUND_SOURCE = fileURLToPath(new URL("../../web/", import.meta.url));
export const PLAYGROUND_DIST = join(PLAYGROUND_SOURCE, "dist");

export interface BuildPlaygroundOptions {
  /** Where the page goes (index.html, main.js, worker.js, csv-reader-worker.js, chunks/, styles.css). Default web/dist. */
  outDir?: string;
  /** Minify the scripts. Default true. */
  minify?: boolean;
}

/**
 * zod's messages in English only: `import { z } from "zod"` reaches every one of its ~50 locales
 * (z.locales), 264 KB of the 690 KB the page and the worker both load, and nnlab uses none but English
 * (zod's default). Its locales' index is replaced by one that has only "en".
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(build: import("esbuild").PluginBuild) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), "../locales/en.js"), namespace: "zod-locales" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * Bundles the playground into static files that any web server can serve: the page's script, the
 * training worker and the CSV reader worker (module workers) as ES modules, nnlab's library in chunks they
 * share (chunks/).
 * Written to a temporary folder and renamed into place, so a server never sees half a build. esbuild is a development dependency, loaded only here.
 */
export async function buildPlayground(options: BuildPlaygroundOptions = {}): Promise<string> {
  const outDir = options.outDir ?? PLAYGROUND_DIST;
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new NnlabError(`buildPlayground: the page is not built (${outDir}) and esbuild is not installed; run "npm ci" then "npm run build:web"`);
  }
  const temp = join(dirname(outDir), `.playground-${randomBytes(6).toString("hex")}.tmp`);
  const common = {
    bundle: true,
    minify: options.minify ?? true,
    sourcemap: true,
    target: "es2022",
    platform: "browser",
    logLevel: "silent",
  } as const;
  try {
    await mkdir(temp, { recursive: true });
    // One build of the scripts (the page, the training worker, the CSV reader worker) as ES modules with
    // code splitting: the library they share is in chunks fetched once, and the real data sets, which only
    // the training worker reads, stay lazy chunks of their own that are fetched when a spec names one (each
    // bundle inlined all four before: 835 KB and 940 KB).
    await esbuild.build({
      ...common,
      entryPoints: ["main.ts", "worker.ts", "csv-reader-worker.ts"].map((file) => join(PLAYGROUND_SOURCE, "src", file)),
      outdir: temp,
      format: "esm",
      splitting: true,
      entryNames: "[name]",
      chunkNames: "chunks/[name]-[hash]",
      plugins: [zodEnglishOnly],
    });
    await copyFile(join(PLAYGROUND_SOURCE, "index.html"), join(temp, "index.html"));
    await copyFile(join(PLAYGROUND_SOURCE, "styles.css"), join(temp, "styles.css"));
    await rm(outDir, { recursive: true, force: true });
    await rename(temp, outDir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return outDir;
}

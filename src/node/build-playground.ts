import { randomBytes } from "node:crypto";
import { copyFile, mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NnlabError } from "../errors.js";

/** The playground's sources (web/) and its built page (web/dist/), from src/node or dist/node alike. */
export const PLAYGROUND_SOURCE = fileURLToPath(new URL("../../web/", import.meta.url));
export const PLAYGROUND_DIST = join(PLAYGROUND_SOURCE, "dist");

export interface BuildPlaygroundOptions {
  /** Where the page goes (index.html, main.js, worker.js, styles.css). Default web/dist. */
  outDir?: string;
  /** Minify the scripts. Default true. */
  minify?: boolean;
}

/**
 * Bundles the playground into static files that any web server can serve: the page's script as an ES
 * module, the training worker as a classic script (workers of that kind run in every browser), both
 * with nnlab's library inside. Written to a temporary folder and renamed into place, so a server
 * never sees half a build. esbuild is a development dependency, loaded only here.
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
    await esbuild.build({ ...common, entryPoints: [join(PLAYGROUND_SOURCE, "src/main.ts")], outfile: join(temp, "main.js"), format: "esm" });
    await esbuild.build({ ...common, entryPoints: [join(PLAYGROUND_SOURCE, "src/worker.ts")], outfile: join(temp, "worker.js"), format: "iife" });
    await copyFile(join(PLAYGROUND_SOURCE, "index.html"), join(temp, "index.html"));
    await copyFile(join(PLAYGROUND_SOURCE, "styles.css"), join(temp, "styles.css"));
    await rm(outDir, { recursive: true, force: true });
    await rename(temp, outDir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return outDir;
}
